package io.bankstream.bench;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./bankstream bench --mode capacity}'s options: the first rate, the factor between steps,
 * the largest rate, a step's length and grace, and the p99 limit.
 */
final class CapacityOptions {

  @Option(
      names = "--start-rate",
      paramLabel = "<per-second>",
      defaultValue = "1000",
      description = "Capacity: the first rate offered (default: ${DEFAULT-VALUE}).")
  int startRate;

  @Option(
      names = "--step-factor",
      paramLabel = "<x>",
      defaultValue = "1.5",
      description =
          "Capacity: each rate is the last times this, to two significant digits (default:"
              + " ${DEFAULT-VALUE}).")
  double stepFactor;

  @Option(
      names = "--max-rate",
      paramLabel = "<per-second>",
      defaultValue = "100000",
      description = "Capacity: the largest rate offered (default: ${DEFAULT-VALUE}).")
  int maxRate;

  @Option(
      names = "--step-seconds",
      paramLabel = "<s>",
      defaultValue = "60",
      description = "Capacity: how long each rate is offered (default: ${DEFAULT-VALUE}).")
  int stepSeconds;

  @Option(
      names = "--grace-seconds",
      paramLabel = "<s>",
      defaultValue = "10",
      description =
          "Capacity: how long after a step's last record its records may take to be written"
              + " before the contender counts as behind (default: ${DEFAULT-VALUE}).")
  int graceSeconds;

  @Option(
      names = "--p99-limit-ms",
      paramLabel = "<ms>",
      defaultValue = "1000",
      description =
          "Capacity: the p99 from Kafka append to write a sustained step stays under (default:"
              + " ${DEFAULT-VALUE}).")
  double p99LimitMillis;

  CapacityRun.Plan plan() {
    return new CapacityRun.Plan(
        startRate, stepFactor, maxRate, stepSeconds, graceSeconds, p99LimitMillis);
  }

  void validate(CommandLine line) {
    require(line, startRate >= 1, "--start-rate must be at least 1, was " + startRate);
    require(line, stepFactor > 1, "--step-factor must be above 1, was " + stepFactor);
    require(
        line,
        maxRate >= startRate,
        "--max-rate must be at least --start-rate (" + startRate + "), was " + maxRate);
    require(line, stepSeconds >= 1, "--step-seconds must be at least 1, was " + stepSeconds);
    require(line, graceSeconds >= 0, "--grace-seconds must be at least 0, was " + graceSeconds);
    require(line, p99LimitMillis > 0, "--p99-limit-ms must be positive, was " + p99LimitMillis);
  }

  private static void require(CommandLine line, boolean holds, String message) {
    if (!holds) {
      throw new ParameterException(line, message);
    }
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "capacity from %,d/s times %.2f a step, %d s a step, p99 limit %.0f ms, grace %d s",
        startRate,
        stepFactor,
        stepSeconds,
        p99LimitMillis,
        graceSeconds);
  }
}
