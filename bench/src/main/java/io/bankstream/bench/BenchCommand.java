package io.bankstream.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
      description =
          "-Xmx of every contender's JVM whose runner sets none of its own (Spark's is in"
              + " runners/spark/jvm.options) (default: ${DEFAULT-VALUE}).")
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
      BenchRuns runs =
          new BenchRuns(settings(), stack, clusters, runnersDir, outDir.resolve("logs"), out);
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

  private BenchRuns.Settings settings() {
    return new BenchRuns.Settings(
        count,
        eventRate,
        seed,
        fraudRate,
        malformedRate,
        fuzzShare,
        steadySeconds,
        drainSeconds,
        timeoutMinutes,
        parallelism,
        heap,
        javaOptions,
        pipelineOptions);
  }
}
