package io.bankstream.dashboard.live;

import static io.bankstream.dashboard.app.Widgets.approvedAndRejectedPerGroup;
import static io.bankstream.dashboard.app.Widgets.kpi;
import static io.bankstream.dashboard.app.Widgets.label;
import static io.bankstream.dashboard.app.Widgets.latencyChart;
import static io.bankstream.dashboard.app.Widgets.lineChart;
import static io.bankstream.dashboard.app.Widgets.plot;
import static io.bankstream.dashboard.app.Widgets.soleSeries;
import static io.bankstream.dashboard.app.Widgets.styled;
import static io.bankstream.dashboard.app.Widgets.transactionsPerGroup;
import static io.bankstream.dashboard.app.Widgets.twoColumnGrid;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.map.BrazilMap;
import java.time.ZoneId;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The live tab: KPIs (transactions per second, approval rate, latency p50/p95/p99), a line chart of
 * transactions per second over the recent windows, a map of the UFs ({@link BrazilMap}) and bar
 * charts per UF and per modality (approved vs rejected) of the newest window, a line chart of
 * latency percentiles over the windows, the latest transactions and the latest rejections with
 * their rule codes, and a status bar. It only builds controls and binds them to a {@link
 * LiveViewModel}; right-click a chart or a table to export it.
 */
public final class LiveView extends BorderPane {

  private final LiveViewModel model;
  private final ZoneId zone;

  public LiveView(LiveViewModel model, Exporter exporter, ZoneId zone) {
    this.model = model;
    this.zone = zone;

    Label tps = label("liveTps");
    tps.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> Widgets.rate(model.transactionsPerSecondProperty().get()),
                model.transactionsPerSecondProperty()));
    Label approval = label("liveApprovalRate");
    approval
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> Widgets.percent(model.approvalRateProperty().get()),
                model.approvalRateProperty()));
    Label p50 = latency("liveP50", model.latencyP50Property());
    Label p95 = latency("liveP95", model.latencyP95Property());
    Label p99 = latency("liveP99", model.latencyP99Property());
    Label window = new Label();
    window
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  GroupStats shown = model.kpiWindowProperty().get();
                  return shown == null
                      ? "no window yet"
                      : Widgets.format(Widgets.TIME, zone, shown.windowStart())
                          + " to "
                          + Widgets.format(Widgets.TIME, zone, shown.windowEnd());
                },
                model.kpiWindowProperty()));
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(18, 18);
    busy.visibleProperty().bind(model.loadingProperty());
    HBox kpis =
        new HBox(
            kpi("Transactions per second", tps),
            kpi("Approval rate", approval),
            kpi("Latency p50", p50),
            kpi("Latency p95", p95),
            kpi("Latency p99", p99),
            kpi("KPI window", window),
            busy);
    kpis.setPadding(new Insets(4, 8, 4, 8));
    setTop(kpis);

    LineChart<String, Number> tpsChart =
        styled(
            lineChart(
                "liveTpsChart",
                "Transactions per second",
                "window start",
                "transactions per second"),
            Widgets.NEUTRAL);
    plot(
        soleSeries(tpsChart, "Transactions/s"), model.totals(), this::time, WindowPoint::perSecond);
    exporter.addPngMenu(tpsChart, "live-transactions-per-second");

    BarChart<String, Number> regionChart =
        transactionsPerGroup(
            "liveRegionChart", "Transactions per UF (newest window)", "UF", model.regions());
    exporter.addPngMenu(regionChart, "live-per-uf");

    BarChart<String, Number> modalityChart =
        approvedAndRejectedPerGroup(
            "liveModalityChart", "Per modality (newest window)", "modality", model.modalities());
    exporter.addPngMenu(modalityChart, "live-per-modality");

    LineChart<String, Number> latencyChart =
        latencyChart(
            "liveLatencyChart", "window start", model.totals(), this::time, WindowPoint::stats);
    exporter.addPngMenu(latencyChart, "live-latency");

    TableView<RecentTransaction> latest =
        Widgets.transactionTable("liveLatestTable", model.latest(), zone, false);
    exporter.addCsvMenu(latest, "live-latest-transactions");
    TableView<RecentTransaction> rejections =
        Widgets.transactionTable("liveRejectionsTable", model.rejections(), zone, false);
    exporter.addCsvMenu(rejections, "live-latest-rejections");

    GridPane grid =
        twoColumnGrid(
            tpsChart,
            latencyChart,
            new BrazilMap("liveMap", "Per UF (newest window)", model.regions()),
            new VBox(8, regionChart, modalityChart),
            titled("Latest transactions", latest),
            titled("Latest rejections", rejections));
    grid.setPadding(new Insets(8));
    ScrollPane scroll = new ScrollPane(grid);
    scroll.setFitToWidth(true);
    setCenter(scroll);

    setBottom(Widgets.statusBar("liveStatus", model.statusProperty(), model.connectedProperty()));
  }

  public LiveViewModel model() {
    return model;
  }

  private String time(WindowPoint point) {
    return Widgets.format(Widgets.TIME, zone, point.start());
  }

  private static Label latency(String id, ObservableValue<Double> value) {
    Label label = label(id);
    label
        .textProperty()
        .bind(Bindings.createStringBinding(() -> Widgets.millis(value.getValue()), value));
    return label;
  }

  private static TitledPane titled(String title, Region content) {
    TitledPane pane = new TitledPane(title, content);
    pane.setCollapsible(false);
    pane.setMaxHeight(Double.MAX_VALUE);
    return pane;
  }
}
