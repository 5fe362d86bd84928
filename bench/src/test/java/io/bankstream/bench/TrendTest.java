package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class TrendTest {

  /** One sample every 5 s for an hour. */
  private static final int SAMPLES = 720;

  private static final double EVERY_SECONDS = 5;

  private static double[] seconds() {
    double[] seconds = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      seconds[i] = i * EVERY_SECONDS;
    }
    return seconds;
  }

  private static double[] values(DoubleUnaryOperator ofSeconds, double noise, long seed) {
    Random random = new Random(seed);
    double[] seconds = seconds();
    double[] values = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      values[i] = ofSeconds.applyAsDouble(seconds[i]) + noise * random.nextGaussian();
    }
    return values;
  }

  @Test
  void aNoisyFlatSeriesIsFlat() {
    Trend trend = Trend.of(seconds(), values(t -> 600, 20, 1), 32);

    assertThat(trend.verdict()).isEqualTo("flat");
    assertThat(trend.mean()).isCloseTo(600, within(5.0));
    assertThat(trend.tolerance()).isCloseTo(60, within(1.0));
  }

  @Test
  void aSteadyClimbIsGrowingWithItsSlopePerMinute() {
    // 2 MiB a minute: 80 MiB over the last 40 minutes, above 10% of a mean near 700.
    Trend trend = Trend.of(seconds(), values(t -> 600 + 2 * t / 60, 5, 2), 32);

    assertThat(trend.verdict()).isEqualTo("growing");
    assertThat(trend.slopePerMinute()).isCloseTo(2, within(0.05));
    assertThat(trend.lastThirdMedian()).isGreaterThan(trend.firstThirdMedian() + 70);
  }

  @Test
  void aWarmUpInTheFirstThirdIsLeftOut() {
    // Rises from 200 to 800 over the first 15 minutes, then stays: a JVM sizing its heap.
    Trend trend = Trend.of(seconds(), values(t -> Math.min(800, 200 + 600 * t / 900), 10, 3), 32);

    assertThat(trend.verdict()).isEqualTo("flat");
    assertThat(trend.firstThirdMedian()).isLessThan(trend.lastThirdMedian());
  }

  @Test
  void theAbsoluteFloorKeepsNoiseNearZeroFlat() {
    // A lag of 0 to 40 records with a slight rise: within one second's worth at 2,000/s.
    Trend trend = Trend.of(seconds(), values(t -> 10 + t / 600, 8, 4), 2000);

    assertThat(trend.verdict()).isEqualTo("flat");
    assertThat(Trend.of(seconds(), values(t -> 10 + t / 600, 8, 4), 1).verdict())
        .isEqualTo("growing");
  }

  @Test
  void aDropIsFalling() {
    assertThat(Trend.of(seconds(), values(t -> 1000 - t / 6, 5, 5), 10).verdict())
        .isEqualTo("falling");
  }

  @Test
  void gapsAreLeftOutAndTooFewSamplesGiveNoVerdict() {
    double[] values = values(t -> 100, 0, 6);
    values[400] = Double.NaN;
    assertThat(Trend.of(seconds(), values, 1).verdict()).isEqualTo("flat");

    assertThat(Trend.of(new double[] {0, 5}, new double[] {1, 2}, 1).verdict())
        .isEqualTo("too few samples");
    assertThat(Trend.of(new double[0], new double[0], 1).verdict()).isEqualTo("too few samples");
    assertThatThrownBy(() -> Trend.of(new double[1], new double[2], 1))
        .hasMessageContaining("differ in length");
  }

  @Test
  void theLineSaysTheVerdictAndWhereItWent() {
    String line = Trend.of(seconds(), values(t -> 600 + 2 * t / 60, 0, 7), 32).describe("MiB");

    assertThat(line).startsWith("growing: +2.00 MiB a minute").contains("median");
  }
}
