package io.bankstream.dashboard.poll;

import static io.bankstream.dashboard.testing.Fx.run;
import static io.bankstream.dashboard.testing.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.bankstream.dashboard.testing.Fx;
import io.bankstream.dashboard.testing.HeadlessToolkit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The polling service on the (headless) FX thread: where the reads run and their results land, the
 * {@link Backoff}'s delays while the reads fail and after, and a restart that resets them.
 */
@ExtendWith(HeadlessToolkit.class)
class PollingServiceTest {

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(40));

  private final ExecutorService executor = PollingService.singleThread("polling-test");
  private PollingService<String> service;

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null) {
      run(service::cancel);
    }
    Fx.shutDown(executor);
  }

  @Test
  void readsOnItsOwnNamedDaemonThreadAndDeliversOnTheFxThread() {
    List<Thread> readers = new CopyOnWriteArrayList<>();
    List<String> delivered = new CopyOnWriteArrayList<>();
    service =
        new PollingService<>(
            executor,
            Backoff.standard(Duration.ofHours(1)),
            () ->
                () -> {
                  readers.add(Thread.currentThread());
                  return "read";
                });
    service.setOnSucceeded(
        event -> delivered.add(service.getValue() + " on FX " + Platform.isFxApplicationThread()));

    run(service::restartNow);
    waitUntil("delivered", () -> !delivered.isEmpty());

    assertThat(readers).hasSize(1);
    assertThat(readers.get(0).getName()).isEqualTo("bankstream-dashboard-polling-test");
    assertThat(readers.get(0).isDaemon()).isTrue();
    assertThat(delivered).containsExactly("read on FX true");
  }

  @Test
  void backsOffWhileTheReadsFailAndReturnsToThePeriodAfterASuccess() {
    Deque<Boolean> outcomes =
        new ArrayDeque<>(List.of(false, false, false, false, false, true, true));
    List<Long> delays = new CopyOnWriteArrayList<>();
    service =
        new PollingService<>(
            executor, FAST, recordingDelays(delays, () -> outcomes.isEmpty() || outcomes.poll()));

    run(service::restartNow);
    waitUntil("eight reads", () -> delays.size() >= 8);

    // The wait before each read: none for the first, then 10, 20, 40, 40 (capped), 40 ms after
    // the failures, then the period after the successes.
    assertThat(delays.subList(1, 8)).containsExactly(10L, 20L, 40L, 40L, 40L, 5L, 5L);
  }

  @Test
  void restartNowReadsAtOnceAndRestartsTheBackoff() {
    Backoff hourly = new Backoff(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofHours(1));
    List<Long> delays = new CopyOnWriteArrayList<>();
    service = new PollingService<>(executor, hourly, recordingDelays(delays, () -> false));
    run(service::restartNow);
    waitUntil("three failed reads", () -> delays.size() >= 4);

    int before =
        Fx.get(
            () -> {
              int made = delays.size();
              service.restartNow();
              return made;
            });
    waitUntil("two reads since", () -> delays.size() >= before + 2);

    // The restart reads at once (the period it records is the wait after that read, were it to
    // succeed), then waits the first retry delay again.
    assertThat(delays.subList(before, before + 2)).containsExactly(3_600_000L, 10L);
  }

  @Test
  void theReaderThreadDropsWhatComesAfterItsShutdown() {
    executor.shutdown();

    assertThatCode(() -> executor.execute(() -> {})).doesNotThrowAnyException();
  }

  /**
   * Reads that succeed as {@code outcome} says, recording the wait before each (the service's
   * cumulative period when the read is made) in ms.
   */
  private Supplier<Callable<String>> recordingDelays(List<Long> delays, Supplier<Boolean> outcome) {
    return () -> {
      delays.add((long) service.getCumulativePeriod().toMillis());
      return () -> {
        if (!outcome.get()) {
          throw new IllegalStateException("down");
        }
        return "read";
      };
    };
  }
}
