package io.bankstream.cluster;

import java.time.Duration;

/**
 * The end of a wait for daemons to come up: a condition is polled every 250 ms until it holds or
 * the deadline has passed, and the error then names what did not happen and quotes a log.
 */
final class Deadline {

  private static final long POLL_MILLIS = 250;

  private final long end;
  private final String waitingFor;

  private Deadline(long end, String waitingFor) {
    this.end = end;
    this.waitingFor = waitingFor;
  }

  /**
   * {@code timeout} after {@code startNanos} (a {@link System#nanoTime}); {@code waitingFor} ends
   * the message of an interruption ({@code "interrupted while waiting for " + waitingFor}).
   */
  static Deadline after(long startNanos, Duration timeout, String waitingFor) {
    return new Deadline(startNanos + timeout.toNanos(), waitingFor);
  }

  /** {@code timeout} from now. */
  static Deadline after(Duration timeout, String waitingFor) {
    return after(System.nanoTime(), timeout, waitingFor);
  }

  boolean passed() {
    return System.nanoTime() > end;
  }

  /**
   * Throws {@code "<what> in time"} with the end of {@code daemon}'s log if the deadline has
   * passed, else pauses before the condition is polled again.
   */
  void awaitOrFail(String what, Daemon daemon) {
    if (passed()) {
      throw new ClusterStartException(what + " in time; its log ends with:\n" + daemon.tail(30));
    }
    pause();
  }

  /** Waits before the condition is polled again. */
  void pause() {
    try {
      Thread.sleep(POLL_MILLIS); // Polling a condition, bounded by the deadline.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted while waiting for " + waitingFor, e);
    }
  }

  /** Throws with its exit code and the end of its log if {@code daemon} has exited. */
  static void requireAlive(Daemon daemon) {
    if (!daemon.isAlive()) {
      throw new ClusterStartException(
          daemon.name() + " exited with " + daemon.exitValue() + ":\n" + daemon.tail(30));
    }
  }
}
