package io.bankstream.dashboard.map;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.GroupStats;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.transform.Scale;
import javafx.util.Duration;

/**
 * A map of Brazil with each of the 27 UFs ({@link UfShapes}) filled by its value in a list of
 * per-UF statistics ({@link UfValues}): the approval rate or the volume, as the toggle above it
 * says, with a legend below (the colour scale from its low to its high value, and the grey of no
 * data) and the UF's numbers on hover. It follows the list: every change redraws the fills, the
 * hover texts and the legend. Each UF's shape has the id {@code <id>-<UF>} ({@code liveMap-SP}).
 */
public final class BrazilMap extends BorderPane {

  /** How large the map is drawn: 0.6 of its 613 x 639 coordinates. */
  static final double SCALE = 0.6;

  private final ObservableList<GroupStats> regions;
  private final ObjectProperty<MapMetric> metric =
      new SimpleObjectProperty<>(this, "metric", MapMetric.APPROVAL_RATE);
  private final Map<String, SVGPath> shapes = new LinkedHashMap<>();
  private final Map<String, Tooltip> tooltips = new LinkedHashMap<>();
  private final Label low = new Label();
  private final Label high = new Label();
  private UfValues values;

  /**
   * @param id the map's id, and the prefix of its shapes' and controls' ids
   * @param title the caption above it
   * @param regions one {@link GroupStats} per UF, followed
   */
  public BrazilMap(String id, String title, ObservableList<GroupStats> regions) {
    this.regions = regions;
    setId(id);

    ToggleGroup toggle = new ToggleGroup();
    HBox top = new HBox(12, bold(title));
    for (MapMetric each : MapMetric.values()) {
      RadioButton choice = new RadioButton(each.toString());
      choice.setId(id + (each == MapMetric.VOLUME ? "Volume" : "ApprovalRate"));
      choice.setToggleGroup(toggle);
      choice.setUserData(each);
      choice.setSelected(each == metric.get());
      top.getChildren().add(choice);
    }
    toggle
        .selectedToggleProperty()
        .addListener(
            (observable, before, now) -> {
              if (now != null) {
                metric.set((MapMetric) now.getUserData());
              }
            });
    metric.addListener(
        (observable, before, now) ->
            toggle.getToggles().stream()
                .filter(choice -> choice.getUserData() == now)
                .findFirst()
                .ifPresent(toggle::selectToggle));
    top.setAlignment(Pos.CENTER_LEFT);
    setTop(top);

    Group drawn = new Group();
    for (UfShape uf : UfShapes.all()) {
      SVGPath shape = new SVGPath();
      shape.setContent(uf.svgPath());
      shape.setId(id + "-" + uf.uf());
      shape.getStyleClass().add("uf-shape");
      Tooltip tooltip = new Tooltip();
      tooltip.setShowDelay(Duration.millis(150));
      Tooltip.install(shape, tooltip);
      shapes.put(uf.uf(), shape);
      tooltips.put(uf.uf(), tooltip);
      drawn.getChildren().add(shape);
    }
    drawn.getTransforms().add(new Scale(SCALE, SCALE, 0, 0));
    StackPane center = new StackPane(new Group(drawn));
    center.setPadding(new Insets(6));
    setCenter(center);

    Rectangle bar = new Rectangle(180, 12, ColorScale.gradient());
    bar.setId(id + "Scale");
    low.setId(id + "Low");
    high.setId(id + "High");
    Rectangle none = new Rectangle(12, 12, ColorScale.NO_DATA);
    HBox legend = new HBox(6, low, bar, high, new Label("   "), none, new Label("no data"));
    legend.setAlignment(Pos.CENTER);
    legend.setId(id + "Legend");
    setBottom(legend);

    setMinHeight(UfShapes.HEIGHT * SCALE + 80);
    setPadding(new Insets(4));
    Widgets.follow(regions, this::redraw);
    metric.addListener((observable, before, now) -> redraw());
  }

  /** The metric the map shows; the toggle sets it. */
  public ObjectProperty<MapMetric> metricProperty() {
    return metric;
  }

  /** The values drawn now. */
  public UfValues values() {
    return values;
  }

  private void redraw() {
    values = UfValues.of(regions, metric.get());
    for (UfShape uf : UfShapes.all()) {
      shapes.get(uf.uf()).setFill(values.color(uf.uf()));
      tooltips.get(uf.uf()).setText(values.hoverText(uf.uf(), uf.name()));
    }
    low.setText(metric.get().format(values.scale().low()));
    high.setText(metric.get().format(values.scale().high()));
  }

  private static Label bold(String text) {
    Label label = new Label(text);
    label.setStyle("-fx-font-weight: bold;");
    return label;
  }
}
