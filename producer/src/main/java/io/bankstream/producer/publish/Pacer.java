package io.bankstream.producer.publish;

import java.util.concurrent.TimeUnit;

/**
 * Holds a loop to a rate: the n-th call returns no earlier than n / rate seconds after the first,
 * so short stalls are caught up and the average rate is exact. An infinite rate never waits.
 */
public final class Pacer {

  private final double nanosPerRecord;
  private long start = -1;
  private long count;

  public Pacer(double recordsPerSecond) {
    this.nanosPerRecord =
        Double.isInfinite(recordsPerSecond) ? 0 : 1_000_000_000.0 / recordsPerSecond;
  }

  /** Waits until the next record is due. */
  public void awaitNext() throws InterruptedException {
    if (nanosPerRecord == 0) {
      return;
    }
    long now = System.nanoTime();
    if (start < 0) {
      start = now;
    }
    long due = start + (long) (count++ * nanosPerRecord);
    long wait = due - now;
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
