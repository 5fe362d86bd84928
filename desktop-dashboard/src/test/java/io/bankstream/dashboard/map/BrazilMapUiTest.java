package io.bankstream.dashboard.map;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.GroupStats;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.scene.shape.SVGPath;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The map in a real (headless, Monocle) window: all 27 UFs drawn, each filled with its value
 * through the colour scale (checked on the shapes and on the rendered pixels), UFs without data in
 * grey, the toggle switching to volume, the legend's range, a new list redrawn, and the hover text.
 */
@ExtendWith(ApplicationExtension.class)
class BrazilMapUiTest {

  private static final long DEADLINE_SECONDS = 15;

  // Approval rates 90%, 96%, 80%, 85%; volumes 100, 50, 5, 20.
  private static final List<GroupStats> REGIONS =
      List.of(
          region(minute(0), "SP", 90, 10),
          region(minute(0), "RJ", 48, 2),
          region(minute(0), "AC", 4, 1),
          region(minute(0), "MG", 17, 3));

  private final ObservableList<GroupStats> regions = FXCollections.observableArrayList(REGIONS);
  private Scene scene;

  @Start
  void start(Stage stage) {
    BrazilMap map = new BrazilMap("map", "Per UF", regions);
    scene = new Scene(map, 700, 560);
    scene.getStylesheets().add(Widgets.STYLESHEET);
    stage.setScene(scene);
    stage.show();
  }

  @Test
  void everyUfIsFilledWithItsApprovalRateThroughTheScale(FxRobot robot) throws Exception {
    ColorScale scale = new ColorScale(0.80, 0.96);
    assertThat(fx(() -> fill(robot, "SP"))).isEqualTo(scale.colorOf(0.90));
    assertThat(fx(() -> fill(robot, "RJ"))).isEqualTo(scale.colorOf(0.96));
    assertThat(fx(() -> fill(robot, "AC"))).isEqualTo(scale.colorOf(0.80));
    assertThat(fx(() -> fill(robot, "MG"))).isEqualTo(scale.colorOf(0.85));
    assertThat(fx(() -> Set.of(fill(robot, "SP"), fill(robot, "RJ"), fill(robot, "AC"))))
        .hasSize(3);
    Set<String> withData = Set.of("SP", "RJ", "AC", "MG");
    for (UfShape uf : UfShapes.all()) {
      if (!withData.contains(uf.uf())) {
        assertThat(fx(() -> fill(robot, uf.uf()))).as(uf.uf()).isEqualTo(ColorScale.NO_DATA);
      }
    }
    assertThat(fx(() -> text(robot, "#mapLow"))).isEqualTo("80.0%");
    assertThat(fx(() -> text(robot, "#mapHigh"))).isEqualTo("96.0%");
  }

  @Test
  void allTwentySevenUfsAreOnScreenInTheirColours(FxRobot robot) throws Exception {
    List<SVGPath> drawn =
        fx(() -> List.copyOf(robot.lookup(".uf-shape").queryAllAs(SVGPath.class)));
    assertThat(drawn).hasSize(27);
    Set<String> ids = new HashSet<>();
    drawn.forEach(shape -> ids.add(shape.getId()));
    assertThat(ids).hasSize(27).contains("map-SP", "map-DF", "map-RR");

    // The rendered pixel well inside each UF is that UF's fill.
    Image shot = fx(() -> scene.snapshot(null));
    for (UfShape uf : UfShapes.all()) {
      Point2D inside = fx(() -> interiorPoint(robot, uf.uf()));
      assertThat(inside).as("a point well inside %s", uf.uf()).isNotNull();
      Color pixel = shot.getPixelReader().getColor((int) inside.getX(), (int) inside.getY());
      Color fill = fx(() -> fill(robot, uf.uf()));
      assertThat(distance(pixel, fill))
          .as("%s: pixel %s, fill %s", uf.uf(), pixel, fill)
          .isLessThan(0.02);
    }
  }

  @Test
  void theToggleSwitchesToVolume(FxRobot robot) throws Exception {
    robot.clickOn("#mapVolume");

    ColorScale scale = new ColorScale(0, 100);
    waitUntil(() -> fill(robot, "SP").equals(scale.colorOf(100)));
    assertThat(fx(() -> fill(robot, "RJ"))).isEqualTo(scale.colorOf(50));
    assertThat(fx(() -> fill(robot, "AC"))).isEqualTo(scale.colorOf(5));
    assertThat(fx(() -> fill(robot, "MG"))).isEqualTo(scale.colorOf(20));
    assertThat(fx(() -> text(robot, "#mapLow"))).isEqualTo("0");
    assertThat(fx(() -> text(robot, "#mapHigh"))).isEqualTo("100");
  }

  @Test
  void aNewListIsRedrawn(FxRobot robot) throws Exception {
    robot.interact(
        () ->
            regions.setAll(List.of(region(minute(1), "BA", 10, 0), region(minute(1), "SP", 5, 5))));

    assertThat(fx(() -> fill(robot, "BA"))).isEqualTo(ColorScale.STOPS.get(4));
    assertThat(fx(() -> fill(robot, "SP"))).isEqualTo(ColorScale.STOPS.get(0));
    assertThat(fx(() -> fill(robot, "RJ"))).isEqualTo(ColorScale.NO_DATA);
  }

  @Test
  void hoveringAUfShowsItsNumbers(FxRobot robot) throws Exception {
    String expected =
        "SP São Paulo\n100 transactions: 90 approved, 10 rejected\napproval rate 90.0%";
    assertThat(fx(() -> installedTooltip(robot, "SP").getText())).isEqualTo(expected);
    assertThat(fx(() -> installedTooltip(robot, "PA").getText()))
        .isEqualTo("PA Pará\nno transactions");

    Point2D inside = fx(() -> interiorPoint(robot, "SP"));
    Point2D onScreen =
        fx(
            () ->
                new Point2D(
                    scene.getWindow().getX() + scene.getX() + inside.getX(),
                    scene.getWindow().getY() + scene.getY() + inside.getY()));
    robot.moveTo(onScreen);
    robot.moveBy(1, 1);

    waitUntil(
        () ->
            Window.getWindows().stream()
                .anyMatch(
                    window ->
                        window instanceof Tooltip tip
                            && tip.isShowing()
                            && expected.equals(tip.getText())));
  }

  // Helpers: read the scene on the FX thread, and poll for a condition with a deadline.

  private static SVGPath shape(FxRobot robot, String uf) {
    return robot.lookup("#map-" + uf).queryAs(SVGPath.class);
  }

  private static Color fill(FxRobot robot, String uf) {
    return (Color) shape(robot, uf).getFill();
  }

  private static Tooltip installedTooltip(FxRobot robot, String uf) {
    // Where Tooltip.install keeps a node's tooltip.
    return (Tooltip) shape(robot, uf).getProperties().get("javafx.scene.control.Tooltip");
  }

  /**
   * A point of {@code uf}, in scene coordinates, whose neighbours 2 units around (in the map's
   * coordinates) are inside {@code uf} too, so away from its border and its outline; null if none.
   */
  private static Point2D interiorPoint(FxRobot robot, String uf) {
    SVGPath shape = shape(robot, uf);
    Bounds bounds = shape.getBoundsInLocal();
    double margin = 2.5;
    Point2D best = null;
    double bestDepth = -1;
    for (double x = bounds.getMinX(); x <= bounds.getMaxX(); x += 0.5) {
      for (double y = bounds.getMinY(); y <= bounds.getMaxY(); y += 0.5) {
        if (inside(shape, x, y, margin)) {
          double depth = depth(shape, x, y, margin);
          if (depth > bestDepth) {
            bestDepth = depth;
            best = shape.localToScene(x, y);
          }
        }
      }
      if (bestDepth >= 8) {
        break;
      }
    }
    return best;
  }

  private static boolean inside(SVGPath shape, double x, double y, double margin) {
    return shape.contains(x, y)
        && shape.contains(x - margin, y - margin)
        && shape.contains(x + margin, y - margin)
        && shape.contains(x - margin, y + margin)
        && shape.contains(x + margin, y + margin);
  }

  /** How far around {@code x, y} the shape goes on, up to 8. */
  private static double depth(SVGPath shape, double x, double y, double margin) {
    double depth = margin;
    while (depth < 8 && inside(shape, x, y, depth + 0.5)) {
      depth += 0.5;
    }
    return depth;
  }

  private static double distance(Color a, Color b) {
    return Math.max(
        Math.abs(a.getRed() - b.getRed()),
        Math.max(Math.abs(a.getGreen() - b.getGreen()), Math.abs(a.getBlue() - b.getBlue())));
  }

  private static String text(FxRobot robot, String query) {
    return robot.lookup(query).queryAs(Label.class).getText();
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
  }

  private static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}
