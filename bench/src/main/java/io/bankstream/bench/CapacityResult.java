package io.bankstream.bench;

import java.util.List;
import java.util.Locale;

/**
 * One contender's capacity search ({@link CapacityRun}): every step, the highest rate sustained
 * with the p99 under the limit, and the exactly-once and ledger checks over all its records.
 *
 * @param contender floor, direct, flink, spark...
 * @param p99LimitMillis the p99 a sustained step stays under
 * @param stepSeconds how long each rate was offered
 * @param capacityPerSecond the highest rate sustained, 0 when the first step was not
 * @param p99AtCapacityMillis the p99 of that step
 * @param steps every step, in order
 * @param complete every record of every step written in the end
 * @param exactlyOnce every record in {@code transacoes} or {@code dead_letters}, none twice
 * @param ledgerHolds the ledger's checks, as in the other modes
 * @param peakMebibytes the peak resident memory over the search
 * @param problem why the search ended before a step could be judged, or null
 */
record CapacityResult(
    String contender,
    double p99LimitMillis,
    int stepSeconds,
    int capacityPerSecond,
    double p99AtCapacityMillis,
    List<Step> steps,
    boolean complete,
    boolean exactlyOnce,
    boolean ledgerHolds,
    long peakMebibytes,
    String problem) {

  CapacityResult {
    steps = List.copyOf(steps);
  }

  /**
   * One step: the rate offered, records sent, what was written a second, the p99 of its records,
   * and whether it was sustained (and if not, why).
   */
  record Step(
      int rate,
      long sent,
      double writtenPerSecond,
      double p99Millis,
      boolean sustained,
      String reason) {}

  /** The step the search stopped at, if it stopped at one that was not sustained. */
  Step stoppedAt() {
    return steps.stream().filter(step -> !step.sustained()).findFirst().orElse(null);
  }

  /** The capacity table, and each contender's steps below it. */
  static String markdown(List<CapacityResult> results) {
    CapacityResult first = results.get(0);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nCapacity: the highest steady rate each contender sustained, stepping the rate up"
                + " (%d s a step) until it fell behind or its p99 from Kafka append to write went"
                + " above %s.%n%n",
            first.stepSeconds(),
            Report.seconds(first.p99LimitMillis())));
    out.append(
        "| | capacity (records/s) | p99 at that rate | × floor | stopped at | exactly once |"
            + " ledger | peak RSS |\n");
    out.append("|---|---:|---:|---:|---|---|---|---:|\n");
    CapacityResult floor =
        results.stream().filter(r -> r.contender().equals("floor")).findFirst().orElse(null);
    for (CapacityResult result : results) {
      Step stopped = result.stoppedAt();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %,d MiB |%n",
              result.contender(),
              result.capacityPerSecond() > 0
                  ? String.format(Locale.ROOT, "%,d", result.capacityPerSecond())
                  : String.format(
                      Locale.ROOT,
                      "below %,d",
                      result.steps().isEmpty() ? 0 : result.steps().get(0).rate()),
              result.capacityPerSecond() > 0 ? Report.seconds(result.p99AtCapacityMillis()) : "–",
              floor != null && floor.capacityPerSecond() > 0
                  ? Report.ratio((double) result.capacityPerSecond() / floor.capacityPerSecond())
                  : "–",
              stopped == null
                  ? (result.problem() != null ? "did not finish" : "the largest rate allowed")
                  : String.format(Locale.ROOT, "%,d/s: %s", stopped.rate(), stopped.reason()),
              result.complete()
                  ? (result.exactlyOnce() ? "yes" : "**no**")
                  : (result.exactlyOnce() ? "none twice (incomplete)" : "**no**"),
              result.ledgerHolds() ? "yes" : "**no**",
              result.peakMebibytes()));
    }
    out.append('\n');
    for (CapacityResult result : results) {
      out.append("- ").append(result.contender()).append(" steps: ");
      List<String> steps =
          result.steps().stream()
              .map(
                  step ->
                      String.format(
                          Locale.ROOT,
                          "%,d/s (%,.0f written/s, p99 %s%s)",
                          step.rate(),
                          step.writtenPerSecond(),
                          Report.seconds(step.p99Millis()),
                          step.sustained() ? "" : ", not sustained"))
              .toList();
      out.append(steps.isEmpty() ? "none" : String.join(", ", steps));
      if (result.problem() != null) {
        out.append("; ").append(result.problem().lines().findFirst().orElse(""));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
