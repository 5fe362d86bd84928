package io.bankstream.bench;

import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.SpreadEventClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream bench}: measures the pipeline on each runner next to the floor, on this
 * machine, against a stack of its own (SPEC section 9). A benchmark, not a test: it prints figures
 * and fails only when a run wrote a record twice, lost one, or broke the ledger.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Loads transactions into Kafka, runs the pipeline on each runner (and the no-framework"
            + " floor), each in its own JVM, until every one is in PostgreSQL, then reports"
            + " throughput, latency from Kafka append to PostgreSQL write, peak memory and an"
            + " exactly-once check, as a Markdown table and JSON. Starts its own Kafka, PostgreSQL"
            + " and Redis on free ports.",
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {

  private static final Duration MAX_DISORDER = Duration.ofSeconds(2);
  private static final int WARM_UP_RECORDS = 200;
  private static final double WARM_UP_RATE = 100;
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** What to measure: records loaded first, a steady offered rate, or both. */
  enum Mode {
    backlog,
    steady,
    both
  }

  @Spec private CommandSpec spec;

  @Option(
      names = "--count",
      paramLabel = "<n>",
      defaultValue = "200000",
      description = "Records in the backlog (default: ${DEFAULT-VALUE}).")
  private long count;

  @Option(
      names = "--runners",
      paramLabel = "<list>",
      split = ",",
      defaultValue = "floor,direct,flink,spark",
      description =
          "Which to measure, in order: floor, direct, flink, spark (embedded, each in a JVM of"
              + " its own), flink-cluster, spark-cluster (a real cluster the bench starts,"
              + " submitted to by the project's scripts) (default: ${DEFAULT-VALUE}).")
  private List<String> runners;

  @Option(
      names = "--mode",
      paramLabel = "<mode>",
      defaultValue = "both",
      description = "backlog, steady or both (default: ${DEFAULT-VALUE}).")
  private Mode mode;

  @Option(
      names = "--rates",
      paramLabel = "<list>",
      split = ",",
      defaultValue = "2000,5000,10000",
      description =
          "Steady mode: the offered rates, records per second (default: ${DEFAULT-VALUE}).")
  private List<Integer> rates;

  @Option(
      names = "--steady-seconds",
      paramLabel = "<s>",
      defaultValue = "30",
      description = "Steady mode: how long each rate is offered (default: ${DEFAULT-VALUE}).")
  private int steadySeconds;

  @Option(
      names = "--drain-seconds",
      paramLabel = "<s>",
      defaultValue = "60",
      description =
          "Steady mode: how long after the last record is sent the contender may take to write"
              + " the rest before it is reported as not keeping up (default: ${DEFAULT-VALUE}).")
  private int drainSeconds;

  @Option(
      names = "--users",
      paramLabel = "<n>",
      defaultValue = "10000",
      description = "Seeded users (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(
      names = "--seed",
      paramLabel = "<long>",
      defaultValue = "1",
      description = "Random seed of users and records (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--fraud-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.02",
      description =
          "Share of fraud scenarios, as the producer's default (default: ${DEFAULT-VALUE}).")
  private double fraudRate;

  @Option(
      names = "--malformed-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.005",
      description =
          "Share of malformed records, as the producer's default (default: ${DEFAULT-VALUE}).")
  private double malformedRate;

  @Option(
      names = "--fuzz-share",
      paramLabel = "<fraction>",
      defaultValue = "0",
      description =
          "Share of records mutated by the producer's fuzzer (bad input of every kind, duplicated"
              + " ids), as ./bankstream produce --fuzz-share (default: ${DEFAULT-VALUE}).")
  private double fuzzShare;

  @Option(
      names = "--event-rate",
      paramLabel = "<per-second>",
      defaultValue = "500",
      description =
          "Backlog: records per second of event time, so the backlog spans count/rate seconds"
              + " of data_horario ending at the load (default: ${DEFAULT-VALUE}).")
  private double eventRate;

  @Option(
      names = "--parallelism",
      paramLabel = "<n>",
      defaultValue = "2",
      description =
          "Workers of each runner: Flink parallelism, Spark local[n] (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(
      names = "--heap",
      paramLabel = "<size>",
      defaultValue = "4g",
      description = "-Xmx of every contender's JVM (default: ${DEFAULT-VALUE}).")
  private String heap;

  @Option(
      names = "--timeout",
      paramLabel = "<minutes>",
      defaultValue = "15",
      description =
          "Give up on a run after this long, and report how far it got (default: ${DEFAULT-VALUE}).")
  private int timeoutMinutes;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Where the report and the contenders' logs go (default: target/bench).")
  private Path outputDirectory;

  @Option(
      names = "--runners-dir",
      paramLabel = "<dir>",
      description =
          "The runners/ directory holding the bundled jars (default: runners/ of this checkout).")
  private Path runnersDirectory;

  @Option(
      names = "--java-option",
      paramLabel = "<flag>",
      description =
          "An extra JVM flag for every contender, e.g. -XX:StartFlightRecording=... to profile"
              + " (repeatable).")
  private List<String> javaOptions = new ArrayList<>();

  @Option(
      names = "--pipeline-option",
      paramLabel = "<option>",
      description =
          "An extra pipeline option for the runners (not the floor), e.g."
              + " --pipeline-option=--batchIntervalMillis=2000 (repeatable).")
  private List<String> pipelineOptions = new ArrayList<>();

  private final String[] arguments;

  BenchCommand(String[] arguments) {
    this.arguments = arguments.clone();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand(args)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Contender> contenders = validate();
    PrintWriter out = spec.commandLine().getOut();
    Path home = Path.of(System.getenv().getOrDefault("BANKSTREAM_HOME", ".")).toAbsolutePath();
    Path runnersDir = runnersDirectory != null ? runnersDirectory : home.resolve("runners");
    Path outDir = outputDirectory != null ? outputDirectory : home.resolve("target/bench");
    Instant started = Instant.now();
    String machine = Machine.describe();
    out.printf("bankstream bench on %s%n", machine);
    out.printf("Starting a Kafka, PostgreSQL and Redis of its own, seeding %,d users...%n", users);
    out.flush();

    List<RunResult> results = new ArrayList<>();
    try (BenchStack stack = BenchStack.start(users, seed);
        BenchClusters clusters = new BenchClusters(home, out)) {
      Runs runs = new Runs(stack, clusters, runnersDir, outDir.resolve("logs"), out);
      if (mode != Mode.steady) {
        for (Contender contender : contenders) {
          results.add(runs.backlog(contender));
        }
      }
      if (mode != Mode.backlog) {
        for (int rate : rates) {
          for (Contender contender : contenders) {
            results.add(runs.steady(contender, rate));
          }
        }
      }
    }

    Report report =
        new Report(
            "./bankstream bench" + (arguments.length == 0 ? "" : " " + String.join(" ", arguments)),
            machine,
            started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            Machine.gitCommit(home),
            String.format(
                Locale.ROOT,
                "backlog %,d records, %,d users, fraud %.1f%%, malformed %.1f%%,%s %,.0f records"
                    + " per second of event time; steady %s/s for %d s each",
                count,
                users,
                fraudRate * 100,
                malformedRate * 100,
                fuzzShare > 0 ? String.format(Locale.ROOT, " fuzzed %.1f%%,", fuzzShare * 100) : "",
                eventRate,
                rates,
                steadySeconds),
            results);
    String markdown = report.markdown();
    String stamp = FILE_TIME.format(started);
    Files.createDirectories(outDir);
    Files.writeString(outDir.resolve("bench-" + stamp + ".md"), markdown, StandardCharsets.UTF_8);
    report.writeJson(outDir.resolve("bench-" + stamp + ".json"));
    Files.writeString(outDir.resolve("latest.md"), markdown, StandardCharsets.UTF_8);
    report.writeJson(outDir.resolve("latest.json"));
    out.println();
    out.print(markdown);
    out.printf(
        "%nWritten: %s/bench-%s.md and .json (also latest.md, latest.json)%n", outDir, stamp);
    boolean broken =
        results.stream().anyMatch(r -> r.complete() && !(r.exactlyOnce() && r.ledgerHolds()));
    if (broken) {
      out.println("A run wrote a record twice, lost one, or broke the ledger: see above.");
    }
    return broken ? 1 : 0;
  }

  private List<Contender> validate() {
    CommandLine line = spec.commandLine();
    if (count < 1) {
      throw new ParameterException(line, "--count must be at least 1, was " + count);
    }
    if (users < 2) {
      throw new ParameterException(line, "--users must be at least 2, was " + users);
    }
    if (!(fraudRate >= 0 && malformedRate >= 0 && fraudRate + malformedRate < 1)) {
      throw new ParameterException(
          line, "--fraud-rate and --malformed-rate must be at least 0 and sum to below 1");
    }
    if (!(fuzzShare >= 0 && fuzzShare <= 1)) {
      throw new ParameterException(line, "--fuzz-share must be between 0 and 1, was " + fuzzShare);
    }
    if (!(eventRate > 0)) {
      throw new ParameterException(line, "--event-rate must be positive, was " + eventRate);
    }
    if (steadySeconds < 1 || drainSeconds < 1 || timeoutMinutes < 1 || parallelism < 1) {
      throw new ParameterException(
          line,
          "--steady-seconds, --drain-seconds, --timeout and --parallelism must be at least 1");
    }
    if (rates.stream().anyMatch(rate -> rate < 1)) {
      throw new ParameterException(line, "--rates must all be at least 1, were " + rates);
    }
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new ParameterException(line, "--heap must be a JVM size such as 4g, was " + heap);
    }
    List<Contender> contenders = new ArrayList<>();
    for (String name : runners) {
      try {
        contenders.add(Contender.named(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(line, "--runners: " + e.getMessage());
      }
    }
    return contenders;
  }

  /** The runs of one bench, against one stack. */
  private final class Runs {
    private final BenchStack stack;
    private final BenchClusters clusters;
    private final Path runnersDir;
    private final Path logs;
    private final PrintWriter out;

    Runs(BenchStack stack, BenchClusters clusters, Path runnersDir, Path logs, PrintWriter out) {
      this.stack = stack;
      this.clusters = clusters;
      this.runnersDir = runnersDir;
      this.logs = logs;
      this.out = out;
    }

    /** Loads the backlog into a topic of its own, then runs {@code contender} until it is in. */
    RunResult backlog(Contender contender) throws Exception {
      stack.reset();
      String topic = "bench-backlog-" + contender.cliName();
      stack.createTopic(topic);
      EventClock events =
          new SpreadEventClock(
              Instant.now(), count, eventRate, MAX_DISORDER, new Random(seed ^ 0x5DEECE66DL));
      BenchStack.Loaded loaded =
          stack.load(
              topic,
              count,
              Double.POSITIVE_INFINITY,
              events,
              seed,
              fraudRate,
              malformedRate,
              fuzzShare);
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
        problem = awaitWritten(running, contender, topic, count, deadline());
        peak = running.peakMebibytes();
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return result(
          contender, "backlog", 0, topic, Instant.EPOCH, count, count, wall, 0, peak, problem);
    }

    /**
     * Starts {@code contender} on an empty topic, warms it up with a few records, then offers
     * {@code rate} records per second for {@code --steady-seconds} and waits until they are in.
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
        stack.load(topic, WARM_UP_RECORDS, WARM_UP_RATE, live(1), seed + 1, 0, 0, 0);
        problem = awaitWritten(running, contender, topic, WARM_UP_RECORDS, deadline);
        if (problem == null) {
          out.printf(
              "[%s] warmed up; offering %,d/s for %d s%n",
              contender.cliName(), rate, steadySeconds);
          out.flush();
          loaded =
              stack.load(
                  topic,
                  (long) rate * steadySeconds,
                  rate,
                  live(2),
                  seed,
                  fraudRate,
                  malformedRate,
                  fuzzShare);
          // A contender that cannot keep up would take (offered - its rate) x duration / its
          // rate to drain; past --drain-seconds after the last record it is reported as behind.
          long drainDeadline =
              Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds));
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
                    drainSeconds);
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

    private EventClock live(long salt) {
      return EventClock.live(Clock.systemUTC(), MAX_DISORDER, new Random(seed ^ salt));
    }

    private long deadline() {
      return System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
    }

    private RunningContender start(Contender contender, String topic, String run)
        throws IOException {
      if (contender.onCluster()) {
        return clusters.submit(
            contender,
            stack.settings(topic, "bench-" + run + "-" + contender.cliName()),
            List.of("--startFrom=earliest"),
            pipelineOptions,
            logs.resolve(run + "-" + contender.cliName() + ".log"));
      }
      ProcessBuilder builder =
          contender.command(
              runnersDir,
              parallelism,
              heap,
              stack.options(topic, "bench-" + run + "-" + contender.cliName()));
      builder.command().addAll(1, javaOptions);
      if (contender != Contender.FLOOR) {
        builder.command().addAll(pipelineOptions);
      }
      builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
      return RunningContender.start(
          builder, logs.resolve(run + "-" + contender.cliName() + ".log"));
    }

    /**
     * Waits until {@code expected} records of {@code topic} are in PostgreSQL; returns null, or why
     * it stopped waiting (the process exited, or the deadline passed).
     */
    private String awaitWritten(
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
              timeoutMinutes, written, expected, running.log());
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

    private RunResult result(
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

  /** What the figures were measured on. */
  static final class Machine {
    private Machine() {}

    static String describe() {
      return String.format(
          Locale.ROOT,
          "%d cores (%s), %s RAM, %s %s, %s",
          Runtime.getRuntime().availableProcessors(),
          firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("CPU unknown"),
          firstValue(Path.of("/proc/meminfo"), "MemTotal")
              .map(
                  kb ->
                      String.format(
                          Locale.ROOT,
                          "%.0f GiB",
                          Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
              .orElse("?"),
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The checked-out commit, with {@code -dirty} when the tree has changes; else "unknown". */
    static String gitCommit(Path home) {
      try {
        String commit = run(home, "git", "rev-parse", "--short", "HEAD").strip();
        String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
        return commit.isEmpty() ? "unknown" : commit + (status.isBlank() ? "" : "-dirty");
      } catch (IOException e) {
        return "unknown";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "unknown";
      }
    }

    private static String run(Path directory, String... command)
        throws IOException, InterruptedException {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor() == 0 ? output : "";
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
      try (Stream<String> lines = Files.lines(file)) {
        return lines
            .filter(line -> line.startsWith(key))
            .map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst();
      } catch (IOException | java.io.UncheckedIOException e) {
        return java.util.Optional.empty();
      }
    }
  }
}
