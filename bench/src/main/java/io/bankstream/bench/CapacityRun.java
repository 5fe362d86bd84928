package io.bankstream.bench;

import io.bankstream.pipeline.report.PipelineStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The capacity mode, for one contender: started once on an empty topic and warmed up as in the
 * steady mode, then offered rising steady rates, each for {@code --step-seconds}, the lag sampled
 * every second through the step ({@link PipelineStatus}) and then until its records are written or
 * {@code --grace-seconds} pass; {@link CapacitySearch} judges each step and picks the next rate.
 * After the last step it waits up to {@code --drain-seconds} for every record, then checks exactly
 * once and the ledger over all of them, as the other modes do.
 */
final class CapacityRun {

  /** How the rates are stepped and judged. */
  record Plan(
      int startRate,
      double stepFactor,
      int maxRate,
      int stepSeconds,
      int graceSeconds,
      double p99LimitMillis) {}

  private static final long LAG_SAMPLE_MILLIS = 1000;

  private final BenchRuns runs;
  private final BenchStack stack;
  private final PrintWriter out;

  CapacityRun(BenchRuns runs, BenchStack stack, PrintWriter out) {
    this.runs = runs;
    this.stack = stack;
    this.out = out;
  }

  CapacityResult run(Contender contender, Plan plan) throws Exception {
    CapacitySearch search =
        new CapacitySearch(
            plan.startRate(), plan.stepFactor(), plan.maxRate(), plan.p99LimitMillis());
    stack.reset();
    String topic = "bench-capacity-" + contender.cliName();
    stack.createTopic(topic);
    out.printf("%n[%s] capacity: starting %s...%n", contender.cliName(), contender.cliName());
    out.flush();
    List<CapacityResult.Step> steps = new ArrayList<>();
    int capacity = 0;
    double p99AtCapacity = 0;
    long sent = 0;
    String problem;
    long peak;
    long start = System.nanoTime();
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try (RunningContender running = runs.start(contender, topic, "capacity")) {
      stack.load(
          topic,
          BenchRuns.WARM_UP_RECORDS,
          BenchRuns.WARM_UP_RATE,
          runs.live(1),
          runs.settings().seed() + 1,
          0,
          0,
          0);
      problem =
          runs.awaitWritten(running, contender, topic, BenchRuns.WARM_UP_RECORDS, runs.deadline());
      if (problem == null) {
        try (PipelineStatus status = stack.status(topic)) {
          int rate = search.first();
          for (int index = 1; ; index++) {
            Measured measured = step(producer, status, topic, rate, index, plan);
            sent += measured.step().sent();
            CapacitySearch.Outcome outcome =
                search.judge(measured.step(), plan.stepSeconds(), plan.graceSeconds());
            steps.add(
                new CapacityResult.Step(
                    rate,
                    measured.step().sent(),
                    measured.writtenPerSecond(),
                    measured.step().p99Millis(),
                    outcome.sustained(),
                    outcome.reason()));
            out.printf(
                Locale.ROOT,
                "[%s] step %,d/s: %,.0f written/s, p99 %,.0f ms: %s%n",
                contender.cliName(),
                rate,
                measured.writtenPerSecond(),
                measured.step().p99Millis(),
                outcome.sustained() ? "sustained" : outcome.reason());
            out.flush();
            if (!running.isAlive()) {
              problem = "the contender exited with " + running.exitCode() + "; " + running.log();
              break;
            }
            if (!outcome.sustained()) {
              break;
            }
            capacity = rate;
            p99AtCapacity = measured.step().p99Millis();
            OptionalInt next = search.next(rate);
            if (next.isEmpty()) {
              break;
            }
            rate = next.getAsInt();
          }
        }
        if (problem == null) {
          long drainDeadline =
              System.nanoTime() + TimeUnit.SECONDS.toNanos(runs.settings().drainSeconds());
          problem =
              runs.awaitWritten(
                  running, contender, topic, BenchRuns.WARM_UP_RECORDS + sent, drainDeadline);
        }
      }
      peak = running.peakMebibytes();
    } finally {
      producer.shutdownNow();
    }
    RunResult checks =
        runs.result(
            contender,
            "capacity",
            0,
            topic,
            Instant.EPOCH,
            BenchRuns.WARM_UP_RECORDS + sent,
            BenchRuns.WARM_UP_RECORDS + sent,
            (System.nanoTime() - start) / 1e9,
            0,
            peak,
            problem);
    return new CapacityResult(
        contender.cliName(),
        plan.p99LimitMillis(),
        plan.stepSeconds(),
        capacity,
        p99AtCapacity,
        steps,
        checks.complete(),
        checks.exactlyOnce(),
        checks.ledgerHolds(),
        peak,
        problem);
  }

  /** A step as judged, and the rate its records were written at. */
  private record Measured(CapacitySearch.Step step, double writtenPerSecond) {}

  private Measured step(
      ExecutorService producer, PipelineStatus status, String topic, int rate, int index, Plan plan)
      throws Exception {
    BenchRuns.Settings settings = runs.settings();
    Future<BenchStack.Loaded> load =
        producer.submit(
            () ->
                stack.load(
                    topic,
                    (long) rate * plan.stepSeconds(),
                    rate,
                    runs.live(100 + index),
                    settings.seed() + index,
                    settings.fraudRate(),
                    settings.malformedRate(),
                    settings.fuzzShare()));
    long stepStart = System.nanoTime();
    List<double[]> lagSamples = new ArrayList<>();
    BenchStack.Loaded loaded = null;
    while (loaded == null) {
      try {
        loaded = load.get(LAG_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // A second of the step went by: sample the lag.
        OptionalLong lag = lag(status);
        if (lag.isPresent()) {
          lagSamples.add(new double[] {(System.nanoTime() - stepStart) / 1e9, lag.getAsLong()});
        }
      }
    }
    long graceStart = System.nanoTime();
    long graceEnd = graceStart + TimeUnit.SECONDS.toNanos(plan.graceSeconds());
    long unwritten;
    while (true) {
      OptionalLong lag = lag(status);
      unwritten = lag.orElse(Long.MAX_VALUE);
      if (unwritten == 0 || System.nanoTime() > graceEnd) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(200); // Polling the lag, bounded by the grace time.
    }
    double seconds =
        (loaded.lastSent().toEpochMilli() - loaded.firstSent().toEpochMilli()) / 1000.0
            + (System.nanoTime() - graceStart) / 1e9;
    if (unwritten == Long.MAX_VALUE) {
      unwritten = loaded.records(); // The lag could not be read: count none as written.
    }
    BenchStack.Latency latency =
        stack.latency(topic, loaded.firstSent(), loaded.lastSent().plusMillis(1));
    double[] at = lagSamples.stream().mapToDouble(p -> p[0]).toArray();
    double[] lag = lagSamples.stream().mapToDouble(p -> p[1]).toArray();
    return new Measured(
        new CapacitySearch.Step(
            rate, loaded.records(), unwritten, at, lag, latency.p99Millis(), latency.rows()),
        Math.max(0, loaded.records() - unwritten) / Math.max(seconds, 1e-3));
  }

  private OptionalLong lag(PipelineStatus status) {
    try {
      return status.snapshot().lag();
    } catch (PipelineStatus.StatusUnavailableException e) {
      out.println("[capacity] no lag this time: " + e.getMessage());
      out.flush();
      return OptionalLong.empty();
    }
  }
}
