package io.bankstream.producer.traffic;

import io.bankstream.model.json.TransactionCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;

/**
 * {@link EventClock#simulated}: a virtual clock driven by a non-homogeneous Poisson process whose
 * rate is constant within each hour of the day in {@link TrafficModel#ZONE}.
 *
 * <p>Each gap is drawn exactly, by inverting the integrated rate: draw {@code E ~ Exp(1)}, then
 * walk forward through the hour segments, spending {@code rate * remainingSeconds} of {@code E} on
 * each, until a segment holds the rest; the arrival is at {@code rest / rate} into it. Hours with
 * weight zero are skipped. Hour boundaries come from the zone's rules, so a historical
 * daylight-saving day of 23 or 25 hours is handled too.
 */
final class SimulatedEventClock implements EventClock {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final double SECONDS_PER_HOUR = 3_600;
  private static final long BURST_MIN_GAP_MILLIS = 100;
  private static final long BURST_MAX_GAP_MILLIS = 700;
  private static final long LIMIT_NANOS = epochNanos(TransactionCodec.EVENT_TIME_LIMIT);

  private final double[] ratePerSecondByHour = new double[TrafficModel.HOURS_PER_DAY];
  private final Disorder disorder;
  private final Random random;

  /** Virtual time, nanoseconds since the epoch (fits a long until 2262). */
  private long nowNanos;

  private long lastClockNanos;
  private long segmentEndNanos = Long.MIN_VALUE;
  private double segmentRate;

  SimulatedEventClock(
      Instant start,
      double transactionsPerDay,
      Duration maxDisorder,
      TrafficModel model,
      Random random) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(model, "model");
    this.random = Objects.requireNonNull(random, "random");
    this.disorder = new Disorder(maxDisorder, random);
    if (start.isBefore(TransactionCodec.EARLIEST_EVENT_TIME)
        || !start.isBefore(TransactionCodec.EVENT_TIME_LIMIT)) {
      throw new IllegalArgumentException(
          "start must be in [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z): " + start);
    }
    if (!(transactionsPerDay > 0) || !Double.isFinite(transactionsPerDay)) {
      throw new IllegalArgumentException(
          "transactionsPerDay must be positive and finite: " + transactionsPerDay);
    }
    for (int hour = 0; hour < TrafficModel.HOURS_PER_DAY; hour++) {
      ratePerSecondByHour[hour] = transactionsPerDay * model.hourShare(hour) / SECONDS_PER_HOUR;
    }
    this.nowNanos = epochNanos(start);
    this.lastClockNanos = nowNanos;
  }

  @Override
  public Instant next() {
    double budget = -StrictMath.log(1.0 - random.nextDouble());
    while (true) {
      if (nowNanos >= segmentEndNanos) {
        enterSegment();
      }
      double remainingSeconds = (double) (segmentEndNanos - nowNanos) / NANOS_PER_SECOND;
      double capacity = segmentRate * remainingSeconds;
      if (budget < capacity) {
        long gap = (long) (budget / segmentRate * NANOS_PER_SECOND);
        nowNanos = Math.min(nowNanos + gap, segmentEndNanos);
        break;
      }
      budget -= capacity;
      nowNanos = segmentEndNanos;
    }
    return emit();
  }

  @Override
  public Instant nextInBurst() {
    long gapMillis =
        BURST_MIN_GAP_MILLIS + random.nextLong(BURST_MAX_GAP_MILLIS - BURST_MIN_GAP_MILLIS + 1);
    nowNanos += gapMillis * 1_000_000L;
    return emit();
  }

  @Override
  public Instant lastClockTime() {
    return toInstant(lastClockNanos).truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public Duration maxDisorder() {
    return disorder.max();
  }

  private Instant emit() {
    if (nowNanos >= LIMIT_NANOS) {
      throw new IllegalStateException(
          "the simulated clock reached " + TransactionCodec.EVENT_TIME_LIMIT);
    }
    lastClockNanos = nowNanos;
    return disorder.apply(toInstant(nowNanos));
  }

  /** Sets the rate and end of the local hour that contains {@link #nowNanos}. */
  private void enterSegment() {
    ZonedDateTime local = toInstant(nowNanos).atZone(TrafficModel.ZONE);
    segmentRate = ratePerSecondByHour[local.getHour()];
    segmentEndNanos = epochNanos(local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant());
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  private static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }
}
