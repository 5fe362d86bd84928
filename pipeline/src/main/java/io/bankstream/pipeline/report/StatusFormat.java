package io.bankstream.pipeline.report;

import java.time.Duration;
import java.util.Locale;

/**
 * The status line and the summary of a run, as the pipeline prints them (and the demo can):
 *
 * <pre>
 * [   35s] written 1,001/s | decided 12,345 (approved 91.2%) | dead letters 12 | lag 40 | rules v3 |
 * write p99 45 ms
 * Stopped after 2m05s: decided 60,000 (approved 91.2%), 12 dead letters, 480.0 decisions/s, write
 * p99 52 ms, lag 0
 * </pre>
 *
 * A number not known is {@code ?} (the rate of the first line; the lag while Kafka does not answer,
 * then followed by {@code (Kafka unreachable for 35s)}), a write p99 with no row written in the
 * period is {@code -}. The rate is of rows written (decisions and dead letters) since the previous
 * line.
 */
public final class StatusFormat {

  private StatusFormat() {}

  /** One status line, without a line end. */
  public static String line(StatusSnapshot status) {
    return String.format(
        Locale.ROOT,
        "[%6ds] written %s/s | decided %,d (approved %.1f%%) | dead letters %,d | lag %s"
            + " | rules v%d | write p99 %s",
        status.elapsed().toSeconds(),
        status.periodRate() == null
            ? "?"
            : String.format(Locale.ROOT, "%,.0f", status.periodRate()),
        status.decided(),
        100 * status.approvedShare(),
        status.deadLetters(),
        lag(status),
        status.rulesVersion(),
        millis(status.periodWriteP99Millis()));
  }

  /** The summary of a run that ends with {@code status}, without a line end. */
  public static String summary(StatusSnapshot status) {
    return String.format(
        Locale.ROOT,
        "Stopped after %s: decided %,d (approved %.1f%%), %,d dead letters, %.1f decisions/s on"
            + " average, write p99 %s over the run, lag %s",
        duration(status.elapsed()),
        status.decided(),
        100 * status.approvedShare(),
        status.deadLetters(),
        status.meanRate(),
        millis(status.runWriteP99Millis()),
        lag(status));
  }

  private static String lag(StatusSnapshot status) {
    if (status.lag().isPresent()) {
      return String.format(Locale.ROOT, "%,d", status.lag().getAsLong());
    }
    return status.kafkaUnreachable() == null
        ? "?"
        : "? (Kafka unreachable for " + duration(status.kafkaUnreachable()) + ")";
  }

  private static String millis(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f ms", value);
  }

  /** {@code 45s}, {@code 2m05s}, {@code 1h02m03s}. */
  static String duration(Duration elapsed) {
    long seconds = elapsed.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(
        Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
