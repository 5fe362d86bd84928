package io.bankstream.dashboard.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = Backoff.standard(Duration.ofSeconds(2));

  @Test
  void successKeepsThePeriod() {
    assertThat(backoff.delayAfter(0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void failuresDoubleFromOneSecondUpToThirty() {
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::delayAfter).map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
  }

  @Test
  void manyFailuresStayAtTheCap() {
    assertThat(backoff.delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void itIsAValue() {
    assertThat(Backoff.standard(Duration.ofSeconds(2))).isEqualTo(backoff);
    assertThat(backoff.delayAfter(3)).isEqualTo(backoff.delayAfter(3));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> Backoff.standard(Duration.ZERO))
        .hasMessageContaining("period must be positive");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .hasMessageContaining("shorter than initialRetry");
    assertThatThrownBy(() -> backoff.delayAfter(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
