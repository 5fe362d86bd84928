package io.bankstream.dashboard.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/** The map's colour scale: viridis from low to high, clamped, darker for lower values. */
class ColorScaleTest {

  private final ColorScale scale = new ColorScale(100, 200);

  @Test
  void theEndsAndTheMiddleAreViridisStops() {
    assertThat(scale.colorOf(100)).isEqualTo(Color.web("#440154"));
    assertThat(scale.colorOf(150)).isEqualTo(Color.web("#21908C"));
    assertThat(scale.colorOf(200)).isEqualTo(Color.web("#FDE725"));
  }

  @Test
  void betweenTwoStopsItInterpolates() {
    Color between = scale.colorOf(112.5);
    Color expected = Color.web("#440154").interpolate(Color.web("#3B528B"), 0.5);
    assertThat(between).isEqualTo(expected);
  }

  @Test
  void valuesOutsideTheRangeAreClamped() {
    assertThat(scale.colorOf(-5)).isEqualTo(scale.colorOf(100));
    assertThat(scale.colorOf(1e9)).isEqualTo(scale.colorOf(200));
  }

  @Test
  void higherValuesAreLighterSoTheOrderReadsInGreyToo() {
    double previous = -1;
    for (int value = 100; value <= 200; value += 10) {
      double brightness = luminance(scale.colorOf(value));
      assertThat(brightness).as("value %d", value).isGreaterThan(previous);
      previous = brightness;
    }
  }

  @Test
  void noDataIsNotOnTheScale() {
    for (int value = 100; value <= 200; value++) {
      assertThat(scale.colorOf(value)).isNotEqualTo(ColorScale.NO_DATA);
    }
  }

  @Test
  void anEmptyRangeIsRefused() {
    assertThatThrownBy(() -> new ColorScale(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("high must be more than low");
  }

  private static double luminance(Color color) {
    return 0.2126 * color.getRed() + 0.7152 * color.getGreen() + 0.0722 * color.getBlue();
  }
}
