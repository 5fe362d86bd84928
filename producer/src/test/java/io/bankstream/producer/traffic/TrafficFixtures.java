package io.bankstream.producer.traffic;

import io.bankstream.model.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Shared fixtures of the traffic tests: named instants, users and generators. */
final class TrafficFixtures {

  static final ZoneId SAO_PAULO = TrafficModel.ZONE;

  /** When the test users were created. */
  static final Instant CREATED_AT = Instant.parse("2024-05-01T00:00:00Z");

  /** Midnight of a Monday in São Paulo (no daylight saving since 2019). */
  static final Instant MIDNIGHT = at(2024, 6, 3, 0, 0);

  /** Noon of the same day in São Paulo. */
  static final Instant NOON = at(2024, 6, 3, 12, 0);

  /** 23:30 of the same day in São Paulo: night. */
  static final Instant LATE_NIGHT = at(2024, 6, 3, 23, 30);

  static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  static final long USER_SEED = 20_240_603L;
  static final long TRAFFIC_SEED = 42L;
  static final long CLOCK_SEED = 4_242L;

  private TrafficFixtures() {}

  /** {@code hour:minute} on {@code year-month-day} in São Paulo. */
  static Instant at(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(SAO_PAULO).toInstant();
  }

  static List<UserProfile> users(long seed, int count) {
    return new UserGenerator(new Random(seed)).generate(count, CREATED_AT);
  }

  static Map<UUID, UserProfile> byId(List<UserProfile> users) {
    Map<UUID, UserProfile> map = new HashMap<>();
    for (UserProfile user : users) {
      map.put(user.id(), user);
    }
    return map;
  }

  /** A simulated clock from {@code start} with the default model. */
  static EventClock simulatedClock(
      Instant start, double transactionsPerDay, Duration maxDisorder, long seed) {
    return EventClock.simulated(
        start, transactionsPerDay, maxDisorder, TrafficModel.defaults(), new Random(seed));
  }

  /** A generator on a simulated clock from {@code start}, all seeds fixed. */
  static TransactionGenerator generator(
      List<UserProfile> users,
      Instant start,
      double transactionsPerDay,
      Duration maxDisorder,
      double fraudRate,
      double malformedRate) {
    return new TransactionGenerator(
        users,
        TrafficModel.defaults(),
        simulatedClock(start, transactionsPerDay, maxDisorder, CLOCK_SEED),
        new Random(TRAFFIC_SEED),
        fraudRate,
        malformedRate);
  }

  /** The local hour of {@code instant} in São Paulo. */
  static int localHour(Instant instant) {
    return instant.atZone(SAO_PAULO).getHour();
  }

  /** The median of {@code values}, which it sorts. */
  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
