package io.bankstream.dashboard.poll;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a blocking task over and over on its own thread (a daemon named {@code
 * bankstream-dashboard-<name>}): every {@link Backoff#period()} while the task reports success,
 * backing off exponentially while it reports failure (or throws), back to the period after the next
 * success. No JavaFX: the task hands its results to the UI itself. It is also an {@link Executor}
 * for one-off work that must not overlap the task (switching a data source, a history load), run on
 * the same thread in submission order.
 *
 * <p>{@link #start()} runs the task at once, {@link #refreshNow()} runs it again at once (and
 * restarts the backoff), {@link #stop()} ends the thread; a stopped poller cannot be restarted.
 */
public final class Poller implements Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

  private final String name;
  private final BooleanSupplier task;
  private final ScheduledThreadPoolExecutor executor;
  private volatile Backoff backoff;

  // Guarded by this.
  private boolean running;
  private boolean stopped;
  private long generation;
  private ScheduledFuture<?> pending;

  // Only touched on the poller's thread.
  private int consecutiveFailures;
  private volatile Duration nextDelay = Duration.ZERO;

  /**
   * @param name the thread's name is {@code bankstream-dashboard-<name>}
   * @param backoff the period and the retry delays
   * @param task the work; returns whether it succeeded
   */
  public Poller(String name, Backoff backoff, BooleanSupplier task) {
    this.name = Objects.requireNonNull(name, "name");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.task = Objects.requireNonNull(task, "task");
    String threadName = threadName(name);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** The name of the thread a poller called {@code name} runs on. */
  public static String threadName(String name) {
    return "bankstream-dashboard-" + name;
  }

  /** Runs the task now, then on schedule. Does nothing when already running. */
  public synchronized void start() {
    if (stopped) {
      throw new IllegalStateException("poller " + name + " was stopped");
    }
    if (!running) {
      running = true;
      scheduleLocked(Duration.ZERO);
    }
  }

  /** Runs the task again at once (after what the thread is doing now) and restarts the backoff. */
  public synchronized void refreshNow() {
    if (running) {
      executor.execute(() -> consecutiveFailures = 0);
      scheduleLocked(Duration.ZERO);
    }
  }

  /** Stops the schedule and ends the thread; a task in progress finishes on its own. */
  public void stop() {
    synchronized (this) {
      running = false;
      stopped = true;
      generation++;
      if (pending != null) {
        pending.cancel(false);
      }
    }
    executor.shutdownNow();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Waits up to {@code timeout} for the thread to end after {@link #stop()}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code command} once on the poller's thread, after what is queued before it. */
  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    executor.execute(
        () -> {
          try {
            command.run();
          } catch (RuntimeException e) {
            LOG.warn("{}: a one-off task failed", name, e);
          }
        });
  }

  /** Changes the period and retry delays from the next run on. */
  public void setBackoff(Backoff backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  public Backoff backoff() {
    return backoff;
  }

  /** How long the poller waited (or waits) before the run in progress (or the next one). */
  public Duration nextDelay() {
    return nextDelay;
  }

  /** How many runs in a row failed so far; 0 after a success. Read it on the poller's thread. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public boolean isRunning() {
    synchronized (this) {
      return running;
    }
  }

  private void scheduleLocked(Duration delay) {
    long current = ++generation;
    if (pending != null) {
      pending.cancel(false);
    }
    nextDelay = delay;
    pending = executor.schedule(() -> runOnce(current), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runOnce(long scheduledGeneration) {
    boolean success;
    try {
      success = task.getAsBoolean();
    } catch (RuntimeException e) {
      // Once per failure, without the trace (a source that is down fails every retry).
      LOG.warn("{}: the polled task failed: {}", name, e.toString());
      LOG.debug("{}: the polled task failed", name, e);
      success = false;
    }
    consecutiveFailures = success ? 0 : consecutiveFailures + 1;
    Duration delay = backoff.delayAfter(consecutiveFailures);
    synchronized (this) {
      // A refreshNow() while this ran has already scheduled the next run.
      if (running && scheduledGeneration == generation) {
        scheduleLocked(delay);
      }
    }
  }
}
