package io.bankstream.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link RetryPolicy} with a fake clock: attempts, waits, giving up, and what is not retried. */
class RetryPolicyTest {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private final FakeSleeper sleeper = new FakeSleeper();
  private final RetryPolicy policy =
      new RetryPolicy(
          Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMinutes(10), sleeper);

  @Test
  void aSuccessIsReturnedWithoutWaiting() throws SQLException {
    assertThat(policy.call("test", () -> "done")).isEqualTo("done");
    assertThat(sleeper.waits).isEmpty();
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
    assertThat(sleeper.waits)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800));
  }

  @Test
  void theWaitDoublesUpToTheCap() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(9)).isEqualTo(Duration.ofMillis(25_600));
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> policy.backoff(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itGivesUpWhenTheNextWaitWouldEndAfterMaxElapsed() {
    RetryPolicy brief = policy.withMaxElapsed(ONE_SECOND);
    AtomicInteger attempts = new AtomicInteger();
    List<SQLException> thrown = new ArrayList<>();

    assertThatThrownBy(
            () ->
                brief.call(
                    "test",
                    () -> {
                      SQLException error =
                          new SQLException("attempt " + attempts.incrementAndGet(), "08006");
                      thrown.add(error);
                      throw error;
                    }))
        .isSameAs(thrown.get(thrown.size() - 1))
        .hasMessage("attempt 4");
    // 100 + 200 + 400 = 700 ms waited; another 800 would end at 1.5 s, past the 1 s budget.
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void timeSpentInTheAttemptsCountsTowardsMaxElapsed() {
    RetryPolicy brief = policy.withMaxElapsed(ONE_SECOND);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                brief.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      sleeper.advance(Duration.ofMillis(600)); // a slow attempt
                      throw new SQLException("too many connections", "53300");
                    }))
        .hasMessage("too many connections");
    assertThat(attempts).hasValue(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100));
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
    SQLException checkViolation = new SQLException("violates check constraint", "23514");

    assertThatThrownBy(
            () ->
                policy.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      throw checkViolation;
                    }))
        .isSameAs(checkViolation);
    assertThat(attempts).hasValue(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void runtimeExceptionsPassThroughUntouched() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                policy.call(
                    "test",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IllegalStateException("bug");
                    }))
        .isInstanceOf(IllegalStateException.class);
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
    RetryPolicy.Sleeper interrupting =
        new FakeSleeper() {
          @Override
          public void sleep(Duration duration) throws InterruptedException {
            throw new InterruptedException();
          }
        };
    RetryPolicy interrupted =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), ONE_SECOND, interrupting);

    try {
      assertThatThrownBy(
              () ->
                  interrupted.call(
                      "test",
                      () -> {
                        throw new SQLException("connection refused", "08001");
                      }))
          .isInstanceOf(SQLException.class)
          .hasMessage("connection refused");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), ONE_SECOND, sleeper))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(
            () ->
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), ONE_SECOND, sleeper))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(-1), sleeper))
        .hasMessageContaining("maxElapsed");
  }

  @Test
  void theDefaultsAreThoseOfTheSpec() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.maxElapsed()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.sleeper()).isSameAs(RetryPolicy.Sleeper.system());
  }

  /** A clock that only moves when slept on (or told to), recording every wait. */
  private static class FakeSleeper implements RetryPolicy.Sleeper {
    final List<Duration> waits = new ArrayList<>();
    private long now = 1_000_000_000L;

    void advance(Duration duration) {
      now += duration.toNanos();
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      waits.add(duration);
      advance(duration);
    }
  }
}
