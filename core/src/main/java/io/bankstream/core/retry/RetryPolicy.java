package io.bankstream.core.retry;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicyBuilder;
import io.bankstream.core.postgres.TransientErrors;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long and how often an operation is retried, and the one place that turns this into a <a
 * href="https://failsafe.dev">Failsafe</a> retry policy: Failsafe runs the attempts, waits {@code
 * initialBackoff} after the first failure and twice as long after each next one (never more than
 * {@code maxBackoff}), and gives up, rethrowing the last error, once {@code maxElapsed} has passed
 * since the first attempt started (the last wait is shortened to end then). Only errors the caller
 * calls retryable are retried ({@link TransientErrors#isTransient} for SQL); any other error is
 * rethrown at once, unwrapped. Each failed attempt logs one WARN line with the operation, the
 * attempt number and the error (never a password: only the driver's message is logged), and the
 * attempt that succeeds after failures logs one more with how long the outage lasted. A thread
 * interrupted while waiting keeps its interrupt flag and gets the last error, with the interrupt
 * suppressed in it. Used by every retry here: the PostgreSQL and Redis writers, the start-up's wait
 * for PostgreSQL and the first load of the user profiles.
 *
 * @param initialBackoff the wait after the first failure, more than zero
 * @param maxBackoff the longest wait between two attempts, at least {@code initialBackoff}
 * @param maxElapsed how long after the first attempt a retry may still start; at most {@code
 *     initialBackoff} never retries
 * @param stop asked after each failure; when it answers true the last error is thrown at once (the
 *     floor's Ctrl-C during an outage)
 */
public record RetryPolicy(
    Duration initialBackoff, Duration maxBackoff, Duration maxElapsed, StopSignal stop)
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
    Objects.requireNonNull(stop, "stop");
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

  /** A policy that is never asked to stop. */
  public RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {
    this(initialBackoff, maxBackoff, maxElapsed, StopSignal.NEVER);
  }

  /** 100 ms doubling up to 30 s, for at most 10 minutes. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_ELAPSED);
  }

  /** This policy, retrying for at most {@code value}. */
  public RetryPolicy withMaxElapsed(Duration value) {
    return new RetryPolicy(initialBackoff, maxBackoff, value, stop);
  }

  /** This policy, giving up as soon as {@code value} answers true after a failure. */
  public RetryPolicy withStop(StopSignal value) {
    return new RetryPolicy(initialBackoff, maxBackoff, maxElapsed, value);
  }

  /** Runs {@code call} under this policy; see {@link #call(String, SqlCall, Runnable)}. */
  public <T> T call(String operation, SqlCall<T> call) throws SQLException {
    return call(operation, call, () -> {});
  }

  /**
   * Runs a database operation, retrying its {@link TransientErrors#isTransient transient} failures
   * and running {@code onRetry} before each wait (to count the retries). Logs {@code <operation>
   * failed on attempt <n> (SQLState <state>): <message>; retrying in <ms> ms}.
   *
   * @param operation what is being done, for the log (e.g. {@code "write 500 decisions"})
   * @throws SQLException the first permanent error, or the last transient one once given up
   */
  public <T> T call(String operation, SqlCall<T> call, Runnable onRetry) throws SQLException {
    return run(
        operation,
        call::call,
        SQLException.class,
        TransientErrors::isTransient,
        error ->
            " (SQLState "
                + TransientErrors.sqlState(error)
                + "): "
                + TransientErrors.oneLine(error.getMessage()),
        onRetry);
  }

  /**
   * Runs {@code attempt} under this policy, retrying the errors of type {@code errorType} that
   * {@code retryable} accepts. Each failure is logged as {@code <operation> failed on attempt
   * <n><describe(error)>; retrying in <ms> ms} (or {@code giving up after <ms> ms}).
   *
   * @param errorType the type of the errors that may be retried (others pass through untouched)
   * @param describe the error for the log, right after the attempt number
   * @param onRetry run before each wait
   * @throws E the first error not retried, or the last one once given up or interrupted
   */
  public <T, E extends Exception> T run(
      String operation,
      Attempt<T, E> attempt,
      Class<E> errorType,
      Predicate<? super E> retryable,
      Function<? super E, String> describe,
      Runnable onRetry)
      throws E {
    AtomicReference<E> lastError = new AtomicReference<>();
    dev.failsafe.RetryPolicy<T> policy =
        this.<T>builder()
            .handleIf(error -> errorType.isInstance(error) && retryable.test(errorType.cast(error)))
            .abortIf((result, error) -> error != null && stop.stopRequested())
            .onFailedAttempt(event -> lastError.set(errorType.cast(event.getLastException())))
            .onRetryScheduled(
                event -> {
                  LOG.warn(
                      "{} failed on attempt {}{}; retrying in {} ms",
                      operation,
                      event.getAttemptCount(),
                      describe.apply(errorType.cast(event.getLastException())),
                      event.getDelay().toMillis());
                  onRetry.run();
                })
            .onRetriesExceeded(
                event ->
                    LOG.warn(
                        "{} failed on attempt {}{}; giving up after {} ms",
                        operation,
                        event.getAttemptCount(),
                        describe.apply(errorType.cast(event.getException())),
                        event.getElapsedTime().toMillis()))
            .onSuccess(
                event -> {
                  // Failsafe calls an error it does not handle a success of the policy too.
                  if (event.getException() == null && event.getAttemptCount() > 1) {
                    LOG.warn(
                        "{} succeeded on attempt {}, {} ms after the first failed",
                        operation,
                        event.getAttemptCount(),
                        event.getElapsedTime().toMillis());
                  }
                })
            .build();
    try {
      return Failsafe.with(policy).get(attempt::run);
    } catch (FailsafeException wrapped) {
      Throwable cause = wrapped.getCause();
      if (errorType.isInstance(cause)) {
        throw errorType.cast(cause);
      }
      if (cause instanceof InterruptedException && lastError.get() != null) {
        // Failsafe has set the interrupt flag again; the caller gets the error it waited out.
        E error = lastError.get();
        error.addSuppressed(cause);
        throw error;
      }
      throw wrapped;
    }
  }

  /**
   * Failsafe's builder for this policy's waits and time limit, without retryable errors or
   * listeners; for the tests and for {@link #run}.
   */
  <T> RetryPolicyBuilder<T> builder() {
    RetryPolicyBuilder<T> builder = dev.failsafe.RetryPolicy.<T>builder().withMaxRetries(-1);
    if (maxElapsed.compareTo(initialBackoff) <= 0) {
      return builder.withMaxRetries(0); // Not even the first wait would fit.
    }
    // Failsafe wants the longest wait below the time limit; a longer one would be cut to the time
    // left anyway, so capping it there changes nothing.
    Duration longest = maxBackoff.compareTo(maxElapsed) < 0 ? maxBackoff : maxElapsed.minusNanos(1);
    builder =
        longest.compareTo(initialBackoff) > 0
            ? builder.withBackoff(initialBackoff, longest)
            : builder.withDelay(initialBackoff);
    return builder.withMaxDuration(maxElapsed);
  }

  /** A database operation that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlCall<T> {
    /** Runs the operation once. */
    T call() throws SQLException;
  }

  /** One attempt of an operation that may throw {@code E}. */
  @FunctionalInterface
  public interface Attempt<T, E extends Exception> {
    /** Runs the operation once. */
    T run() throws E;
  }

  /** Whether the caller wants the retries to end; see {@link RetryPolicy#stop}. */
  @FunctionalInterface
  public interface StopSignal extends Serializable {

    /** Never stops: the retries end when {@code maxElapsed} is spent. */
    StopSignal NEVER = () -> false;

    /** True when the retries should end now. */
    boolean stopRequested();
  }
}
