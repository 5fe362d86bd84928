package io.bankstream.dashboard.map;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;

/**
 * A sequential colour scale from {@code low} to {@code high}: viridis (dark purple, blue, green,
 * yellow), which keeps its order in lightness and reads the same for the common colour blindnesses
 * and in grey. A pure function: {@link #colorOf(double)} of a value, clamped to the range, is the
 * linear interpolation between the five viridis stops around it.
 *
 * <p>Hand-written rather than taken from a library: five colours and one interpolation, where a
 * charting library would bring a whole toolkit beside JavaFX's.
 */
public final class ColorScale {

  /** Viridis at 0, 0.25, 0.5, 0.75 and 1 (matplotlib's {@code viridis} colour map). */
  public static final List<Color> STOPS =
      List.of(
          Color.web("#440154"),
          Color.web("#3B528B"),
          Color.web("#21908C"),
          Color.web("#5DC963"),
          Color.web("#FDE725"));

  /** The fill of a UF without data: light grey, outside the scale. */
  public static final Color NO_DATA = Color.web("#D9D9D9");

  private final double low;
  private final double high;

  /**
   * @param low the value drawn in the first colour (and anything below)
   * @param high the value drawn in the last colour (and anything above); more than {@code low}
   */
  public ColorScale(double low, double high) {
    if (!(high > low)) {
      throw new IllegalArgumentException("high must be more than low: " + low + " " + high);
    }
    this.low = low;
    this.high = high;
  }

  public double low() {
    return low;
  }

  public double high() {
    return high;
  }

  /** The colour of {@code value}. */
  public Color colorOf(double value) {
    return at((value - low) / (high - low));
  }

  /** The colour at {@code t} from 0 (first stop) to 1 (last), clamped. */
  public static Color at(double t) {
    double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    double position = clamped * (STOPS.size() - 1);
    int below = Math.min((int) Math.floor(position), STOPS.size() - 2);
    return STOPS.get(below).interpolate(STOPS.get(below + 1), position - below);
  }

  /** The scale left to right, for a legend. */
  public static LinearGradient gradient() {
    List<Stop> stops = new ArrayList<>();
    for (int i = 0; i < STOPS.size(); i++) {
      stops.add(new Stop((double) i / (STOPS.size() - 1), STOPS.get(i)));
    }
    return new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, stops);
  }
}
