package io.bankstream.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.Failsafe;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RetryPolicy} as Failsafe runs it: attempts, waits, giving up, and what is not retried.
 * Failsafe waits on the real clock, so the waits here are milliseconds.
 */
class RetryPolicyTest {

  private static final Duration ONE_MS = Duration.ofMillis(1);
  private static final Duration ONE_DAY = Duration.ofDays(1);

  /** 1 ms doubling up to 30 ms, for at most 10 minutes. */
  private final RetryPolicy policy =
      new RetryPolicy(ONE_MS, Duration.ofMillis(30), Duration.ofMinutes(10));

  @Test
  void aSuccessIsReturnedWithoutWaiting() throws SQLException {
    AtomicInteger retries = new AtomicInteger();

    assertThat(policy.call("test", () -> "done", retries::incrementAndGet)).isEqualTo("done");
    assertThat(retries).hasValue(0);
  }

  @Test
  void transientFailuresAreRetriedWithDoublingWaits() throws SQLException {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();

    String result =
        policy.call(
            "test",
            () -> {
              if (attempts.incrementAndGet() <= 4) {
                throw new SQLException("deadlock detected", "40P01");
              }
              return "done";
            },
            retries::incrementAndGet);

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(5);
    assertThat(retries).hasValue(4);
  }

  @Test
  void theWaitDoublesUpToTheCap() {
    assertThat(
            waitsOf(
                policy,
                () -> {
                  throw new SQLException("connection refused", "08001");
                },
                8))
        .containsExactly(
            Duration.ofMillis(1),
            Duration.ofMillis(2),
            Duration.ofMillis(4),
            Duration.ofMillis(8),
            Duration.ofMillis(16),
            Duration.ofMillis(30),
            Duration.ofMillis(30));
  }

  @Test
  void itGivesUpOnceMaxElapsedIsSpentCuttingTheLastWait() {
    RetryPolicy brief =
        new RetryPolicy(Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofMillis(100));
    ConnectionErrors errors = new ConnectionErrors();
    List<Duration> waits = new ArrayList<>();

    assertThatThrownBy(
            () ->
                Failsafe.with(
                        brief
                            .<Object>builder()
                            .onRetryScheduled(event -> waits.add(event.getDelay()))
                            .build())
                    .get(
                        () -> {
                          throw errors.next();
                        }))
        .hasCauseReference(errors.last());
    // 20 + 40 = 60 ms waited; the next 80 would end past 100 ms, so it is cut to what is left.
    assertThat(waits).hasSizeGreaterThanOrEqualTo(3);
    assertThat(waits.subList(0, 2)).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
    assertThat(waits.get(2)).isLessThanOrEqualTo(Duration.ofMillis(40));
    assertThat(waits.stream().map(Duration::toMillis).mapToLong(Long::longValue).sum())
        .isLessThanOrEqualTo(100);
  }

  @Test
  void theLastErrorIsRethrownUnwrappedWhenGivingUp() {
    RetryPolicy brief =
        new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));
    ConnectionErrors errors = new ConnectionErrors();
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                brief.call(
                    "test",
                    () -> {
                      throw errors.next();
                    }))
        .isSameAs(errors.last());
    assertThat(errors.count()).isGreaterThan(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void timeSpentInTheAttemptsCountsTowardsMaxElapsed() {
    RetryPolicy brief =
        new RetryPolicy(Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofMillis(100));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                brief.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      sleep(Duration.ofMillis(60)); // a slow attempt
                      throw new SQLException("too many connections", "53300");
                    }))
        .hasMessage("too many connections");
    // 60 ms, a 10 ms wait, 60 ms: past 100 ms, whatever the waits.
    assertThat(attempts).hasValue(2);
  }

  @Test
  void zeroMaxElapsedNeverRetries() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                policy
                    .withMaxElapsed(Duration.ZERO)
                    .call(
                        "test",
                        () -> {
                          attempts.incrementAndGet();
                          throw new SQLException("serialization failure", "40001");
                        }))
        .isInstanceOf(SQLException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void permanentErrorsAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    SQLException checkViolation = new SQLException("violates check constraint", "23514");

    assertThatThrownBy(
            () ->
                policy.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      throw checkViolation;
                    },
                    retries::incrementAndGet))
        .isSameAs(checkViolation);
    assertThat(attempts).hasValue(1);
    assertThat(retries).hasValue(0);
  }

  @Test
  void runtimeExceptionsPassThroughUntouched() {
    AtomicInteger attempts = new AtomicInteger();
    IllegalStateException bug = new IllegalStateException("bug");

    assertThatThrownBy(
            () ->
                policy.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      throw bug;
                    }))
        .isSameAs(bug);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aPoolTimeoutWithoutSqlStateIsRetried() throws SQLException {
    AtomicInteger attempts = new AtomicInteger();

    int result =
        policy.call(
            "test",
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new SQLTransientConnectionException("Connection is not available");
              }
              return 7;
            });

    assertThat(result).isEqualTo(7);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void anInterruptStopsTheRetriesAndKeepsTheFlag() {
    RetryPolicy patient = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), ONE_DAY);
    AtomicInteger attempts = new AtomicInteger();
    SQLException refused = new SQLException("connection refused", "08001");

    try {
      assertThatThrownBy(
              () ->
                  patient.call(
                      "test",
                      () -> {
                        attempts.incrementAndGet();
                        Thread.currentThread().interrupt(); // interrupts the wait that follows
                        throw refused;
                      }))
          .isSameAs(refused)
          .satisfies(
              error ->
                  assertThat(error.getSuppressed())
                      .singleElement()
                      .isInstanceOf(InterruptedException.class));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(attempts).hasValue(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aStopEndsTheRetriesWithTheLastError() {
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy stoppable = policy.withMaxElapsed(ONE_DAY).withStop(stopping::get);

    assertThatThrownBy(
            () ->
                stoppable.call(
                    "test",
                    () -> {
                      if (attempts.incrementAndGet() == 3) {
                        stopping.set(true);
                      }
                      throw new SQLException("connection refused", "08001");
                    }))
        .hasMessage("connection refused");
    assertThat(attempts).hasValue(3);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void otherErrorsAreRetriedAsTheCallerSays() {
    AtomicInteger attempts = new AtomicInteger();

    String result =
        policy.run(
            "test",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("LOADING");
              }
              return "done";
            },
            IllegalStateException.class,
            error -> error.getMessage().equals("LOADING"),
            error -> ": " + error.getMessage(),
            () -> {});

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), ONE_DAY))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), ONE_DAY))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> new RetryPolicy(ONE_MS, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("maxElapsed");
  }

  @Test
  void theDefaultsAreThoseOfTheSpec() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.maxElapsed()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.stop()).isSameAs(RetryPolicy.StopSignal.NEVER);
    assertThat(defaults.<Object>builder().build().getConfig().getMaxDuration())
        .isEqualTo(Duration.ofMinutes(10));
  }

  /**
   * The waits Failsafe schedules for {@code failing} under {@code policy}, over {@code n} tries.
   */
  private static List<Duration> waitsOf(
      RetryPolicy policy, RetryPolicy.SqlCall<Object> failing, int n) {
    List<Duration> waits = new ArrayList<>();
    try {
      Failsafe.with(
              policy
                  .builder()
                  .withMaxAttempts(n)
                  .onRetryScheduled(event -> waits.add(event.getDelay()))
                  .build())
          .get(failing::call);
    } catch (RuntimeException expected) {
      // Given up after n attempts.
    }
    return waits;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What an attempt that always fails throws: a new connection error (SQLState 08006) each time.
   */
  private static final class ConnectionErrors {
    private final List<SQLException> thrown = new ArrayList<>();

    SQLException next() {
      SQLException error = new SQLException("attempt " + (thrown.size() + 1), "08006");
      thrown.add(error);
      return error;
    }

    SQLException last() {
      return thrown.get(thrown.size() - 1);
    }

    int count() {
      return thrown.size();
    }
  }
}
