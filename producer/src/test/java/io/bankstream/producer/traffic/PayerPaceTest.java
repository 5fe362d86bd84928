package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.NOON;
import static io.bankstream.producer.traffic.TrafficFixtures.USER_SEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The population sizing of {@link PayerPace} and the bounds a paced {@link TransactionGenerator}
 * keeps over a quarter of an hour of live traffic at 100 a second over 20,000 users (the demo's
 * pace, 200 users per transaction a second, at a tenth of its rate): gap, balance and places,
 * recomputed here from the records alone.
 */
class PayerPaceTest {

  private static final double RATE = 100;
  private static final int USERS = 20_000;
  private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
  private static final Duration MAX_DISORDER = Duration.ofSeconds(2);

  @Test
  void sizesThePopulationForTheRate() {
    assertThat(PayerPace.usersFor(1_000)).isEqualTo(200_000);
    assertThat(PayerPace.usersFor(3_000)).isEqualTo(600_000);
    assertThat(PayerPace.usersFor(50)).isEqualTo(PayerPace.MIN_USERS);
    assertThat(PayerPace.usersFor(0.5)).isEqualTo(PayerPace.MIN_USERS);
    assertThat(PayerPace.meanInterval(200_000, 1_000)).isEqualTo(Duration.ofSeconds(200));
    assertThat(PayerPace.BOUNDED.busyUsers(1_000)).isEqualTo(60_000);
    // The default population leaves the gap room: at least twice the users busy within a gap.
    for (double rate : new double[] {50, 100, 1_000, 3_000, 10_000}) {
      assertThat(PayerPace.usersFor(rate))
          .isGreaterThanOrEqualTo((int) (2 * PayerPace.BOUNDED.busyUsers(rate)));
    }
  }

  @Test
  void refusesRatesItCannotSizeFor() {
    assertThatThrownBy(() -> PayerPace.usersFor(0)).hasMessageContaining("rate");
    assertThatThrownBy(() -> PayerPace.usersFor(Double.POSITIVE_INFINITY))
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> PayerPace.usersFor(1e9)).hasMessageContaining("too high");
    assertThatThrownBy(() -> new PayerPace(Duration.ofSeconds(-1), Duration.ZERO))
        .hasMessageContaining("minGap");
  }

  @Test
  void normalPayersKeepTheGapTheirBalanceAndTwoUfsAtMost() {
    List<UserProfile> users = TrafficFixtures.users(USER_SEED, USERS);
    List<GeneratedRecord> records = quarterHour(users, PayerPace.BOUNDED);
    Map<UUID, Integer> index = new HashMap<>();
    for (int i = 0; i < users.size(); i++) {
      index.put(users.get(i).id(), i);
    }
    long[] lastNormal = new long[USERS];
    java.util.Arrays.fill(lastNormal, Long.MIN_VALUE);
    long[] available = new long[USERS];
    for (int i = 0; i < USERS; i++) {
      available[i] = Sampling.toCents(users.get(i).balance());
    }
    List<Set<Region>> places = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      places.add(EnumSet.noneOf(Region.class));
    }
    ArrayDeque<long[]> credits = new ArrayDeque<>(); // {due millis, receiver, cents}
    long creditDelay = PayerPace.BOUNDED.creditDelay().toMillis();
    int normal = 0;
    for (GeneratedRecord record : records) {
      Transaction t = record.transaction();
      if (t == null || !index.containsKey(t.payerId())) {
        continue; // Malformed.
      }
      int payer = index.get(t.payerId());
      long at = t.eventTime().toEpochMilli();
      long cents = Sampling.toCents(t.amount());
      if (record.label().equals(Scenario.NORMAL.label())) {
        normal++;
        while (!credits.isEmpty() && credits.peek()[0] <= at) {
          long[] credit = credits.poll();
          available[(int) credit[1]] += credit[2];
        }
        assertThat(lastNormal[payer] == Long.MIN_VALUE || at - lastNormal[payer] >= 60_000)
            .as("a minute since the payer's last normal payment, at %s", t.eventTime())
            .isTrue();
        assertThat(cents).as("within what the payer has").isLessThanOrEqualTo(available[payer]);
        places.get(payer).add(t.region());
        assertThat(places.get(payer)).as("UFs of one payer").hasSizeLessThanOrEqualTo(2);
        lastNormal[payer] = at;
        credits.add(new long[] {at + creditDelay, index.get(t.receiverId()), cents});
      }
      available[payer] -= cents; // Fraud spends too, as far as the generator knows.
    }
    assertThat(normal).isGreaterThan((int) (0.9 * RATE * QUARTER_HOUR.toSeconds()));
  }

  @Test
  void withoutAPaceTheSameUsersPayTooOften() {
    List<UserProfile> users = TrafficFixtures.users(USER_SEED, 2_000);
    Map<UUID, Long> last = new HashMap<>();
    int tooSoon = 0;
    for (GeneratedRecord record : quarterHour(users, null)) {
      Transaction t = record.transaction();
      Long before = last.put(t.payerId(), t.eventTime().toEpochMilli());
      tooSoon += before != null && t.eventTime().toEpochMilli() - before < 60_000 ? 1 : 0;
    }
    assertThat(tooSoon).isGreaterThan(10_000); // 2,000 users at 100/s: one payment every 20 s.
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    List<UserProfile> users = TrafficFixtures.users(USER_SEED, 2_000);
    List<GeneratedRecord> first = generator(users, PayerPace.BOUNDED).take(2_000);
    List<GeneratedRecord> second = generator(users, PayerPace.BOUNDED).take(2_000);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
    }
  }

  /** A quarter of an hour at {@link #RATE}: normal records only when {@code pace} is null. */
  private static List<GeneratedRecord> quarterHour(List<UserProfile> users, PayerPace pace) {
    int count = (int) (RATE * QUARTER_HOUR.toSeconds());
    return generator(users, pace).take(count);
  }

  private static Source generator(List<UserProfile> users, PayerPace pace) {
    SteppingClock clock = new SteppingClock(NOON, Duration.ofMillis((long) (1000 / RATE)));
    EventClock events = EventClock.live(clock, MAX_DISORDER, new Random(7));
    TransactionGenerator generator =
        pace == null
            ? new TransactionGenerator(users, TrafficModel.defaults(), events, new Random(11), 0, 0)
            : new TransactionGenerator(
                users, TrafficModel.defaults(), events, new Random(11), 0.03, 0.01, pace);
    return new Source(generator);
  }

  private record Source(TransactionGenerator generator) {
    List<GeneratedRecord> take(int count) {
      List<GeneratedRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        records.add(generator.next());
      }
      return records;
    }
  }

  /** A clock that moves on by {@code step} each time it is read: one record per step. */
  private static final class SteppingClock extends Clock {
    private final Duration step;
    private Instant now;

    SteppingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
