package io.bankstream.core.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable histogram of non-negative latencies in milliseconds, in bounded memory, that answers
 * percentiles with a known error. Values from {@link #MIN_TRACKED_MS} (1 ms) to {@link
 * #MAX_TRACKED_MS} (1 hour) fall into {@value #BUCKETS} log-scale buckets, each {@link
 * #RELATIVE_BUCKET_WIDTH 5 %} wider than the one before ({@code [1.05^i, 1.05^(i+1))} ms); values
 * below 1 ms go to one underflow bucket and values of one hour or more to one overflow bucket. The
 * exact count, minimum and maximum are kept as well. Memory is fixed (at most {@value #BUCKETS} + 2
 * counters) whatever the number of values, and every histogram has the same layout, so any two
 * merge by adding their counters.
 *
 * <p>{@link #percentile(double)} returns an estimate of the nearest-rank percentile: the value of
 * rank {@code ceil(q * count)} in sorted order. The estimate is the point of the rank's bucket with
 * the smallest worst-case relative error, clamped to the exact {@code [min, max]}, so for values
 * between 1 ms and 1 hour it is within {@link #RELATIVE_ERROR} (&plusmn;2.44 %, that is {@code 0.05
 * / 2.05}) of the true percentile; below 1 ms it is within 0.5 ms; at or above one hour it is the
 * exact maximum (an upper bound). The first rank is the exact minimum and the last the exact
 * maximum. A histogram with no value has no percentile ({@code null}). Instances are not
 * thread-safe: each is one Beam accumulator.
 */
public final class LatencyHistogram implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Each bucket's upper bound is its lower bound times {@code 1 + RELATIVE_BUCKET_WIDTH}. */
  public static final double RELATIVE_BUCKET_WIDTH = 0.05;

  /** The lower bound of the first log-scale bucket; smaller values go to the underflow bucket. */
  public static final double MIN_TRACKED_MS = 1.0;

  /** One hour: this value and larger ones go to the overflow bucket. */
  public static final double MAX_TRACKED_MS = 3_600_000.0;

  /**
   * The largest relative error of a percentile between {@link #MIN_TRACKED_MS} and {@link
   * #MAX_TRACKED_MS}: {@code w / (2 + w)} for a bucket width {@code w}, about 0.0244.
   */
  public static final double RELATIVE_ERROR = RELATIVE_BUCKET_WIDTH / (2.0 + RELATIVE_BUCKET_WIDTH);

  private static final double GROWTH = 1.0 + RELATIVE_BUCKET_WIDTH;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  /** How many log-scale buckets cover {@code [1 ms, 1 h)}: 310. */
  public static final int BUCKETS = 310;

  /** Slot 0 is the underflow, 1..BUCKETS the log buckets, BUCKETS + 1 the overflow. */
  private static final int UNDERFLOW = 0;

  private static final int OVERFLOW = BUCKETS + 1;

  /** Every slot: the underflow, the log buckets and the overflow. */
  public static final int SLOTS = BUCKETS + 2;

  static {
    if (Math.pow(GROWTH, BUCKETS) < MAX_TRACKED_MS
        || Math.pow(GROWTH, BUCKETS - 1) >= MAX_TRACKED_MS) {
      throw new AssertionError("BUCKETS does not cover [MIN_TRACKED_MS, MAX_TRACKED_MS)");
    }
  }

  /** Allocated on the first value, so an empty histogram costs almost nothing. */
  private long[] counts;

  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /** An empty histogram. */
  public LatencyHistogram() {}

  /** A copy of {@code other}, independent of it. */
  public LatencyHistogram(LatencyHistogram other) {
    merge(other);
  }

  /**
   * Adds one latency.
   *
   * @param millis the latency in milliseconds, 0 or more and finite
   * @throws IllegalArgumentException if {@code millis} is negative, infinite or not a number
   */
  public void record(double millis) {
    if (!(millis >= 0) || Double.isInfinite(millis)) {
      throw new IllegalArgumentException("latency must be finite and not negative: " + millis);
    }
    if (counts == null) {
      counts = new long[SLOTS];
    }
    counts[slot(millis)]++;
    count++;
    min = Math.min(min, millis);
    max = Math.max(max, millis);
  }

  /** Adds every value of {@code other} to this histogram; {@code other} is left unchanged. */
  public void merge(LatencyHistogram other) {
    if (other.count == 0) {
      return;
    }
    if (counts == null) {
      counts = new long[SLOTS];
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  /**
   * A histogram with the given slot counts (slot 0 the underflow, 1 to {@value #BUCKETS} the log
   * buckets, {@value #BUCKETS} + 1 the overflow; {@link #SLOTS} in all), minimum and maximum: what
   * the pipeline's {@code LatencyHistogramCoder} decodes. The count is their sum; the histogram
   * keeps {@code slotCounts} as its own.
   *
   * @throws IllegalArgumentException if a count is negative or the slots are not {@link #SLOTS}
   */
  public static LatencyHistogram restore(long[] slotCounts, double min, double max) {
    if (slotCounts.length != SLOTS) {
      throw new IllegalArgumentException("need " + SLOTS + " slots, got " + slotCounts.length);
    }
    LatencyHistogram histogram = new LatencyHistogram();
    long count = 0;
    for (long slotCount : slotCounts) {
      if (slotCount < 0) {
        throw new IllegalArgumentException("negative slot count: " + slotCount);
      }
      count += slotCount;
    }
    if (count > 0) {
      histogram.counts = slotCounts;
      histogram.count = count;
      histogram.min = min;
      histogram.max = max;
    }
    return histogram;
  }

  /** How many values slot {@code slot} holds (see {@link #restore}). */
  public long slotCount(int slot) {
    return counts == null ? 0 : counts[slot];
  }

  /** How many values were recorded. */
  public long count() {
    return count;
  }

  /** Whether no value was recorded. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** The exact smallest value, or null when empty. */
  public Double min() {
    return count == 0 ? null : min;
  }

  /** The exact largest value, or null when empty. */
  public Double max() {
    return count == 0 ? null : max;
  }

  /**
   * The estimated nearest-rank percentile {@code quantile} (e.g. 0.95 for p95), within the error
   * stated in the class comment; null when empty. {@code 0} gives the exact minimum and {@code 1}
   * the exact maximum.
   *
   * @param quantile between 0 and 1
   */
  public Double percentile(double quantile) {
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be between 0 and 1: " + quantile);
    }
    if (count == 0) {
      return null;
    }
    long rank = rank(quantile, count);
    // The first and the last rank are the minimum and the maximum, which are kept exactly.
    if (rank == 1) {
      return min;
    }
    if (rank == count) {
      return max;
    }
    long seen = 0;
    for (int slot = 0; slot < counts.length; slot++) {
      seen += counts[slot];
      if (seen >= rank) {
        return Math.max(min, Math.min(max, estimate(slot)));
      }
    }
    throw new IllegalStateException("counts do not add up to " + count);
  }

  /**
   * The 1-based rank of the nearest-rank percentile {@code quantile} among {@code n} sorted values:
   * {@code ceil(quantile * n)}, at least 1. A tiny tolerance keeps {@code 0.95 * 100} at 95 despite
   * floating point.
   */
  static long rank(double quantile, long n) {
    long rank = (long) Math.ceil(quantile * n - 1e-9);
    return Math.max(1, Math.min(n, rank));
  }

  /** The slot of {@code millis}: underflow, a log bucket, or overflow. */
  static int slot(double millis) {
    if (millis < MIN_TRACKED_MS) {
      return UNDERFLOW;
    }
    if (millis >= MAX_TRACKED_MS) {
      return OVERFLOW;
    }
    int bucket = (int) Math.floor(Math.log(millis / MIN_TRACKED_MS) / LOG_GROWTH);
    // The logarithm may land one bucket off right at a boundary; settle it against the bounds.
    if (bucket > 0 && millis < lowerBound(bucket)) {
      bucket--;
    } else if (bucket < BUCKETS - 1 && millis >= lowerBound(bucket + 1)) {
      bucket++;
    }
    return 1 + Math.max(0, Math.min(BUCKETS - 1, bucket));
  }

  /** The lower bound in ms of log bucket {@code bucket} (0-based). */
  private static double lowerBound(int bucket) {
    return MIN_TRACKED_MS * Math.pow(GROWTH, bucket);
  }

  /**
   * The value that stands for a slot: for a log bucket {@code [L, gL)}, {@code 2gL / (1 + g)},
   * whose relative error is at most {@code (g - 1) / (g + 1)} at either end; 0.5 ms for the
   * underflow; the maximum for the overflow.
   */
  private double estimate(int slot) {
    if (slot == UNDERFLOW) {
      return MIN_TRACKED_MS / 2;
    }
    if (slot == OVERFLOW) {
      return max;
    }
    return 2 * GROWTH * lowerBound(slot - 1) / (1 + GROWTH);
  }

  @Override
  public String toString() {
    return "LatencyHistogram[count="
        + count
        + (count == 0
            ? ""
            : ", min=" + min + ", p50=" + percentile(0.5) + ", p99=" + percentile(0.99))
        + ", max="
        + (count == 0 ? "null" : max)
        + "]";
  }

  /** Equal when both hold the same counts per bucket and the same count, minimum and maximum. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof LatencyHistogram that)) {
      return false;
    }
    if (count != that.count) {
      return false;
    }
    if (count == 0) {
      return true;
    }
    return Double.compare(min, that.min) == 0
        && Double.compare(max, that.max) == 0
        && Arrays.equals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return count == 0 ? 0 : 31 * Arrays.hashCode(counts) + Long.hashCode(count);
  }
}
