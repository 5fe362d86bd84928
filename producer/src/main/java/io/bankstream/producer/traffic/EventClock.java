package io.bankstream.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The source of {@code data_horario}: hands out one event time per record, truncated to the
 * millisecond and always within the contract's range [2000-01-01, 2100-01-01). Each time is the
 * clock's time minus a uniform disorder in [0, {@link #maxDisorder()}] (whole milliseconds), so
 * records arrive slightly out of event-time order, never by more than the bound: an event time is
 * never earlier than {@code lastClockTime() - maxDisorder()} nor later than {@code
 * lastClockTime()}. Two implementations:
 *
 * <ul>
 *   <li>{@link #live(Clock, Duration, Random)}: the wall clock, for a producer that publishes in
 *       real time. {@link #nextInBurst()} is the same as {@link #next()}: a burst's span is the
 *       wall time the producer takes to publish it plus the disorder.
 *   <li>{@link #simulated(Instant, double, Duration, TrafficModel, Random)}: a virtual clock that
 *       starts at a given instant and advances by exponential gaps whose rate follows the model's
 *       hour profile (a non-homogeneous Poisson process, piecewise constant per hour of the day in
 *       America/Sao_Paulo): hour {@code h} of a simulated day holds on average {@code
 *       transactionsPerDay * weight[h] / sum(weights)} records. {@link #nextInBurst()} advances by
 *       a uniform 100 to 700 ms instead, so a burst of 20 spans at most 13.3 s of clock time plus
 *       the disorder (keep the disorder under 45 s for a 20-record burst to fit in 60 s).
 * </ul>
 *
 * <p>Not thread-safe: one generator thread uses one clock.
 */
public interface EventClock {

  /** The event time of an ordinary record (or of the first record of a scenario). */
  Instant next();

  /** The event time of the 2nd to nth record of a scenario that must be close in time. */
  Instant nextInBurst();

  /**
   * The clock's time, truncated to milliseconds, behind the latest event time handed out (before
   * the disorder was subtracted), or the start time before the first one.
   */
  Instant lastClockTime();

  /** The largest disorder subtracted from the clock's time. */
  Duration maxDisorder();

  /**
   * Event times close to now: {@code clock.instant()} minus a uniform disorder in [0, {@code
   * maxDisorder}] drawn from {@code random}, truncated to milliseconds and kept in the contract's
   * range.
   */
  static EventClock live(Clock clock, Duration maxDisorder, Random random) {
    return new LiveEventClock(clock, maxDisorder, random);
  }

  /**
   * A virtual clock from {@code start} (in [2000, 2100)) producing on average {@code
   * transactionsPerDay} records per simulated day, distributed over the hours as {@code model}'s
   * hour profile says, with the same bounded disorder as {@link #live}; times before 2000 after the
   * disorder are raised to 2000-01-01, and running past 2100 throws {@link IllegalStateException}.
   */
  static EventClock simulated(
      Instant start,
      double transactionsPerDay,
      Duration maxDisorder,
      TrafficModel model,
      Random random) {
    return new SimulatedEventClock(start, transactionsPerDay, maxDisorder, model, random);
  }
}
