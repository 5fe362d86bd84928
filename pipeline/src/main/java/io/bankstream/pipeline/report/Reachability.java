package io.bankstream.pipeline.report;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a service answered its last request, told as state changes: {@link #failed} returns the
 * line to print when the service stops answering, {@link #answered} the line when it answers again,
 * and both return nothing while the state stays. So an outage is two lines however long it lasts,
 * whatever the client's own retries log. Times are {@link System#nanoTime} readings passed in, so
 * the logic is tested without waiting. Not thread-safe: one {@link PipelineStatus} owns it.
 */
final class Reachability {

  private final String service;
  private long downSinceNanos;
  private boolean down;
  private long outages;

  /**
   * @param service how the lines name the service, e.g. {@code Kafka at 127.0.0.1:9092}
   */
  Reachability(String service) {
    this.service = service;
  }

  /**
   * A request started at {@code askedNanos} failed at {@code nowNanos} with {@code cause}; returns
   * {@code "<service> unreachable for N s (<cause>)"} when the service was answering until now.
   */
  Optional<String> failed(long askedNanos, long nowNanos, Throwable cause) {
    if (down) {
      return Optional.empty();
    }
    down = true;
    downSinceNanos = askedNanos;
    outages++;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s unreachable for %d s (%s)",
            service,
            seconds(nowNanos - askedNanos),
            describe(cause)));
  }

  /**
   * A request answered at {@code nowNanos}; returns {@code "<service> reachable again after N s"}
   * when it ends an outage.
   */
  Optional<String> answered(long nowNanos) {
    if (!down) {
      return Optional.empty();
    }
    down = false;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s reachable again after %d s",
            service,
            seconds(nowNanos - downSinceNanos)));
  }

  /** How long the service has not answered at {@code nowNanos}; null while it answers. */
  Duration unreachableFor(long nowNanos) {
    return down ? Duration.ofNanos(nowNanos - downSinceNanos) : null;
  }

  /** How many times the service stopped answering. */
  long outages() {
    return outages;
  }

  private static long seconds(long nanos) {
    return Math.round(nanos / 1e9);
  }

  /** The cause's type and the first line of its message: no stack trace. */
  private static String describe(Throwable cause) {
    if (cause == null) {
      return "no cause given";
    }
    String message = cause.getMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
    return first.isEmpty()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + first;
  }
}
