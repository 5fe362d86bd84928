package io.bankstream.dashboard.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollerTest {

  private static final Duration PERIOD = Duration.ofMillis(5);
  private static final Backoff FAST =
      new Backoff(PERIOD, Duration.ofMillis(10), Duration.ofMillis(40));

  private Poller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.stop();
    }
  }

  @Test
  void backsOffWhileTheTaskFailsAndReturnsToThePeriodAfterASuccess() throws Exception {
    Deque<Boolean> outcomes =
        new ArrayDeque<>(List.of(false, false, false, false, false, true, true));
    List<Duration> delays = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Poller[] self = new Poller[1];
    poller =
        new Poller(
            "test",
            FAST,
            () -> {
              delays.add(self[0].nextDelay());
              Boolean outcome = outcomes.poll();
              if (outcome == null) {
                done.countDown();
                return true;
              }
              return outcome;
            });
    self[0] = poller;

    poller.start();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    // The delay before each run: at once, then 10, 20, 40, 40 (capped), 40 ms after failures,
    // then the period after the successes.
    assertThat(delays.subList(0, 8).stream().map(Duration::toMillis))
        .containsExactly(0L, 10L, 20L, 40L, 40L, 40L, 5L, 5L);
  }

  @Test
  void aThrowingTaskCountsAsAFailure() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch twice = new CountDownLatch(2);
    poller =
        new Poller(
            "throwing",
            FAST,
            () -> {
              runs.incrementAndGet();
              twice.countDown();
              throw new IllegalStateException("boom");
            });

    poller.start();

    assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(poller.nextDelay()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
  }

  @Test
  void runsOnItsOwnNamedDaemonThread() throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);
    poller =
        new Poller(
            "live",
            FAST,
            () -> {
              threads.add(Thread.currentThread());
              ran.countDown();
              return true;
            });

    poller.start();

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads.get(0).getName()).isEqualTo("bankstream-dashboard-live");
    assertThat(threads.get(0).isDaemon()).isTrue();
  }

  @Test
  void refreshNowRunsAtOnceDespiteALongPeriod() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(2);
    poller =
        new Poller(
            "slow",
            Backoff.standard(Duration.ofHours(1)),
            () -> {
              runs.incrementAndGet();
              first.countDown();
              second.countDown();
              return true;
            });
    poller.start();
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

    poller.refreshNow();

    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void refreshNowRestartsTheBackoff() throws Exception {
    CountDownLatch failedTwice = new CountDownLatch(2);
    List<Duration> delays = new CopyOnWriteArrayList<>();
    Poller[] self = new Poller[1];
    poller =
        new Poller(
            "failing",
            new Backoff(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofHours(1)),
            () -> {
              delays.add(self[0].nextDelay());
              failedTwice.countDown();
              return false;
            });
    self[0] = poller;
    poller.start();
    assertThat(failedTwice.await(10, TimeUnit.SECONDS)).isTrue();

    poller.refreshNow();
    List<Duration> afterRefresh = new CopyOnWriteArrayList<>();
    CountDownLatch observed = new CountDownLatch(1);
    // Queued right behind the refresh's run, so it sees the delay that run chose.
    poller.execute(
        () -> {
          afterRefresh.add(poller.nextDelay());
          observed.countDown();
        });

    assertThat(observed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(afterRefresh).containsExactly(Duration.ofMillis(10));
  }

  @Test
  void executeRunsOneOffWorkOnThePollersThreadBeforeItStarts() throws Exception {
    poller = new Poller("history", FAST, () -> true);
    List<String> names = new CopyOnWriteArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);

    poller.execute(
        () -> {
          names.add(Thread.currentThread().getName());
          ran.countDown();
        });

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(names).containsExactly("bankstream-dashboard-history");
  }

  @Test
  void stopEndsTheThreadAndTheRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch some = new CountDownLatch(3);
    poller =
        new Poller(
            "stopping",
            FAST,
            () -> {
              runs.incrementAndGet();
              some.countDown();
              return true;
            });
    poller.start();
    assertThat(some.await(10, TimeUnit.SECONDS)).isTrue();

    poller.stop();

    assertThat(poller.awaitTermination(Duration.ofSeconds(10))).isTrue();
    int after = runs.get();
    assertThat(poller.isRunning()).isFalse();
    // Terminated: no thread is left to run it again.
    assertThat(runs.get()).isEqualTo(after);
  }
}
