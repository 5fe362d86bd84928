package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.app.Widgets.approvedAndRejected;
import static io.bankstream.dashboard.app.Widgets.approvedAndRejectedPerGroup;
import static io.bankstream.dashboard.app.Widgets.barChart;
import static io.bankstream.dashboard.app.Widgets.grow;
import static io.bankstream.dashboard.app.Widgets.latencyChart;
import static io.bankstream.dashboard.app.Widgets.lineChart;
import static io.bankstream.dashboard.app.Widgets.plot;
import static io.bankstream.dashboard.app.Widgets.soleSeries;
import static io.bankstream.dashboard.app.Widgets.styled;
import static io.bankstream.dashboard.app.Widgets.transactionsPerGroup;
import static io.bankstream.dashboard.app.Widgets.twoColumnGrid;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.map.BrazilMap;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The history tab: a range (presets or a custom from-to) and a Load button; line charts of volume,
 * approval rate and latency over time; bar charts of the amount distribution (approved vs rejected)
 * and rejections per rule; a map of the UFs ({@link BrazilMap}) beside bar charts per UF and per
 * modality; a search field, an only-rejected filter and a paged table of transactions; a status
 * bar. It only builds controls and binds them to a {@link HistoryViewModel}; right-click a chart or
 * the table to export it.
 */
public final class HistoryView extends BorderPane {

  private final HistoryViewModel model;
  private final ZoneId zone;

  public HistoryView(HistoryViewModel model, Exporter exporter, ZoneId zone) {
    this.model = model;
    this.zone = zone;

    ComboBox<RangePreset> presets =
        new ComboBox<>(FXCollections.observableArrayList(RangePreset.values()));
    presets.setId("historyPreset");
    presets.valueProperty().bindBidirectional(model.presetProperty());
    TextField from = new TextField();
    from.setId("historyFrom");
    from.setPromptText(HistoryViewModel.INPUT_PATTERN);
    from.textProperty().bindBidirectional(model.customFromProperty());
    TextField to = new TextField();
    to.setId("historyTo");
    to.setPromptText(HistoryViewModel.INPUT_PATTERN);
    to.textProperty().bindBidirectional(model.customToProperty());
    from.disableProperty().bind(model.presetProperty().isNotEqualTo(RangePreset.CUSTOM));
    to.disableProperty().bind(from.disableProperty());
    Button load = new Button("Load");
    load.setId("historyLoad");
    load.setDefaultButton(true);
    load.setOnAction(event -> model.load());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(18, 18);
    busy.visibleProperty().bind(model.loadingProperty());
    Label error = new Label();
    error.setId("historyError");
    error.setStyle("-fx-text-fill: #c62828;");
    error.textProperty().bind(model.errorProperty());
    HBox controls =
        new HBox(
            8,
            new Label("Range"),
            presets,
            new Label("From"),
            from,
            new Label("To"),
            to,
            load,
            busy,
            error);
    controls.setAlignment(Pos.CENTER_LEFT);
    controls.setPadding(new Insets(6, 8, 6, 8));
    setTop(controls);

    LineChart<String, Number> volume =
        styled(
            lineChart("historyVolumeChart", "Volume", "time", "transactions/s (mean)"),
            Widgets.NEUTRAL);
    plot(soleSeries(volume, "Transactions/s"), model.totals(), this::time, GroupStats::perSecond);
    exporter.addPngMenu(volume, "history-volume");

    LineChart<String, Number> approval =
        styled(
            lineChart("historyApprovalChart", "Approval rate", "time", "approved (%)"),
            Widgets.APPROVED);
    plot(
        soleSeries(approval, "Approved %"),
        model.totals(),
        this::time,
        p -> p.approvalRate() * 100);
    exporter.addPngMenu(approval, "history-approval-rate");

    LineChart<String, Number> latency =
        latencyChart("historyLatencyChart", "time", model.totals(), this::time, point -> point);
    exporter.addPngMenu(latency, "history-latency");

    BarChart<String, Number> amountChart =
        approvedAndRejected(
            "historyAmountChart",
            "Amount distribution",
            "amount (R$)",
            model.amounts(),
            HistoryView::bucketLabel,
            AmountBucket::approved,
            AmountBucket::rejected);
    exporter.addPngMenu(amountChart, "history-amounts");

    BarChart<String, Number> rulesChart =
        styled(
            barChart("historyRulesChart", "Rejections by rule", "rule", "rejections"),
            Widgets.REJECTED);
    plot(soleSeries(rulesChart, "Rejections"), model.rules(), RuleCount::rule, RuleCount::count);
    exporter.addPngMenu(rulesChart, "history-rejections-by-rule");

    BarChart<String, Number> regionChart =
        transactionsPerGroup("historyRegionChart", "Transactions per UF", "UF", model.regions());
    exporter.addPngMenu(regionChart, "history-per-uf");
    BarChart<String, Number> modalityChart =
        approvedAndRejectedPerGroup(
            "historyModalityChart", "Per modality", "modality", model.modalities());
    exporter.addPngMenu(modalityChart, "history-per-modality");

    TextField search = new TextField();
    search.setId("historySearch");
    search.setPromptText("id, payer, receiver, UF, modality or rule");
    search.textProperty().bindBidirectional(model.searchTextProperty());
    search.setOnAction(event -> model.search());
    HBox.setHgrow(search, Priority.ALWAYS);
    Button searchButton = new Button("Search");
    searchButton.setId("historySearchButton");
    searchButton.setOnAction(event -> model.search());
    CheckBox onlyRejected = new CheckBox("Only rejected");
    onlyRejected.setId("historyOnlyRejected");
    onlyRejected.selectedProperty().bindBidirectional(model.onlyRejectedProperty());
    onlyRejected.setOnAction(event -> model.search());
    Button previous = new Button("< Previous");
    previous.setId("historyPrevious");
    previous.disableProperty().bind(model.hasPreviousPageProperty().not());
    previous.setOnAction(event -> model.previousPage());
    Button next = new Button("Next >");
    next.setId("historyNext");
    next.disableProperty().bind(model.hasNextPageProperty().not());
    next.setOnAction(event -> model.nextPage());
    Label page = new Label();
    page.setId("historyPage");
    page.textProperty().bind(Bindings.format("Page %d", model.pageProperty().add(1)));
    HBox searchBar =
        new HBox(8, new Label("Search"), search, searchButton, onlyRejected, previous, page, next);
    searchBar.setAlignment(Pos.CENTER_LEFT);

    TableView<RecentTransaction> table =
        Widgets.transactionTable("historyTable", model.transactions(), zone, true);
    exporter.addCsvMenu(table, "history-transactions");

    GridPane grid =
        twoColumnGrid(
            volume,
            approval,
            amountChart,
            rulesChart,
            new BrazilMap("historyMap", "Per UF (range)", model.regions()),
            new VBox(8, regionChart, modalityChart));
    grid.add(grow(latency), 0, 3, 2, 1);
    VBox content = new VBox(8, grid, searchBar, table);
    content.setPadding(new Insets(8));
    ScrollPane scroll = new ScrollPane(content);
    scroll.setFitToWidth(true);
    setCenter(scroll);

    setBottom(
        Widgets.statusBar("historyStatus", model.statusProperty(), model.connectedProperty()));
  }

  public HistoryViewModel model() {
    return model;
  }

  /** Where {@code point} stands on the time axes, in the format of {@link #timeFormat}. */
  private String time(GroupStats point) {
    return Widgets.format(timeFormat(model.totals()), zone, point.windowStart());
  }

  /** Times of day for up to a day of points, day and time beyond. */
  private static DateTimeFormatter timeFormat(List<GroupStats> points) {
    if (points.size() < 2) {
      return Widgets.TIME;
    }
    Duration span =
        Duration.between(points.get(0).windowStart(), points.get(points.size() - 1).windowEnd());
    return span.compareTo(Duration.ofDays(1)) > 0 ? Widgets.DAY_TIME : Widgets.TIME;
  }

  /** {@code 10-100}, {@code 1k-10k}, {@code ≥ 100k}. */
  static String bucketLabel(AmountBucket bucket) {
    return bucket.upper() == null
        ? "≥ " + shortAmount(bucket.lower())
        : shortAmount(bucket.lower()) + "–" + shortAmount(bucket.upper());
  }

  private static String shortAmount(BigDecimal amount) {
    BigDecimal thousand = BigDecimal.valueOf(1000);
    BigDecimal million = BigDecimal.valueOf(1_000_000);
    if (amount.compareTo(million) >= 0 && amount.remainder(million).signum() == 0) {
      return amount.divide(million).toBigInteger() + "M";
    }
    if (amount.compareTo(thousand) >= 0 && amount.remainder(thousand).signum() == 0) {
      return amount.divide(thousand).toBigInteger() + "k";
    }
    return amount.stripTrailingZeros().toPlainString();
  }
}
