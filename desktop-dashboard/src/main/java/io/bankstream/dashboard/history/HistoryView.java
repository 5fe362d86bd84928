package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.app.Widgets.barChart;
import static io.bankstream.dashboard.app.Widgets.follow;
import static io.bankstream.dashboard.app.Widgets.grow;
import static io.bankstream.dashboard.app.Widgets.lineChart;
import static io.bankstream.dashboard.app.Widgets.series;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.export.Exporter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The history tab: a range (presets or a custom from-to) and a Load button; line charts of volume,
 * approval rate and latency over time; bar charts of the amount distribution (approved vs
 * rejected), rejections per rule, per UF and per modality; a search field, an only-rejected filter
 * and a paged table of transactions; a status bar. It only builds controls and binds them to a
 * {@link HistoryViewModel}; right-click a chart or the table to export it.
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
        lineChart("historyVolumeChart", "Volume", "time", "transactions/s (mean)");
    XYChart.Series<String, Number> volumeSeries = series(volume, "Transactions/s");
    volume.setLegendVisible(false);
    LineChart<String, Number> approval =
        lineChart("historyApprovalChart", "Approval rate", "time", "approved (%)");
    XYChart.Series<String, Number> approvalSeries = series(approval, "Approved %");
    approval.setLegendVisible(false);
    LineChart<String, Number> latency =
        lineChart(
            "historyLatencyChart", "Latency, Kafka append to decision", "time", "milliseconds");
    XYChart.Series<String, Number> p50 = series(latency, "p50");
    XYChart.Series<String, Number> p95 = series(latency, "p95");
    XYChart.Series<String, Number> p99 = series(latency, "p99");
    follow(
        model.totals(),
        () -> {
          DateTimeFormatter format = timeFormat(model.totals());
          List<XYChart.Data<String, Number>> rate = new ArrayList<>();
          List<XYChart.Data<String, Number>> share = new ArrayList<>();
          List<XYChart.Data<String, Number>> a = new ArrayList<>();
          List<XYChart.Data<String, Number>> b = new ArrayList<>();
          List<XYChart.Data<String, Number>> c = new ArrayList<>();
          for (GroupStats point : model.totals()) {
            String x = Widgets.format(format, zone, point.windowStart());
            rate.add(new XYChart.Data<>(x, point.perSecond()));
            share.add(new XYChart.Data<>(x, point.approvalRate() * 100));
            if (point.latencyP50Ms() != null) {
              a.add(new XYChart.Data<>(x, point.latencyP50Ms()));
            }
            if (point.latencyP95Ms() != null) {
              b.add(new XYChart.Data<>(x, point.latencyP95Ms()));
            }
            if (point.latencyP99Ms() != null) {
              c.add(new XYChart.Data<>(x, point.latencyP99Ms()));
            }
          }
          volumeSeries.getData().setAll(rate);
          approvalSeries.getData().setAll(share);
          p50.getData().setAll(a);
          p95.getData().setAll(b);
          p99.getData().setAll(c);
        });

    BarChart<String, Number> amountChart =
        barChart("historyAmountChart", "Amount distribution", "amount (R$)", "transactions");
    XYChart.Series<String, Number> approvedAmounts = series(amountChart, "Approved");
    XYChart.Series<String, Number> rejectedAmounts = series(amountChart, "Rejected");
    follow(
        model.amounts(),
        () -> {
          List<XYChart.Data<String, Number>> approved = new ArrayList<>();
          List<XYChart.Data<String, Number>> rejected = new ArrayList<>();
          for (AmountBucket bucket : model.amounts()) {
            String x = bucketLabel(bucket);
            approved.add(new XYChart.Data<>(x, bucket.approved()));
            rejected.add(new XYChart.Data<>(x, bucket.rejected()));
          }
          approvedAmounts.getData().setAll(approved);
          rejectedAmounts.getData().setAll(rejected);
        });

    BarChart<String, Number> rulesChart =
        barChart("historyRulesChart", "Rejections by rule", "rule", "rejections");
    XYChart.Series<String, Number> rulesSeries = series(rulesChart, "Rejections");
    rulesChart.setLegendVisible(false);
    follow(
        model.rules(),
        () -> {
          List<XYChart.Data<String, Number>> bars = new ArrayList<>();
          for (RuleCount rule : model.rules()) {
            bars.add(new XYChart.Data<>(rule.rule(), rule.count()));
          }
          rulesSeries.getData().setAll(bars);
        });

    BarChart<String, Number> regionChart =
        barChart("historyRegionChart", "Transactions per UF", "UF", "transactions");
    XYChart.Series<String, Number> regionSeries = series(regionChart, "Transactions");
    regionChart.setLegendVisible(false);
    follow(
        model.regions(),
        () -> {
          List<XYChart.Data<String, Number>> bars = new ArrayList<>();
          for (GroupStats group : model.regions()) {
            bars.add(new XYChart.Data<>(group.key().value(), group.count()));
          }
          regionSeries.getData().setAll(bars);
        });

    BarChart<String, Number> modalityChart =
        barChart("historyModalityChart", "Per modality", "modality", "transactions");
    XYChart.Series<String, Number> approvedModality = series(modalityChart, "Approved");
    XYChart.Series<String, Number> rejectedModality = series(modalityChart, "Rejected");
    follow(
        model.modalities(),
        () -> {
          List<XYChart.Data<String, Number>> approved = new ArrayList<>();
          List<XYChart.Data<String, Number>> rejected = new ArrayList<>();
          for (GroupStats group : model.modalities()) {
            approved.add(new XYChart.Data<>(group.key().value(), group.approved()));
            rejected.add(new XYChart.Data<>(group.key().value(), group.rejected()));
          }
          approvedModality.getData().setAll(approved);
          rejectedModality.getData().setAll(rejected);
        });

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

    exporter.addPngMenu(volume, "history-volume");
    exporter.addPngMenu(approval, "history-approval-rate");
    exporter.addPngMenu(amountChart, "history-amounts");
    exporter.addPngMenu(rulesChart, "history-rejections-by-rule");
    exporter.addPngMenu(regionChart, "history-per-uf");
    exporter.addPngMenu(modalityChart, "history-per-modality");
    exporter.addPngMenu(latency, "history-latency");
    exporter.addCsvMenu(table, "history-transactions");

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints half = new ColumnConstraints();
      half.setPercentWidth(50);
      half.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(half);
    }
    grid.add(grow(volume), 0, 0);
    grid.add(grow(approval), 1, 0);
    grid.add(grow(amountChart), 0, 1);
    grid.add(grow(rulesChart), 1, 1);
    grid.add(grow(regionChart), 0, 2);
    grid.add(grow(modalityChart), 1, 2);
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
