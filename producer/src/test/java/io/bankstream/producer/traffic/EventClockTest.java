package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.MIDNIGHT;
import static io.bankstream.producer.traffic.TrafficFixtures.localHour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.model.json.TransactionCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventClockTest {

  private static final Instant NOW = Instant.parse("2024-06-03T15:04:05.678901Z");
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
  private static final int DRAWS = 10_000;

  /** Records per simulated day and days simulated for the hour-profile check. */
  private static final double PER_DAY = 8_000;

  private static final int DAYS = 30;

  /** Each hour's share of 240,000 simulated records against the profile: ±0.3 pp (≈ 6 sigma). */
  private static final double HOUR_SHARE_TOLERANCE = 0.003;

  /** Simulated time for a fixed number of records against its expectation: ±1% (≈ 5 sigma). */
  private static final double ELAPSED_TOLERANCE = 0.01;

  @Test
  void liveTimesAreNowMinusABoundedMillisecondDisorder() {
    EventClock clock =
        EventClock.live(Clock.fixed(NOW, ZoneOffset.UTC), FIVE_SECONDS, new Random(1));
    Instant now = NOW.truncatedTo(ChronoUnit.MILLIS);
    Instant earliest = Instant.MAX;
    Instant latest = Instant.MIN;
    for (int i = 0; i < DRAWS; i++) {
      Instant event = i % 2 == 0 ? clock.next() : clock.nextInBurst();
      assertThat(event).isBetween(now.minus(FIVE_SECONDS), now);
      assertThat(event.getNano() % 1_000_000).isZero();
      earliest = earliest.isAfter(event) ? event : earliest;
      latest = latest.isBefore(event) ? event : latest;
    }
    // Uniform over the whole bound, not stuck at one end.
    assertThat(Duration.between(now.minus(FIVE_SECONDS), earliest))
        .isLessThan(Duration.ofMillis(50));
    assertThat(Duration.between(latest, now)).isLessThan(Duration.ofMillis(50));
    assertThat(clock.lastClockTime()).isEqualTo(now);
    assertThat(clock.maxDisorder()).isEqualTo(FIVE_SECONDS);
  }

  @Test
  void liveWithoutDisorderIsTheClockAndStaysInTheContractRange() {
    assertThat(
            EventClock.live(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO, new Random(1)).next())
        .isEqualTo(NOW.truncatedTo(ChronoUnit.MILLIS));
    Instant before2000 = Instant.parse("1999-12-31T23:59:59Z");
    assertThat(
            EventClock.live(Clock.fixed(before2000, ZoneOffset.UTC), Duration.ZERO, new Random(1))
                .next())
        .isEqualTo(TransactionCodec.EARLIEST_EVENT_TIME);
  }

  @Test
  void simulatedHoursFollowTheProfileAndTheRate() {
    TrafficModel model = TrafficModel.defaults();
    EventClock clock = TrafficFixtures.simulatedClock(MIDNIGHT, PER_DAY, Duration.ZERO, 3);
    int records = (int) (PER_DAY * DAYS);
    int[] hours = new int[TrafficModel.HOURS_PER_DAY];
    Instant last = MIDNIGHT;
    for (int i = 0; i < records; i++) {
      Instant event = clock.next();
      assertThat(event).isAfterOrEqualTo(last);
      hours[localHour(event)]++;
      last = event;
    }
    for (int hour = 0; hour < hours.length; hour++) {
      assertThat(hours[hour] / (double) records)
          .as("share of records in hour %d", hour)
          .isCloseTo(model.hourShare(hour), within(HOUR_SHARE_TOLERANCE));
    }
    double elapsedDays = Duration.between(MIDNIGHT, last).toMillis() / 86_400_000.0;
    assertThat(elapsedDays).isCloseTo(DAYS, within(DAYS * ELAPSED_TOLERANCE));
  }

  @Test
  void simulatedDisorderIsBoundedAndTheClockNeverGoesBack() {
    EventClock clock = TrafficFixtures.simulatedClock(MIDNIGHT, 1_000_000, FIVE_SECONDS, 5);
    Instant previousClock = clock.lastClockTime();
    List<Long> disorders = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      Instant event = i % 3 == 0 ? clock.nextInBurst() : clock.next();
      Instant clockTime = clock.lastClockTime();
      assertThat(clockTime).isAfterOrEqualTo(previousClock);
      assertThat(event).isBetween(clockTime.minus(FIVE_SECONDS), clockTime);
      assertThat(event.getNano() % 1_000_000).isZero();
      disorders.add(Duration.between(event, clockTime).toMillis());
      previousClock = clockTime;
    }
    assertThat(Collections.max(disorders)).isGreaterThan(4_900);
    assertThat(Collections.min(disorders)).isLessThan(100);
  }

  @Test
  void simulatedBurstGapsAreHundredToSevenHundredMilliseconds() {
    EventClock clock = TrafficFixtures.simulatedClock(MIDNIGHT, 1, Duration.ZERO, 9);
    clock.next();
    for (int i = 0; i < DRAWS; i++) {
      Instant before = clock.lastClockTime();
      clock.nextInBurst();
      assertThat(Duration.between(before, clock.lastClockTime()))
          .isBetween(Duration.ofMillis(100), Duration.ofMillis(700));
    }
  }

  @Test
  void simulatedSkipsHoursOfWeightZero() {
    List<Double> onlyNoon = new ArrayList<>(Collections.nCopies(TrafficModel.HOURS_PER_DAY, 0.0));
    onlyNoon.set(12, 1.0);
    TrafficModel defaults = TrafficModel.defaults();
    TrafficModel model =
        new TrafficModel(
            defaults.modalityMix(), defaults.amounts(), onlyNoon, defaults.homeRegionProbability());
    EventClock clock = EventClock.simulated(MIDNIGHT, 100, Duration.ZERO, model, new Random(2));
    for (int i = 0; i < 1_000; i++) {
      assertThat(localHour(clock.next())).isEqualTo(12);
    }
  }

  @Test
  void simulatedStopsBefore2100() {
    Instant lastMinute = Instant.parse("2099-12-31T23:59:00Z");
    EventClock clock =
        TrafficFixtures.simulatedClock(lastMinute, 86_400 * 1_000.0, Duration.ZERO, 4);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1_000_000; i++) {
                assertThat(clock.next()).isBefore(TransactionCodec.EVENT_TIME_LIMIT);
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2100");
  }

  @Test
  void refusesBadArguments() {
    TrafficModel model = TrafficModel.defaults();
    Random random = new Random(1);
    assertThatThrownBy(
            () ->
                EventClock.simulated(
                    Instant.parse("1999-12-31T00:00:00Z"), 10, Duration.ZERO, model, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start");
    assertThatThrownBy(() -> EventClock.simulated(MIDNIGHT, 0, Duration.ZERO, model, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactionsPerDay");
    assertThatThrownBy(
            () -> EventClock.simulated(MIDNIGHT, Double.NaN, Duration.ZERO, model, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactionsPerDay");
    assertThatThrownBy(() -> EventClock.live(Clock.systemUTC(), Duration.ofMillis(-1), random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDisorder");
  }
}
