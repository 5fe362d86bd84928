package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.Axis;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The pieces the dashboard's views share, so that every view only builds and binds: charts with
 * animation off and labelled axes, a status bar that turns red when its source is disconnected, a
 * table of transactions, the number formats of the KPIs, and {@link #follow} and {@link #plot},
 * which rebuild a chart whenever a view-model's list changes.
 */
public final class Widgets {

  /** Window starts on the time axes. */
  public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** Points on a time axis spanning more than a day. */
  public static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("dd/MM HH:mm");

  /** Event times in the history table. */
  public static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final String STATUS_OK = "-fx-text-fill: #1b5e20; -fx-padding: 4 8 4 8;";
  private static final String STATUS_DOWN =
      "-fx-text-fill: white; -fx-background-color: #c62828; -fx-padding: 4 8 4 8;";

  /** The dashboard's style sheet: the colour-blind-safe colours of approved and rejected. */
  public static final String STYLESHEET =
      Objects.requireNonNull(Widgets.class.getResource("dashboard.css"), "dashboard.css")
          .toExternalForm();

  /** Style class of a chart whose series 0 is approved and 1 rejected (blue, vermilion). */
  public static final String APPROVED_REJECTED = "approved-rejected";

  /** Style class of a chart whose one series is approved (blue). */
  public static final String APPROVED = "approved";

  /** Style class of a chart whose one series is rejected (vermilion). */
  public static final String REJECTED = "rejected";

  /** Style class of a chart whose one series counts neither approved nor rejected (grey). */
  public static final String NEUTRAL = "neutral";

  /** Style class of a chart of the latency percentiles p50, p95, p99. */
  public static final String LATENCY = "latency";

  private Widgets() {}

  /** {@code node} with the style class {@code styleClass} added; see {@link #STYLESHEET}. */
  public static <T extends Node> T styled(T node, String styleClass) {
    node.getStyleClass().add(styleClass);
    return node;
  }

  /** A line chart over a category (time label) axis, animation off, no symbols. */
  public static LineChart<String, Number> lineChart(
      String id, String title, String xLabel, String yLabel) {
    NumberAxis y = labelled(new NumberAxis(), yLabel);
    y.setForceZeroInRange(true);
    LineChart<String, Number> chart = new LineChart<>(labelled(new CategoryAxis(), xLabel), y);
    chart.setCreateSymbols(false);
    return titled(chart, id, title);
  }

  /** A bar chart over category labels (UF codes, modalities, rules), animation off. */
  public static BarChart<String, Number> barChart(
      String id, String title, String xLabel, String yLabel) {
    BarChart<String, Number> chart =
        new BarChart<>(labelled(new CategoryAxis(), xLabel), labelled(new NumberAxis(), yLabel));
    // Narrow gaps: 27 UFs leave a few pixels per category, which the default gap of 10 eats.
    chart.setCategoryGap(3);
    chart.setBarGap(1);
    return titled(chart, id, title);
  }

  /** {@code axis} with {@code label}, animation off. */
  private static <A extends Axis<?>> A labelled(A axis, String label) {
    axis.setLabel(label);
    axis.setAnimated(false);
    return axis;
  }

  /** {@code chart} with {@code id} and {@code title}, animation off, at the charts' height. */
  private static <C extends XYChart<String, Number>> C titled(C chart, String id, String title) {
    chart.setId(id);
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setMinHeight(240);
    chart.setPrefHeight(280);
    return chart;
  }

  /** A named, empty series added to {@code chart}. */
  public static XYChart.Series<String, Number> series(XYChart<String, Number> chart, String name) {
    XYChart.Series<String, Number> series = new XYChart.Series<>();
    series.setName(name);
    chart.getData().add(series);
    return series;
  }

  /** A named, empty series added to {@code chart} as its only one, so without a legend. */
  public static XYChart.Series<String, Number> soleSeries(
      XYChart<String, Number> chart, String name) {
    chart.setLegendVisible(false);
    return series(chart, name);
  }

  /** Runs {@code rebuild} now and after every change of {@code list}. */
  public static void follow(ObservableList<?> list, Runnable rebuild) {
    list.addListener((ListChangeListener<Object>) change -> rebuild.run());
    rebuild.run();
  }

  /**
   * Fills {@code series} with a point {@code x, y} per item of {@code items}, now and after every
   * change of {@code items}; an item whose {@code y} is null (unknown) is left out.
   */
  public static <T> void plot(
      XYChart.Series<String, Number> series,
      ObservableList<T> items,
      Function<? super T, String> x,
      Function<? super T, ? extends Number> y) {
    follow(
        items,
        () -> {
          List<XYChart.Data<String, Number>> points = new ArrayList<>();
          for (T item : items) {
            Number value = y.apply(item);
            if (value != null) {
              points.add(new XYChart.Data<>(x.apply(item), value));
            }
          }
          series.getData().setAll(points);
        });
  }

  /**
   * A bar chart of how many transactions each group had (one series, "Transactions", no legend),
   * following {@code groups}.
   */
  public static BarChart<String, Number> transactionsPerGroup(
      String id, String title, String xLabel, ObservableList<GroupStats> groups) {
    BarChart<String, Number> chart = styled(barChart(id, title, xLabel, "transactions"), NEUTRAL);
    plot(soleSeries(chart, "Transactions"), groups, Widgets::group, GroupStats::count);
    return chart;
  }

  /**
   * A bar chart of each group's approved (series 0, "Approved") and rejected (series 1, "Rejected")
   * transactions, following {@code groups}.
   */
  public static BarChart<String, Number> approvedAndRejectedPerGroup(
      String id, String title, String xLabel, ObservableList<GroupStats> groups) {
    return approvedAndRejected(
        id, title, xLabel, groups, Widgets::group, GroupStats::approved, GroupStats::rejected);
  }

  /**
   * A bar chart of how many transactions were approved (series 0, "Approved") and rejected (series
   * 1, "Rejected") at each item's {@code x}, following {@code items}.
   */
  public static <T> BarChart<String, Number> approvedAndRejected(
      String id,
      String title,
      String xLabel,
      ObservableList<T> items,
      Function<? super T, String> x,
      Function<? super T, ? extends Number> approved,
      Function<? super T, ? extends Number> rejected) {
    BarChart<String, Number> chart =
        styled(barChart(id, title, xLabel, "transactions"), APPROVED_REJECTED);
    plot(series(chart, "Approved"), items, x, approved);
    plot(series(chart, "Rejected"), items, x, rejected);
    return chart;
  }

  /**
   * A line chart of the latency percentiles p50, p95 and p99 (series 0 to 2) of each point's
   * statistics at {@code x}, following {@code points}; unknown percentiles are left out.
   */
  public static <T> LineChart<String, Number> latencyChart(
      String id,
      String xLabel,
      ObservableList<T> points,
      Function<? super T, String> x,
      Function<? super T, GroupStats> stats) {
    LineChart<String, Number> chart =
        styled(lineChart(id, "Latency, Kafka append to decision", xLabel, "milliseconds"), LATENCY);
    plot(series(chart, "p50"), points, x, point -> stats.apply(point).latencyP50Ms());
    plot(series(chart, "p95"), points, x, point -> stats.apply(point).latencyP95Ms());
    plot(series(chart, "p99"), points, x, point -> stats.apply(point).latencyP99Ms());
    return chart;
  }

  private static String group(GroupStats stats) {
    return stats.key().value();
  }

  /** A status bar showing {@code status}, red while {@code connected} is false. */
  public static Label statusBar(
      String id, ObservableStringValue status, ObservableBooleanValue connected) {
    Label label = new Label();
    label.setId(id);
    label.setMaxWidth(Double.MAX_VALUE);
    label.textProperty().bind(status);
    label.styleProperty().bind(Bindings.when(connected).then(STATUS_OK).otherwise(STATUS_DOWN));
    return label;
  }

  /** A KPI: a caption over a large value label with {@code id}; returns the box. */
  public static VBox kpi(String caption, Label value) {
    Label title = new Label(caption);
    title.setStyle("-fx-text-fill: #555555;");
    value.setStyle("-fx-font-size: 22px; -fx-font-weight: bold;");
    VBox box = new VBox(2, title, value);
    box.setPadding(new Insets(6, 18, 6, 6));
    return box;
  }

  /** A label with {@code id}. */
  public static Label label(String id) {
    Label label = new Label("–");
    label.setId(id);
    return label;
  }

  /**
   * A table of transactions over {@code items}: decision (or event) time, id, payer, receiver, UF,
   * modality, amount, result, rule codes, risk score.
   *
   * @param eventTimeWithDate true for the history (event time with its date), false for the live
   *     lists (decision time of day)
   */
  public static TableView<RecentTransaction> transactionTable(
      String id, ObservableList<RecentTransaction> items, ZoneId zone, boolean eventTimeWithDate) {
    TableView<RecentTransaction> table = new TableView<>(items);
    table.setId(id);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(new Label("No transactions"));
    if (eventTimeWithDate) {
      table.getColumns().add(text("Event time", tx -> format(DATE_TIME, zone, tx.eventTime())));
    } else {
      table.getColumns().add(text("Decided", tx -> format(TIME, zone, tx.decidedAt())));
    }
    table.getColumns().add(text("Id", RecentTransaction::id));
    table.getColumns().add(text("Payer", RecentTransaction::payer));
    table.getColumns().add(text("Receiver", RecentTransaction::receiver));
    table.getColumns().add(text("UF", RecentTransaction::region));
    table.getColumns().add(text("Modality", RecentTransaction::modality));
    table.getColumns().add(text("Amount (R$)", tx -> money(tx.amount())));
    table.getColumns().add(result());
    table.getColumns().add(text("Rules", tx -> String.join(" ", tx.reasons())));
    table.getColumns().add(text("Risk", tx -> decimal(tx.riskScore(), 4)));
    table.setPrefHeight(300);
    return table;
  }

  /** The Result column: "approved" in blue or "rejected" in vermilion, in bold. */
  private static TableColumn<RecentTransaction, String> result() {
    TableColumn<RecentTransaction, String> column =
        text("Result", tx -> tx.approved() ? "approved" : "rejected");
    column.setCellFactory(
        ignored ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll("approved-text", "rejected-text");
                if (!empty && item != null) {
                  getStyleClass().add(item + "-text");
                }
              }
            });
    return column;
  }

  private static TableColumn<RecentTransaction, String> text(
      String title, Function<RecentTransaction, String> value) {
    TableColumn<RecentTransaction, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  /** A column of any value, for tables other than transactions. */
  public static <S, T> TableColumn<S, T> column(String title, Function<S, T> value) {
    TableColumn<S, T> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return column;
  }

  /** {@code time} in {@code zone} with {@code format}; empty for null. */
  public static String format(DateTimeFormatter format, ZoneId zone, Instant time) {
    return time == null ? "" : format.withZone(zone).format(time);
  }

  /** Transactions per second: {@code 12.3/s}. */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  /** A share from 0 to 1 as a percentage: {@code 97.4%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Milliseconds: {@code 123 ms}; a dash when unknown. */
  public static String millis(Double ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.0f ms", ms);
  }

  /** An amount with 2 decimals: {@code 1234.50}; empty for null. */
  public static String money(BigDecimal amount) {
    return amount == null ? "" : amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String decimal(Double value, int places) {
    return value == null ? "" : String.format(Locale.ROOT, "%." + places + "f", value);
  }

  /**
   * A grid with gaps of 8 and two columns of half the width each, holding {@code cells} row by row,
   * left then right, each grown to fill its cell.
   */
  public static GridPane twoColumnGrid(Node... cells) {
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints half = new ColumnConstraints();
      half.setPercentWidth(50);
      half.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(half);
    }
    for (int i = 0; i < cells.length; i++) {
      grid.add(grow(cells[i]), i % 2, i / 2);
    }
    return grid;
  }

  /** Places {@code node} to grow in a grid cell. */
  public static <T extends Node> T grow(T node) {
    GridPane.setHgrow(node, Priority.ALWAYS);
    GridPane.setVgrow(node, Priority.ALWAYS);
    return node;
  }
}
