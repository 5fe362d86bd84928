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
    if (startRate < 1
        || !(stepFactor > 1)
        || maxRate < startRate
        || stepSeconds < 1
        || graceSeconds < 0
        || !(p99LimitMillis > 0)) {
      throw new ParameterException(
          line,
          "--start-rate and --step-seconds must be at least 1, --step-factor above 1, --max-rate"
              + " at least --start-rate, --grace-seconds at least 0, --p99-limit-ms positive");
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
