package io.bankstream.dashboard.live;

import static io.bankstream.dashboard.app.Widgets.barChart;
import static io.bankstream.dashboard.app.Widgets.follow;
import static io.bankstream.dashboard.app.Widgets.grow;
import static io.bankstream.dashboard.app.Widgets.kpi;
import static io.bankstream.dashboard.app.Widgets.label;
import static io.bankstream.dashboard.app.Widgets.lineChart;
import static io.bankstream.dashboard.app.Widgets.series;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.export.Exporter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The live tab: KPIs (transactions per second, approval rate, latency p50/p95/p99), a line chart of
 * transactions per second over the recent windows, bar charts per UF and per modality (approved vs
 * rejected) of the newest window, a line chart of latency percentiles over the windows, the latest
 * transactions and the latest rejections with their rule codes, and a status bar. It only builds
 * controls and binds them to a {@link LiveViewModel}; right-click a chart or a table to export it.
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
        lineChart(
            "liveTpsChart", "Transactions per second", "window start", "transactions per second");
    XYChart.Series<String, Number> tpsSeries = series(tpsChart, "Transactions/s");
    tpsChart.setLegendVisible(false);
    follow(
        model.totals(),
        () -> {
          List<XYChart.Data<String, Number>> points = new ArrayList<>();
          for (WindowPoint point : model.totals()) {
            points.add(new XYChart.Data<>(time(point), point.perSecond()));
          }
          tpsSeries.getData().setAll(points);
        });

    BarChart<String, Number> regionChart =
        barChart("liveRegionChart", "Transactions per UF (newest window)", "UF", "transactions");
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
        barChart("liveModalityChart", "Per modality (newest window)", "modality", "transactions");
    XYChart.Series<String, Number> approvedSeries = series(modalityChart, "Approved");
    XYChart.Series<String, Number> rejectedSeries = series(modalityChart, "Rejected");
    follow(
        model.modalities(),
        () -> {
          List<XYChart.Data<String, Number>> approved = new ArrayList<>();
          List<XYChart.Data<String, Number>> rejected = new ArrayList<>();
          for (GroupStats group : model.modalities()) {
            approved.add(new XYChart.Data<>(group.key().value(), group.approved()));
            rejected.add(new XYChart.Data<>(group.key().value(), group.rejected()));
          }
          approvedSeries.getData().setAll(approved);
          rejectedSeries.getData().setAll(rejected);
        });

    LineChart<String, Number> latencyChart =
        lineChart(
            "liveLatencyChart",
            "Latency, Kafka append to decision",
            "window start",
            "milliseconds");
    XYChart.Series<String, Number> p50Series = series(latencyChart, "p50");
    XYChart.Series<String, Number> p95Series = series(latencyChart, "p95");
    XYChart.Series<String, Number> p99Series = series(latencyChart, "p99");
    follow(
        model.totals(),
        () -> {
          List<XYChart.Data<String, Number>> a = new ArrayList<>();
          List<XYChart.Data<String, Number>> b = new ArrayList<>();
          List<XYChart.Data<String, Number>> c = new ArrayList<>();
          for (WindowPoint point : model.totals()) {
            GroupStats stats = point.stats();
            if (stats.latencyP50Ms() != null) {
              a.add(new XYChart.Data<>(time(point), stats.latencyP50Ms()));
            }
            if (stats.latencyP95Ms() != null) {
              b.add(new XYChart.Data<>(time(point), stats.latencyP95Ms()));
            }
            if (stats.latencyP99Ms() != null) {
              c.add(new XYChart.Data<>(time(point), stats.latencyP99Ms()));
            }
          }
          p50Series.getData().setAll(a);
          p95Series.getData().setAll(b);
          p99Series.getData().setAll(c);
        });

    TableView<RecentTransaction> latest =
        Widgets.transactionTable("liveLatestTable", model.latest(), zone, false);
    TableView<RecentTransaction> rejections =
        Widgets.transactionTable("liveRejectionsTable", model.rejections(), zone, false);

    exporter.addPngMenu(tpsChart, "live-transactions-per-second");
    exporter.addPngMenu(regionChart, "live-per-uf");
    exporter.addPngMenu(modalityChart, "live-per-modality");
    exporter.addPngMenu(latencyChart, "live-latency");
    exporter.addCsvMenu(latest, "live-latest-transactions");
    exporter.addCsvMenu(rejections, "live-latest-rejections");

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.setPadding(new Insets(8));
    for (int i = 0; i < 2; i++) {
      ColumnConstraints half = new ColumnConstraints();
      half.setPercentWidth(50);
      half.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(half);
    }
    grid.add(grow(tpsChart), 0, 0);
    grid.add(grow(latencyChart), 1, 0);
    grid.add(grow(regionChart), 0, 1);
    grid.add(grow(modalityChart), 1, 1);
    grid.add(grow(titled("Latest transactions", latest)), 0, 2);
    grid.add(grow(titled("Latest rejections", rejections)), 1, 2);
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
