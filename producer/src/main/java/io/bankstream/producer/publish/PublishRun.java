package io.bankstream.producer.publish;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The publishing loop shared by {@code produce} and {@code replay}: takes records from a source at
 * a rate, until a count, a duration, the end of the source, or Ctrl-C; prints progress every
 * second; then flushes and prints a summary, also on Ctrl-C (the shutdown hook waits for it).
 */
public final class PublishRun {

  /** One record to publish. */
  public record Outgoing(String key, byte[] value, String label) {}

  /** Where records come from; {@code null} means there are no more. */
  @FunctionalInterface
  public interface Source {
    Outgoing next() throws Exception;
  }

  /** What a run did. */
  public record Result(long sent, long acknowledged, long failed, double seconds, boolean stopped) {

    public double rate() {
      return seconds > 0 ? sent / seconds : 0;
    }
  }

  private static final Duration FLUSH_ON_STOP = Duration.ofSeconds(30);

  private PublishRun() {}

  /**
   * Publishes from {@code source} until it ends, {@code maxRecords} (0: no limit) or {@code
   * maxDuration} (null: no limit) is reached, or the process is asked to stop.
   *
   * @param details extra summary lines, printed after the totals
   */
  public static Result run(
      PrintWriter out,
      RecordPublisher publisher,
      Source source,
      double recordsPerSecond,
      long maxRecords,
      Duration maxDuration,
      Supplier<String> details)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                finished.await(FLUSH_ON_STOP.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bankstream-stop");
    Runtime.getRuntime().addShutdownHook(hook);

    Pacer pacer = new Pacer(recordsPerSecond);
    long deadline =
        maxDuration == null ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos();
    Progress progress = new Progress(out, publisher, Duration.ofSeconds(1));
    try {
      while (!stop.get()
          && (maxRecords == 0 || publisher.sent() < maxRecords)
          && System.nanoTime() < deadline) {
        Outgoing record = source.next();
        if (record == null) {
          break;
        }
        pacer.awaitNext();
        publisher.send(record.key(), record.value(), record.label());
      }
      publisher.flush();
      progress.close();
      Result result =
          new Result(
              publisher.sent(),
              publisher.acknowledged(),
              publisher.failed(),
              progress.elapsedSeconds(),
              stop.get());
      out.printf(
          "%s %,d records in %.1f s (%,.0f/s): acknowledged %,d, failed %,d.%n",
          result.stopped() ? "Stopped after" : "Sent",
          result.sent(),
          result.seconds(),
          result.rate(),
          result.acknowledged(),
          result.failed());
      String more = details.get();
      if (!more.isEmpty()) {
        out.println(more);
      }
      if (result.failed() > 0) {
        out.printf("Last failure: %s%n", publisher.lastError());
      }
      out.flush();
      return result;
    } finally {
      progress.close();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and has just been released.
      }
    }
  }
}
