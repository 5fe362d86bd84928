package io.bankstream.dashboard.operations;

import static io.bankstream.dashboard.app.Widgets.column;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.history.RangePreset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The dead-letters tab: a range, a stacked bar chart of the range's dead letters per reason over
 * time (one series per reason, the 7 most frequent and the others as one when there are more than
 * {@value #COLOURS}, in colour-blind-safe colours), the newest dead letters with when, step,
 * reason, field, error, Kafka coordinates and the start of the payload, and a status bar. It only
 * builds controls and binds them to an {@link OperationsViewModel}; right-click the chart or the
 * table to export it.
 */
public final class DeadLettersView extends BorderPane {

  /** How many series the chart shows at most: the Okabe-Ito colours of the style sheet. */
  static final int COLOURS = 8;

  private final ZoneId zone;

  public DeadLettersView(OperationsViewModel model, Exporter exporter, ZoneId zone) {
    this.zone = zone;

    ComboBox<RangePreset> presets =
        new ComboBox<>(FXCollections.observableArrayList(OperationsViewModel.PRESETS));
    presets.setId("deadLettersPreset");
    presets.valueProperty().bindBidirectional(model.presetProperty());
    HBox controls = new HBox(8, new Label("Range"), presets);
    controls.setAlignment(Pos.CENTER_LEFT);
    controls.setPadding(new Insets(6, 8, 6, 8));
    setTop(controls);

    CategoryAxis time = new CategoryAxis();
    time.setLabel("failed at");
    time.setAnimated(false);
    NumberAxis count = new NumberAxis();
    count.setLabel("dead letters");
    count.setAnimated(false);
    StackedBarChart<String, Number> chart = new StackedBarChart<>(time, count);
    chart.setId("deadLettersChart");
    chart.setTitle("Dead letters by reason");
    chart.setAnimated(false);
    chart.setCategoryGap(2);
    chart.setMinHeight(260);
    chart.setPrefHeight(320);
    Widgets.styled(chart, "categorical");
    model
        .timelineProperty()
        .addListener((observable, before, now) -> chart.getData().setAll(series(now)));
    exporter.addPngMenu(chart, "dead-letters-by-reason");

    TableView<DeadLetter> table = new TableView<>(model.latest());
    table.setId("deadLettersTable");
    table.setPlaceholder(new Label("No dead letters"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table
        .getColumns()
        .add(
            column(
                "Failed at", letter -> Widgets.format(Widgets.DATE_TIME, zone, letter.failedAt())));
    table.getColumns().add(column("Reason", DeadLetter::reason));
    table.getColumns().add(column("Field", letter -> nullToEmpty(letter.field())));
    table.getColumns().add(column("Step", DeadLetter::step));
    table.getColumns().add(column("Error", DeadLetter::error));
    table
        .getColumns()
        .add(
            column(
                "Kafka record",
                letter -> letter.topic() + "/" + letter.partition() + "@" + letter.offset()));
    table.getColumns().add(column("Payload (start)", DeadLetter::payloadExcerpt));
    exporter.addCsvMenu(table, "dead-letters");
    Label title = new Label("Latest " + OperationsViewModel.LATEST + " dead letters");
    title.setStyle("-fx-font-weight: bold;");
    VBox.setVgrow(table, Priority.ALWAYS);
    VBox content = new VBox(8, chart, title, table);
    content.setPadding(new Insets(8));
    setCenter(content);

    setBottom(
        Widgets.statusBar("deadLettersStatus", model.statusProperty(), model.connectedProperty()));
  }

  /** One series per reason, a bar per bucket. */
  private List<XYChart.Series<String, Number>> series(DeadLetterTimeline timeline) {
    List<XYChart.Series<String, Number>> all = new ArrayList<>();
    if (timeline == null) {
      return all;
    }
    List<String> labels = labels(timeline.buckets());
    for (Map.Entry<String, List<Long>> reason : timeline.limitedTo(COLOURS).counts().entrySet()) {
      XYChart.Series<String, Number> series = new XYChart.Series<>();
      series.setName(reason.getKey());
      for (int i = 0; i < labels.size(); i++) {
        series.getData().add(new XYChart.Data<>(labels.get(i), reason.getValue().get(i)));
      }
      all.add(series);
    }
    if (all.isEmpty()) {
      // No dead letters: one empty series keeps the time axis.
      XYChart.Series<String, Number> none = new XYChart.Series<>();
      none.setName("none");
      labels.forEach(label -> none.getData().add(new XYChart.Data<>(label, 0)));
      all.add(none);
    }
    return all;
  }

  /** Times of day for up to a day of buckets, day and time beyond. */
  private List<String> labels(List<Instant> buckets) {
    boolean days =
        buckets.size() > 1
            && Duration.between(buckets.get(0), buckets.get(buckets.size() - 1))
                    .compareTo(Duration.ofDays(1))
                >= 0;
    DateTimeFormatter format = days ? Widgets.DAY_TIME : DateTimeFormatter.ofPattern("HH:mm");
    return buckets.stream().map(bucket -> Widgets.format(format, zone, bucket)).toList();
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
