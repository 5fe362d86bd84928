package io.bankstream.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (or SIGTERM) while the bench runs: a shutdown hook asks the work to stop (by default it
 * interrupts the thread that opened this, so its waits end and its try-with-resources stop the
 * contender, the clusters and the stack) and waits while that happens, at most {@code wait}.
 * Stopping a process waits for it too, so what stops one runs {@link #uninterrupted}.
 */
final class StopOnSignal implements AutoCloseable {

  /** Work that may throw, run by {@link #uninterrupted}. */
  interface Work<E extends Exception> {
    void run() throws E;
  }

  private final AtomicReference<Runnable> stop;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  StopOnSignal(Duration wait) {
    stop = new AtomicReference<>(Thread.currentThread()::interrupt);
    hook =
        new Thread(
            () -> {
              signalled.set(true);
              stop.get().run();
              try {
                finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** What a signal does instead of interrupting: the soak stops its load and writes its report. */
  void onStop(Runnable action) {
    stop.set(action);
  }

  /** Whether a signal came: the work's exception is then the interrupt's, not a failure. */
  boolean signalled() {
    return signalled.get();
  }

  /**
   * Runs {@code work} with this thread's interrupt cleared, and sets it again after: the interrupt
   * of a Ctrl-C ends the bench's waits, not the wait for what it started to stop.
   */
  static <E extends Exception> void uninterrupted(Work<E> work) throws E {
    boolean interrupted = Thread.interrupted();
    try {
      work.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook is what let this finish.
    }
  }
}
