package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

  private static final double STEP_SECONDS = 60;
  private static final double GRACE_SECONDS = 10;

  private final CapacitySearch search = new CapacitySearch(1000, 1.5, 20_000, 1000);

  /** A lag sampled every second through the step, {@code lagAt} records at each second. */
  private static CapacitySearch.Step step(
      int rate, long unwritten, double p99, java.util.function.IntToDoubleFunction lagAt) {
    double[] seconds = new double[60];
    double[] lag = new double[60];
    for (int i = 0; i < 60; i++) {
      seconds[i] = i + 1;
      lag[i] = lagAt.applyAsDouble(i + 1);
    }
    return new CapacitySearch.Step(rate, rate * 60L, unwritten, seconds, lag, p99, rate * 60L);
  }

  @Test
  void ratesRiseByTheFactorToTwoSignificantDigitsUpToTheLargestAllowed() {
    List<Integer> rates = new ArrayList<>();
    int rate = search.first();
    while (true) {
      rates.add(rate);
      OptionalInt next = search.next(rate);
      if (next.isEmpty()) {
        break;
      }
      rate = next.getAsInt();
    }

    assertThat(rates).containsExactly(1000, 1500, 2300, 3500, 5300, 8000, 12000, 18000);
    assertThat(CapacitySearch.twoSignificantDigits(12_345)).isEqualTo(12_000);
    assertThat(CapacitySearch.twoSignificantDigits(57)).isEqualTo(57);
    assertThat(new CapacitySearch(10, 1.01, 100, 1000).next(10)).hasValue(11);
  }

  @Test
  void aStepDrainedWithAFlatBacklogAndP99UnderTheLimitIsSustained() {
    // In flight: about half a second's worth, up and down with the bundles.
    CapacitySearch.Outcome outcome =
        search.judge(
            step(5000, 0, 600, s -> s % 2 == 0 ? 3000 : 1500), STEP_SECONDS, GRACE_SECONDS);

    assertThat(outcome.sustained()).isTrue();
    assertThat(outcome.reason()).isNull();
  }

  @Test
  void recordsLeftAfterTheGraceMeanItFellBehind() {
    CapacitySearch.Outcome outcome =
        search.judge(step(8000, 42_000, 900, s -> 0), STEP_SECONDS, GRACE_SECONDS);

    assertThat(outcome.sustained()).isFalse();
    assertThat(outcome.reason())
        .isEqualTo("fell behind: 42,000 records unwritten 10 s after the step's last was sent");
  }

  @Test
  void aBacklogGrowingThroughTheStepMeansItFellBehindEvenIfItDrainedInTheGrace() {
    // 300 records more each second: 9,000 over the second half, above 2 s of 3,500/s.
    CapacitySearch.Outcome outcome =
        search.judge(step(3500, 0, 800, s -> 300.0 * s), STEP_SECONDS, GRACE_SECONDS);

    assertThat(outcome.sustained()).isFalse();
    assertThat(outcome.reason()).startsWith("fell behind: the backlog rose by 9,000 records");
    // A rise in the first half only (the step starting) is not held against it.
    assertThat(
            search
                .judge(
                    step(3500, 0, 800, s -> Math.min(s, 30) * 100.0), STEP_SECONDS, GRACE_SECONDS)
                .sustained())
        .isTrue();
  }

  @Test
  void aP99AboveTheLimitEndsTheSearch() {
    CapacitySearch.Outcome outcome =
        search.judge(step(2300, 0, 1400, s -> 100), STEP_SECONDS, GRACE_SECONDS);

    assertThat(outcome.sustained()).isFalse();
    assertThat(outcome.reason()).isEqualTo("p99 1,400 ms above the limit of 1,000 ms");
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new CapacitySearch(1000, 1.0, 2000, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor above 1");
    assertThatThrownBy(() -> new CapacitySearch(1000, 1.5, 500, 1000))
        .hasMessageContaining("max rate at least the start rate");
  }
}
