package io.bankstream.dashboard.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link PollingService} reads next, counted from the start of the read before: every {@code
 * period} while the reads succeed, and after {@code n} failures in a row {@code initialRetry *
 * 2^(n-1)}, capped at {@code maxRetry} (1, 2, 4, 8, 16, 30, 30, ... seconds with {@link
 * #standard}). A value: it keeps no count of its own.
 *
 * @param period the delay after a success
 * @param initialRetry the delay after the first failure
 * @param maxRetry the longest delay after any number of failures
 */
public record Backoff(Duration period, Duration initialRetry, Duration maxRetry) {

  /** The first retry after a failure, with {@link #standard}. */
  public static final Duration INITIAL_RETRY = Duration.ofSeconds(1);

  /** The longest wait between retries, with {@link #standard}. */
  public static final Duration MAX_RETRY = Duration.ofSeconds(30);

  public Backoff {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(initialRetry, "initialRetry");
    Objects.requireNonNull(maxRetry, "maxRetry");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (initialRetry.isNegative() || initialRetry.isZero()) {
      throw new IllegalArgumentException("initialRetry must be positive: " + initialRetry);
    }
    if (maxRetry.compareTo(initialRetry) < 0) {
      throw new IllegalArgumentException(
          "maxRetry " + maxRetry + " is shorter than initialRetry " + initialRetry);
    }
  }

  /** Every {@code period} while it works; 1, 2, 4, ... seconds up to 30 s while it fails. */
  public static Backoff standard(Duration period) {
    return new Backoff(period, INITIAL_RETRY, MAX_RETRY);
  }

  /**
   * The delay before the next run after {@code consecutiveFailures} failures in a row (0: none).
   */
  public Duration delayAfter(int consecutiveFailures) {
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures must be 0 or more");
    }
    if (consecutiveFailures == 0) {
      return period;
    }
    // Doubling 2^(n-1) overflows long nanos after about 60 doublings; the cap is reached far
    // sooner.
    Duration delay = initialRetry;
    for (int i = 1; i < consecutiveFailures && delay.compareTo(maxRetry) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
  }
}
