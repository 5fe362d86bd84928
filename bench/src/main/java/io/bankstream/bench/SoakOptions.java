package io.bankstream.bench;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ./bankstream bench --mode soak}'s options: the rate, how long, how often to sample. */
final class SoakOptions {

  @Option(
      names = "--rate",
      paramLabel = "<per-second>",
      defaultValue = "2000",
      description = "Soak: the steady rate offered (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--soak-minutes",
      paramLabel = "<min>",
      defaultValue = "60",
      description = "Soak: how long the rate is offered (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--sample-seconds",
      paramLabel = "<s>",
      defaultValue = "5",
      description = "Soak: seconds between samples (default: ${DEFAULT-VALUE}).")
  int sampleSeconds;

  SoakRun.Plan plan(Contender contender) {
    return new SoakRun.Plan(contender, rate, minutes, sampleSeconds);
  }

  void validate(CommandLine line) {
    if (rate < 1) {
      throw new ParameterException(line, "--rate must be at least 1, was " + rate);
    }
    if (!(minutes > 0)) {
      throw new ParameterException(line, "--soak-minutes must be positive, was " + minutes);
    }
    if (sampleSeconds < 1) {
      throw new ParameterException(
          line, "--sample-seconds must be at least 1, was " + sampleSeconds);
    }
  }
}
