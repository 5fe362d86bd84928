package io.bankstream.producer.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Event times for a backlog loaded at once: spread evenly at {@code perSecond} records per second
 * of event time, ending at the load's start, less the producer's usual bounded disorder. Loading
 * 200,000 records with live event times would put them all in the same second, and every payer's
 * twenty transactions in one velocity window; spread like this the rules see the mix they see live,
 * and the statistics fill several windows. The bench and the crash test load backlogs with it.
 */
public final class SpreadEventClock implements EventClock {

  private static final long BURST_MIN_MILLIS = 100;
  private static final long BURST_MAX_MILLIS = 700;

  private final Instant start;
  private final double nanosPerRecord;
  private final Duration maxDisorder;
  private final Random random;
  private long count;
  private Instant last;

  /**
   * A clock for {@code records} records at {@code perSecond}, the last of them near {@code end}.
   */
  public SpreadEventClock(
      Instant end, long records, double perSecond, Duration maxDisorder, Random random) {
    this.nanosPerRecord = 1_000_000_000.0 / perSecond;
    this.start = end.minusNanos((long) (records * nanosPerRecord));
    this.maxDisorder = maxDisorder;
    this.random = random;
    this.last = start;
  }

  @Override
  public Instant next() {
    last = start.plusNanos((long) (count++ * nanosPerRecord));
    return disordered(last);
  }

  @Override
  public Instant nextInBurst() {
    count++;
    last = last.plusMillis(BURST_MIN_MILLIS + random.nextLong(BURST_MAX_MILLIS - BURST_MIN_MILLIS));
    return disordered(last);
  }

  @Override
  public Instant lastClockTime() {
    return last.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  @Override
  public Duration maxDisorder() {
    return maxDisorder;
  }

  private Instant disordered(Instant time) {
    long disorder = maxDisorder.isZero() ? 0 : random.nextLong(maxDisorder.toMillis() + 1);
    return time.minusMillis(disorder).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
