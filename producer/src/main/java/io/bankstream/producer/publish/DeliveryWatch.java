package io.bankstream.producer.publish;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells from the publisher's counts when Kafka stops acknowledging and when it starts again, as one
 * line per state change: records waiting (sent, neither acknowledged nor failed) and no
 * acknowledgement for {@link #STALL} means the broker is not reachable; the next acknowledgement
 * means it is again. The Kafka client retries the waiting records by itself (idempotent, so none
 * twice) until its delivery timeout; its own reconnection logs stay quiet. Times are {@link
 * System#nanoTime} readings passed in, so the logic is tested without waiting. Not thread-safe: the
 * progress timer owns it.
 */
final class DeliveryWatch {

  /** How long records may wait with no acknowledgement before Kafka is called unreachable. */
  static final Duration STALL = Duration.ofSeconds(5);

  private final String kafka;
  private long lastAcknowledged;
  private long lastProgressNanos;
  private boolean down;
  private long downSinceNanos;

  /**
   * @param bootstrapServers where the publisher sends, for the lines
   * @param startNanos when publishing started
   */
  DeliveryWatch(String bootstrapServers, long startNanos) {
    this.kafka = "Kafka at " + bootstrapServers;
    this.lastProgressNanos = startNanos;
  }

  /**
   * Looks at the publisher's counts at {@code nanos}; returns a line when Kafka stopped or started
   * acknowledging since the last look.
   */
  Optional<String> observe(long nanos, long sent, long acknowledged, long failed) {
    long waiting = Math.max(0, sent - acknowledged - failed);
    if (acknowledged > lastAcknowledged) {
      lastAcknowledged = acknowledged;
      lastProgressNanos = nanos;
      if (down) {
        down = false;
        return Optional.of(
            String.format(
                Locale.ROOT,
                "warning: %s reachable again after %d s; %,d records waiting, %,d failed so far",
                kafka,
                seconds(nanos - downSinceNanos),
                waiting,
                failed));
      }
      return Optional.empty();
    }
    if (waiting == 0) {
      lastProgressNanos = nanos; // Nothing to acknowledge: silence says nothing about Kafka.
      return Optional.empty();
    }
    if (!down && nanos - lastProgressNanos >= STALL.toNanos()) {
      down = true;
      downSinceNanos = lastProgressNanos;
      return Optional.of(
          String.format(
              Locale.ROOT,
              "warning: %s unreachable: nothing acknowledged for %d s; %,d records waiting, retried"
                  + " by the client",
              kafka,
              seconds(nanos - lastProgressNanos),
              waiting));
    }
    return Optional.empty();
  }

  private static long seconds(long nanos) {
    return Math.round(nanos / 1e9);
  }
}
