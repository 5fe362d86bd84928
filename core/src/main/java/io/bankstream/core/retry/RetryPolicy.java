package io.bankstream.core.retry;

import io.bankstream.core.postgres.TransientErrors;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database operation and retries it while it fails with a {@link TransientErrors#isTransient
 * transient} error, waiting {@code initialBackoff} after the first failure and twice as long after
 * each next one, never more than {@code maxBackoff}. It gives up, rethrowing the last error, when
 * the next wait would end more than {@code maxElapsed} after the first attempt started; any other
 * error is rethrown at once. Each failed attempt logs one WARN line with the operation, the attempt
 * number and the SQLState (never a password: only the driver's message is logged), and the attempt
 * that succeeds after failures logs one more with how long the outage lasted. Time is read from,
 * and waited on, an injected {@link Sleeper}, so tests run without sleeping.
 *
 * @param initialBackoff the wait after the first failure, more than zero
 * @param maxBackoff the longest wait between two attempts, at least {@code initialBackoff}
 * @param maxElapsed how long after the first attempt a retry may still start; zero never retries
 * @param sleeper the clock and the sleep
 */
public record RetryPolicy(
    Duration initialBackoff, Duration maxBackoff, Duration maxElapsed, Sleeper sleeper)
    implements Serializable {

  /** The wait after the first failure by default. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

  /** The longest wait between attempts by default. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** How long an operation is retried by default: long enough for a database restart. */
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxElapsed, "maxElapsed");
    Objects.requireNonNull(sleeper, "sleeper");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
    if (maxElapsed.isNegative()) {
      throw new IllegalArgumentException("maxElapsed must not be negative: " + maxElapsed);
    }
  }

  /** 100 ms doubling up to 30 s, for at most 10 minutes, sleeping for real. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_ELAPSED, Sleeper.system());
  }

  /** This policy, retrying for at most {@code value}. */
  public RetryPolicy withMaxElapsed(Duration value) {
    return new RetryPolicy(initialBackoff, maxBackoff, value, sleeper);
  }

  /**
   * The wait after the {@code failedAttempts}-th failed attempt (1 for the first): {@code
   * initialBackoff * 2^(failedAttempts - 1)}, capped at {@code maxBackoff}.
   */
  public Duration backoff(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1: " + failedAttempts);
    }
    long max = maxBackoff.toNanos();
    long nanos = initialBackoff.toNanos();
    for (int i = 1; i < failedAttempts && nanos < max; i++) {
      nanos = nanos > max / 2 ? max : nanos * 2;
    }
    return Duration.ofNanos(Math.min(nanos, max));
  }

  /** Runs {@code call} under this policy; see {@link #call(String, SqlCall, Runnable)}. */
  public <T> T call(String operation, SqlCall<T> call) throws SQLException {
    return call(operation, call, () -> {});
  }

  /**
   * Runs {@code call} and returns its result, retrying transient failures as the policy says and
   * running {@code onRetry} before each retry (to count them). Rethrows the first permanent error,
   * or the last transient one once {@code maxElapsed} is spent. If the thread is interrupted while
   * waiting, the interrupt flag is set again and the last error is rethrown.
   *
   * @param operation what is being done, for the log (e.g. {@code "write 500 decisions"})
   */
  public <T> T call(String operation, SqlCall<T> call, Runnable onRetry) throws SQLException {
    long start = sleeper.nanoTime();
    long budget = maxElapsed.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        T result = call.call();
        if (attempt > 1) {
          LOG.warn(
              "{} succeeded on attempt {}, {} ms after the first failed",
              operation,
              attempt,
              (sleeper.nanoTime() - start) / 1_000_000);
        }
        return result;
      } catch (SQLException error) {
        if (!TransientErrors.isTransient(error)) {
          throw error;
        }
        Duration wait = backoff(attempt);
        long elapsed = sleeper.nanoTime() - start;
        String state = TransientErrors.sqlState(error);
        if (elapsed + wait.toNanos() > budget) {
          LOG.warn(
              "{} failed on attempt {} (SQLState {}): {}; giving up after {} ms",
              operation,
              attempt,
              state,
              TransientErrors.oneLine(error.getMessage()),
              elapsed / 1_000_000);
          throw error;
        }
        LOG.warn(
            "{} failed on attempt {} (SQLState {}): {}; retrying in {} ms",
            operation,
            attempt,
            state,
            TransientErrors.oneLine(error.getMessage()),
            wait.toMillis());
        onRetry.run();
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          error.addSuppressed(interrupted);
          throw error;
        }
      }
    }
  }

  /** A database operation that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlCall<T> {
    /** Runs the operation once. */
    T call() throws SQLException;
  }

  /**
   * The clock and the sleep of a {@link RetryPolicy}: {@link #system()} for real use, a fake that
   * advances its own clock on {@code sleep} in tests.
   */
  public interface Sleeper extends Serializable {

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system's monotonic clock and {@link Thread#sleep}. */
    static Sleeper system() {
      return SystemSleeper.INSTANCE;
    }
  }

  private enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }
}
