package io.bankstream.bench;

import io.bankstream.pipeline.report.PipelineStatus;
import io.bankstream.pipeline.report.StatusSnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak mode: one contender offered a steady rate for a long time, sampled every few seconds:
 * its resident memory (all its processes), the Kafka lag and the write p99 of the rows written
 * since the previous sample (both from the pipeline's own {@link PipelineStatus}), Redis's {@code
 * used_memory} and the sizes of the PostgreSQL tables it writes. Each sample is appended to the CSV
 * as it is taken; at the end (or on {@link #stop}, the bench's Ctrl-C) the samples go to a PNG and
 * a summary with a verdict per series ({@link Trend}), and, after a normal end, the exactly-once
 * and ledger checks of the other modes.
 */
final class SoakRun {

  /** What the soak offers, for how long, and how often it samples. */
  record Plan(Contender contender, int rate, double minutes, int sampleSeconds) {}

  /** One sample; NaN where a source did not answer. */
  record Sample(
      double seconds,
      double rssMebibytes,
      double lag,
      double writeP99Millis,
      double writtenPerSecond,
      double redisMebibytes,
      double transacoesMebibytes,
      double deadLettersMebibytes,
      double statisticsMebibytes,
      double databaseMebibytes) {

    static final String CSV_HEADER =
        "seconds,rss_mib,kafka_lag,write_p99_ms,written_per_s,redis_used_mib,transacoes_mib,"
            + "dead_letters_mib,estatisticas_janela_mib,database_mib";

    /** Numbers only, so no quoting: written by hand rather than with a CSV library. */
    String csv() {
      return String.format(
          Locale.ROOT,
          "%.1f,%.1f,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.2f",
          seconds,
          rssMebibytes,
          number(lag),
          number(writeP99Millis),
          number(writtenPerSecond),
          number(redisMebibytes),
          transacoesMebibytes,
          deadLettersMebibytes,
          statisticsMebibytes,
          databaseMebibytes);
    }

    private static String number(double value) {
      return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }
  }

  /** How the soak ended: its samples, and the end-of-run result (null when stopped early). */
  record Outcome(List<Sample> samples, RunResult result, String stoppedBy) {}

  private static final double MIB = 1024.0 * 1024.0;

  private final BenchRuns runs;
  private final BenchStack stack;
  private final PrintWriter out;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /** Set when sampling ends before the producer does (the contender exited, or a stop). */
  private final java.util.concurrent.atomic.AtomicBoolean producerHalted =
      new java.util.concurrent.atomic.AtomicBoolean();

  SoakRun(BenchRuns runs, BenchStack stack, PrintWriter out) {
    this.runs = runs;
    this.stack = stack;
    this.out = out;
  }

  /** Asks a running soak to stop: the producer stops, and what was sampled is written. */
  void stop() {
    stopRequested.countDown();
  }

  private boolean stopped() {
    return stopRequested.getCount() == 0;
  }

  /** Runs the soak, appending each sample to {@code csv}; returns the samples and the result. */
  Outcome run(Plan plan, Path csv) throws Exception {
    BenchRuns.Settings settings = runs.settings();
    Contender contender = plan.contender();
    stack.reset();
    String topic = "bench-soak-" + contender.cliName();
    stack.createTopic(topic);
    out.printf(
        Locale.ROOT,
        "%n[%s] soak %,d/s for %s min, a sample every %d s: starting %s...%n",
        contender.cliName(),
        plan.rate(),
        SoakReport.minutes(plan.minutes()),
        plan.sampleSeconds(),
        contender.cliName());
    out.flush();
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    String problem;
    long peak;
    BenchStack.Loaded loaded = null;
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try (RunningContender running = runs.start(contender, topic, "soak");
        BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      writer.write(Sample.CSV_HEADER);
      writer.newLine();
      writer.flush();
      stack.load(
          topic,
          BenchRuns.WARM_UP_RECORDS,
          BenchRuns.WARM_UP_RATE,
          runs.live(1),
          settings.seed() + 1,
          0,
          0,
          0);
      problem =
          runs.awaitWritten(running, contender, topic, BenchRuns.WARM_UP_RECORDS, runs.deadline());
      if (problem == null) {
        out.printf("[%s] warmed up; offering %,d/s%n", contender.cliName(), plan.rate());
        out.flush();
        Future<BenchStack.Loaded> load =
            producer.submit(
                () ->
                    stack.load(
                        topic,
                        Math.round(plan.rate() * plan.minutes() * 60),
                        plan.rate(),
                        runs.live(2),
                        settings.seed(),
                        settings.fraudRate(),
                        settings.malformedRate(),
                        settings.fuzzShare(),
                        () -> stopped() || producerHalted.get()));
        try (PipelineStatus status = stack.status(topic)) {
          sample(plan, running, status, load, samples, writer);
        } finally {
          producerHalted.set(true);
        }
        loaded = loaded(load);
        if (!stopped() && running.isAlive()) {
          long drainDeadline =
              System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
          problem =
              runs.awaitWritten(
                  running,
                  contender,
                  topic,
                  BenchRuns.WARM_UP_RECORDS + loaded.records(),
                  drainDeadline);
        } else if (!running.isAlive()) {
          problem = "the contender exited with " + running.exitCode() + "; log " + running.log();
        }
      }
      peak = running.peakMebibytes();
    } finally {
      producer.shutdownNow();
    }
    if (stopped()) {
      return new Outcome(samples, null, "stopped (Ctrl-C) after " + minutes(samples) + " min");
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long measured = loaded == null ? 0 : loaded.records();
    RunResult result =
        runs.result(
            contender,
            "soak",
            plan.rate(),
            topic,
            loaded == null ? Instant.now() : loaded.firstSent(),
            measured,
            BenchRuns.WARM_UP_RECORDS + measured,
            wall,
            loaded == null ? 0 : loaded.lastSent().toEpochMilli(),
            peak,
            problem);
    return new Outcome(samples, result, null);
  }

  private void sample(
      Plan plan,
      RunningContender running,
      PipelineStatus status,
      Future<BenchStack.Loaded> load,
      List<Sample> samples,
      BufferedWriter writer)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    long every = TimeUnit.SECONDS.toNanos(plan.sampleSeconds());
    long nextPrint = start;
    for (long n = 1; ; n++) {
      long due = start + n * every;
      // Waits for the next sample or a stop, whichever comes first.
      if (stopRequested.await(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return;
      }
      Sample sample = take((System.nanoTime() - start) / 1e9, running, status);
      samples.add(sample);
      writer.write(sample.csv());
      writer.newLine();
      writer.flush();
      if (System.nanoTime() >= nextPrint) {
        out.printf(
            Locale.ROOT,
            "[%s] %.1f min: RSS %.0f MiB, lag %.0f, write p99 %.0f ms, %.0f/s written, Redis %.1f"
                + " MiB, database %.0f MiB%n",
            plan.contender().cliName(),
            sample.seconds() / 60,
            sample.rssMebibytes(),
            sample.lag(),
            sample.writeP99Millis(),
            sample.writtenPerSecond(),
            sample.redisMebibytes(),
            sample.databaseMebibytes());
        out.flush();
        nextPrint = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      }
      if (load.isDone() || !running.isAlive()) {
        return;
      }
    }
  }

  private Sample take(double seconds, RunningContender running, PipelineStatus status) {
    double lag = Double.NaN;
    double p99 = Double.NaN;
    double rate = Double.NaN;
    try {
      StatusSnapshot snapshot = status.snapshot();
      lag = snapshot.lag().isPresent() ? snapshot.lag().getAsLong() : Double.NaN;
      p99 = snapshot.periodWriteP99Millis() == null ? Double.NaN : snapshot.periodWriteP99Millis();
      rate = snapshot.periodRate() == null ? Double.NaN : snapshot.periodRate();
    } catch (PipelineStatus.StatusUnavailableException e) {
      out.println("[soak] no lag this sample: " + e.getMessage());
    }
    double redis = Double.NaN;
    try {
      redis = stack.redisUsedMemory() / MIB;
    } catch (RuntimeException e) {
      out.println("[soak] no Redis memory this sample: " + e.getMessage());
    }
    double[] sizes = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    try {
      long[] bytes = stack.tableSizes();
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = bytes[i] / MIB;
      }
    } catch (java.sql.SQLException e) {
      out.println("[soak] no table sizes this sample: " + e.getMessage());
    }
    return new Sample(
        seconds,
        running.residentMebibytes(),
        lag,
        p99,
        rate,
        redis,
        sizes[0],
        sizes[1],
        sizes[2],
        sizes[3]);
  }

  private BenchStack.Loaded loaded(Future<BenchStack.Loaded> load)
      throws InterruptedException, ExecutionException {
    try {
      return load.get(1, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the soak's producer did not stop within a minute", e);
    }
  }

  private static String minutes(List<Sample> samples) {
    return samples.isEmpty()
        ? "0"
        : String.format(Locale.ROOT, "%.1f", samples.get(samples.size() - 1).seconds() / 60);
  }
}
