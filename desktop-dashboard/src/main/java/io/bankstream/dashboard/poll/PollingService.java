package io.bankstream.dashboard.poll;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ScheduledService} that reads a data source over and over on its executor: every {@link
 * Backoff#period()} while the reads succeed, after {@link Backoff#delayAfter} while they fail (both
 * counted from the start of the previous read), back to the period after the next success. Each
 * read is the {@link Callable} that {@code reads} makes on the FX thread when the read is
 * scheduled, so it can capture the view's state of that moment; the result or the failure comes
 * back on the FX thread through the service's {@code onSucceeded} and {@code onFailed}.
 *
 * <p>{@link #restartNow()} drops the read in flight (its result never arrives) and reads again at
 * once with the backoff reset; {@link #cancel()} stops it. Use it on the FX thread only, as every
 * {@code Service}. Its executor should run one task at a time, such as {@link #singleThread}: then
 * reads of one source never overlap, and {@link #closeAfterReads} closes a source after the read of
 * it still in flight.
 *
 * @param <T> what one read gives
 */
public final class PollingService<T> extends ScheduledService<T> {

  private static final Logger LOG = LoggerFactory.getLogger(PollingService.class);

  private final Supplier<Callable<T>> reads;
  private Backoff backoff;

  /**
   * @param executor runs the reads (never the FX thread)
   * @param backoff the period and the retry delays
   * @param reads makes the next read, on the FX thread
   */
  public PollingService(Executor executor, Backoff backoff, Supplier<Callable<T>> reads) {
    this.reads = Objects.requireNonNull(reads, "reads");
    setExecutor(Objects.requireNonNull(executor, "executor"));
    setBackoff(backoff);
    // The strategy's delay is the whole wait before the next read, not an addition to the period.
    setBackoffStrategy(service -> millis(this.backoff.delayAfter(getCurrentFailureCount())));
  }

  /** Changes the period and the retry delays from the next read on. */
  public void setBackoff(Backoff backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    setPeriod(millis(backoff.period()));
  }

  /** Reads at once, dropping the read in flight, and restarts the backoff; starts it if need be. */
  public void restartNow() {
    // cancel() also drops the timer of a read waiting for its delay, which restart() leaves set.
    cancel();
    restart();
  }

  /**
   * Closes {@code source} on the executor, after the reads queued before (the one of {@code source}
   * still in flight); a failure to close is logged.
   */
  public void closeAfterReads(AutoCloseable source) {
    getExecutor()
        .execute(
            () -> {
              try {
                source.close();
              } catch (Exception e) {
                LOG.warn("closing a data source failed", e);
              }
            });
  }

  @Override
  protected Task<T> createTask() {
    Callable<T> read = reads.get();
    return new Task<>() {
      @Override
      protected T call() throws Exception {
        return read.call();
      }
    };
  }

  /**
   * One daemon thread named {@code bankstream-dashboard-<name>} that runs the tasks in the order
   * given. Tasks handed over after {@link ExecutorService#shutdown()} are dropped rather than
   * refused: a read whose delay ended while the dashboard closed has nothing left to do.
   */
  public static ExecutorService singleThread(String name) {
    String threadName = threadName(name);
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, threadName);
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.DiscardPolicy());
  }

  /** The name of the dashboard's thread called {@code name}. */
  public static String threadName(String name) {
    return "bankstream-dashboard-" + name;
  }

  /** A failure's message in one line of at most 200 characters, for a status bar. */
  public static String reason(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      message = failure.getClass().getSimpleName();
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 200 ? message.substring(0, 199) + "…" : message;
  }

  private static Duration millis(java.time.Duration duration) {
    return Duration.millis(duration.toMillis());
  }
}
