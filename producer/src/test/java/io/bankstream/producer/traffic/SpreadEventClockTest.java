package io.bankstream.producer.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpreadEventClockTest {

  private static final Instant END = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void spreadsTheRecordsEvenlyOverCountOverRateSecondsEndingAtTheEnd() {
    SpreadEventClock clock = new SpreadEventClock(END, 1000, 100, Duration.ZERO, new Random(1));

    Instant first = clock.next();
    Instant last = first;
    for (int i = 1; i < 1000; i++) {
      last = clock.next();
    }

    assertThat(first).isEqualTo(END.minusSeconds(10));
    assertThat(last).isEqualTo(END.minusMillis(10));
  }

  @Test
  void disorderOnlyMovesTimesBackByAtMostTheMaximum() {
    SpreadEventClock clock =
        new SpreadEventClock(END, 1000, 100, Duration.ofSeconds(2), new Random(1));

    for (int i = 0; i < 1000; i++) {
      Instant undisturbed = END.minusSeconds(10).plusMillis(10L * i);
      Instant time = clock.next();
      assertThat(time).isBetween(undisturbed.minusSeconds(2), undisturbed);
      assertThat(clock.lastClockTime()).isEqualTo(undisturbed);
    }
  }

  @Test
  void aBurstFollowsItsFirstRecordWithinAFewHundredMilliseconds() {
    SpreadEventClock clock = new SpreadEventClock(END, 1000, 100, Duration.ZERO, new Random(1));

    Instant first = clock.next();
    Instant second = clock.nextInBurst();
    Instant third = clock.nextInBurst();

    assertThat(Duration.between(first, second))
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(700));
    assertThat(Duration.between(second, third))
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(700));
  }
}
