package io.bankstream.bench;

import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.SpreadEventClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The runs of one bench, against one stack: each loads its records into a topic of its own, starts
 * a contender on it (a JVM of its own, or a job on a cluster), waits until every record is in
 * PostgreSQL or the run gives up, and measures it. Takes the bench's settings; gives one {@link
 * RunResult} per run and prints its progress and figures to the bench's output.
 */
final class BenchRuns {

  private static final Duration MAX_DISORDER = Duration.ofSeconds(2);
  static final int WARM_UP_RECORDS = 200;
  static final double WARM_UP_RATE = 100;

  /**
   * What {@code ./bankstream bench} was asked for, as its options of the same names say: the
   * records of a run, its duration and timeout, and how each contender is started.
   */
  record Settings(
      long count,
      double eventRate,
      long seed,
      double fraudRate,
      double malformedRate,
      double fuzzShare,
      int steadySeconds,
      int drainSeconds,
      int timeoutMinutes,
      int parallelism,
      String heap,
      List<String> javaOptions,
      List<String> pipelineOptions,
      List<String> floorOptions) {

    Settings {
      javaOptions = List.copyOf(javaOptions);
      pipelineOptions = List.copyOf(pipelineOptions);
      floorOptions = List.copyOf(floorOptions);
    }
  }

  private final Settings settings;
  private final BenchStack stack;
  private final BenchClusters clusters;
  private final Path runnersDir;
  private final Path logs;
  private final PrintWriter out;

  BenchRuns(
      Settings settings,
      BenchStack stack,
      BenchClusters clusters,
      Path runnersDir,
      Path logs,
      PrintWriter out) {
    this.settings = settings;
    this.stack = stack;
    this.clusters = clusters;
    this.runnersDir = runnersDir;
    this.logs = logs;
    this.out = out;
  }

  Settings settings() {
    return settings;
  }

  /** Loads the backlog into a topic of its own, then runs {@code contender} until it is in. */
  RunResult backlog(Contender contender) throws Exception {
    stack.reset();
    String topic = "bench-backlog-" + contender.cliName();
    stack.createTopic(topic);
    EventClock events =
        new SpreadEventClock(
            Instant.now(),
            settings.count(),
            settings.eventRate(),
            MAX_DISORDER,
            new Random(settings.seed() ^ 0x5DEECE66DL));
    BenchStack.Loaded loaded =
        stack.load(
            topic,
            settings.count(),
            Double.POSITIVE_INFINITY,
            events,
            settings.seed(),
            settings.fraudRate(),
            settings.malformedRate(),
            settings.fuzzShare());
    out.printf(
        "%n[%s] backlog: %,d records in Kafka (%,d malformed, %,d fuzzed); starting %s...%n",
        contender.cliName(),
        loaded.records(),
        loaded.malformed(),
        loaded.fuzzed(),
        contender.cliName());
    out.flush();
    long start = System.nanoTime();
    String problem;
    long peak;
    try (RunningContender running = start(contender, topic, "backlog")) {
      problem = awaitWritten(running, contender, topic, settings.count(), deadline());
      peak = running.peakMebibytes();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return result(
        contender,
        "backlog",
        0,
        topic,
        Instant.EPOCH,
        settings.count(),
        settings.count(),
        wall,
        0,
        peak,
        problem);
  }

  /**
   * Starts {@code contender} on an empty topic, warms it up with a few records, then offers {@code
   * rate} records per second for {@code --steady-seconds} and waits until they are in.
   */
  RunResult steady(Contender contender, int rate) throws Exception {
    stack.reset();
    String topic = "bench-steady-" + rate + "-" + contender.cliName();
    stack.createTopic(topic);
    out.printf(
        "%n[%s] steady %,d/s: starting %s...%n", contender.cliName(), rate, contender.cliName());
    out.flush();
    long start = System.nanoTime();
    long deadline = deadline();
    String problem;
    long peak;
    BenchStack.Loaded loaded = null;
    try (RunningContender running = start(contender, topic, "steady-" + rate)) {
      stack.load(topic, WARM_UP_RECORDS, WARM_UP_RATE, live(1), settings.seed() + 1, 0, 0, 0);
      problem = awaitWritten(running, contender, topic, WARM_UP_RECORDS, deadline);
      if (problem == null) {
        out.printf(
            "[%s] warmed up; offering %,d/s for %d s%n",
            contender.cliName(), rate, settings.steadySeconds());
        out.flush();
        loaded =
            stack.load(
                topic,
                (long) rate * settings.steadySeconds(),
                rate,
                live(2),
                settings.seed(),
                settings.fraudRate(),
                settings.malformedRate(),
                settings.fuzzShare());
        // A contender that cannot keep up would take (offered - its rate) x duration / its
        // rate to drain; past --drain-seconds after the last record it is reported as behind.
        long drainDeadline =
            Math.min(
                deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds()));
        problem =
            awaitWritten(
                running, contender, topic, WARM_UP_RECORDS + loaded.records(), drainDeadline);
        if (problem != null && running.isAlive()) {
          problem =
              String.format(
                  "did not keep up: %,d of %,d offered records still unwritten %d s after the"
                      + " last was sent",
                  WARM_UP_RECORDS + loaded.records() - stack.progress(topic),
                  loaded.records(),
                  settings.drainSeconds());
        }
      }
      peak = running.peakMebibytes();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long measured = loaded == null ? 0 : loaded.records();
    return result(
        contender,
        "steady",
        rate,
        topic,
        loaded == null ? Instant.now() : loaded.firstSent(),
        measured,
        WARM_UP_RECORDS + measured,
        wall,
        loaded == null ? 0 : loaded.lastSent().toEpochMilli(),
        peak,
        problem);
  }

  EventClock live(long salt) {
    return EventClock.live(Clock.systemUTC(), MAX_DISORDER, new Random(settings.seed() ^ salt));
  }

  long deadline() {
    return System.nanoTime() + TimeUnit.MINUTES.toNanos(settings.timeoutMinutes());
  }

  RunningContender start(Contender contender, String topic, String run) throws IOException {
    if (contender.onCluster()) {
      return clusters.submit(
          contender,
          stack.settings(topic, "bench-" + run + "-" + contender.cliName()),
          List.of("--startFrom=earliest"),
          settings.pipelineOptions(),
          logs.resolve(run + "-" + contender.cliName() + ".log"));
    }
    List<String> options =
        new ArrayList<>(stack.options(topic, "bench-" + run + "-" + contender.cliName()));
    // Given to the command, not appended after it: for a runner, RunnerProcess then leaves out its
    // default of the same name (--checkpointingInterval=60000 would otherwise come twice and be
    // refused).
    options.addAll(
        contender == Contender.FLOOR ? settings.floorOptions() : settings.pipelineOptions());
    ProcessBuilder builder =
        contender.command(runnersDir, settings.parallelism(), settings.heap(), options);
    builder.command().addAll(1, settings.javaOptions());
    builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
    return RunningContender.start(builder, logs.resolve(run + "-" + contender.cliName() + ".log"));
  }

  /**
   * Waits until {@code expected} records of {@code topic} are in PostgreSQL; returns null, or why
   * it stopped waiting (the process exited, or the deadline passed).
   */
  String awaitWritten(
      RunningContender running, Contender contender, String topic, long expected, long deadline)
      throws SQLException, InterruptedException {
    long lastReport = System.nanoTime();
    long lastCount = 0;
    while (true) {
      long written = stack.progress(topic);
      if (written >= expected) {
        return null;
      }
      if (!running.isAlive()) {
        return String.format(
            "exited with %d after writing %,d of %,d records; log %s ends with:%n%s",
            running.exitCode(), written, expected, running.log(), running.tail(15));
      }
      long now = System.nanoTime();
      if (now > deadline) {
        return String.format(
            "not done after %d min: %,d of %,d records written (log %s)",
            settings.timeoutMinutes(), written, expected, running.log());
      }
      if (now - lastReport >= TimeUnit.SECONDS.toNanos(10)) {
        out.printf(
            "[%s] %,d of %,d written (%,.0f/s over the last %.0f s)%n",
            contender.cliName(),
            written,
            expected,
            (written - lastCount) / ((now - lastReport) / 1e9),
            (now - lastReport) / 1e9);
        out.flush();
        lastReport = now;
        lastCount = written;
      }
      TimeUnit.SECONDS.sleep(1); // Polling PostgreSQL for the condition, bounded by the deadline.
    }
  }

  RunResult result(
      Contender contender,
      String mode,
      double offered,
      String topic,
      Instant from,
      long records,
      long publishedOnTopic,
      double wallSeconds,
      long lastSentMillis,
      long peak,
      String problem)
      throws SQLException {
    BenchStack.Measured measured = stack.measure(topic, from);
    boolean complete = problem == null;
    // An incomplete run can only show that nothing was written twice.
    boolean exactlyOnce =
        measured.occurrences() == measured.distinctRecords()
            && (!complete || measured.distinctRecords() == publishedOnTopic);
    double active =
        measured.firstDecision() == null || measured.lastWrite() == null
            ? 0
            : Duration.between(measured.firstDecision(), measured.lastWrite()).toNanos() / 1e9;
    long inWindow = offered > 0 ? records : measured.rows() + measured.deadLetters();
    double drain =
        lastSentMillis == 0 || measured.lastWrite() == null
            ? 0
            : (measured.lastWrite().toEpochMilli() - lastSentMillis) / 1000.0;
    RunResult result =
        new RunResult(
            contender.cliName(),
            mode,
            offered,
            records,
            measured.rows(),
            measured.deadLetters(),
            complete,
            exactlyOnce,
            measured.ledger().holds(),
            active > 0 ? (complete ? inWindow : measured.occurrences()) / active : 0,
            active,
            wallSeconds,
            measured.p50Millis(),
            measured.p95Millis(),
            measured.p99Millis(),
            measured.maxMillis(),
            drain,
            peak,
            problem != null ? problem : ledgerProblem(measured, publishedOnTopic));
    out.printf(
        Locale.ROOT,
        "[%s] %s: %,d rows + %,d dead letters, %,.0f records/s over %.1f s,"
            + " p50/p95/p99 %.0f/%.0f/%.0f ms, peak %,d MiB, exactly once: %s, ledger: %s%s%n",
        contender.cliName(),
        mode + (offered > 0 ? String.format(Locale.ROOT, " %,.0f/s", offered) : ""),
        measured.rows(),
        measured.deadLetters(),
        result.perSecond(),
        active,
        result.p50Millis(),
        result.p95Millis(),
        result.p99Millis(),
        peak,
        exactlyOnce ? "yes" : "NO",
        measured.ledger().holds() ? "holds" : "BROKEN " + measured.ledger(),
        problem == null ? "" : " (" + problem.lines().findFirst().orElse("") + ")");
    out.flush();
    return result;
  }

  private static String ledgerProblem(BenchStack.Measured measured, long published) {
    List<String> problems = new ArrayList<>();
    if (measured.occurrences() != measured.distinctRecords()) {
      problems.add(
          (measured.occurrences() - measured.distinctRecords()) + " records written twice");
    }
    if (measured.distinctRecords() != published) {
      problems.add(measured.distinctRecords() + " distinct records of " + published + " written");
    }
    if (!measured.ledger().holds()) {
      problems.add("ledger " + measured.ledger());
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
