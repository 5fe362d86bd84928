package io.bankstream.producer.publish;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one progress line a second while records are published: how many were sent, the rate over
 * the last second, and the errors so far with the latest one; before it, a warning line when Kafka
 * stops acknowledging and one when it starts again ({@link DeliveryWatch}).
 */
final class Progress implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final PrintWriter out;
  private final RecordPublisher publisher;
  private final long startNanos = System.nanoTime();
  private final DeliveryWatch watch;
  private long lastSent;
  private long lastNanos = startNanos;

  Progress(PrintWriter out, RecordPublisher publisher, Duration interval) {
    this.out = out;
    this.publisher = publisher;
    this.watch = new DeliveryWatch(publisher.bootstrapServers(), startNanos);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bankstream-progress");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void print() {
    long now = System.nanoTime();
    long sent = publisher.sent();
    double rate = (sent - lastSent) * 1e9 / Math.max(1, now - lastNanos);
    lastSent = sent;
    lastNanos = now;
    String error = publisher.lastError();
    watch.observe(now, sent, publisher.acknowledged(), publisher.failed()).ifPresent(out::println);
    out.printf(
        "[%5.0fs] sent %,d | %,.0f/s | acked %,d | errors %,d%s%n",
        (now - startNanos) / 1e9,
        sent,
        rate,
        publisher.acknowledged(),
        publisher.failed(),
        error == null ? "" : " (last: " + error + ")");
    out.flush();
  }

  /** Seconds since this progress started. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
