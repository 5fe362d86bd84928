package io.bankstream.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            + " exactly-once check, as Markdown tables with PNG charts and JSON. --mode capacity"
            + " finds the highest steady rate each sustains with p99 under a limit; --mode soak"
            + " offers one a steady rate for a long time and plots its memory, lag, p99, Redis and"
            + " table sizes. Starts its own Kafka, PostgreSQL and Redis on free ports.",
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * What to measure: records loaded first, steady offered rates, both, the highest rate sustained
   * (capacity), those three (all), or one contender at one rate for a long time (soak).
   */
  enum Mode {
    backlog,
    steady,
    both,
    capacity,
    all,
    soak
  }

  /** How long Ctrl-C waits for the bench to stop what it started (and the soak to write). */
  private static final Duration STOP_WAIT = Duration.ofMinutes(2);

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
      defaultValue = "all",
      description =
          "backlog, steady, both (backlog and steady), capacity, all (capacity, backlog and"
              + " steady) or soak (default: ${DEFAULT-VALUE}).")
  private Mode mode;

  @Mixin private SoakOptions soakOptions;

  @Mixin private CapacityOptions capacityOptions;

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

  @Option(
      names = "--floor-option",
      paramLabel = "<option>",
      description =
          "An extra option for the floor, e.g. --floor-option=--consumers=1 (default: one"
              + " consumer per core) (repeatable).")
  private List<String> floorOptions = new ArrayList<>();

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
    Report.Header header =
        new Report.Header(
            "./bankstream bench" + (arguments.length == 0 ? "" : " " + String.join(" ", arguments)),
            List.of(arguments),
            Machine.describe(),
            Machine.gitCommit(home),
            started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    String stamp = FILE_TIME.format(started);
    Files.createDirectories(outDir);
    out.printf("bankstream bench on %s, commit %s%n", header.machine(), header.commit());
    out.printf("Starting a Kafka, PostgreSQL and Redis of its own, seeding %,d users...%n", users);
    out.flush();
    try (StopOnSignal signal = new StopOnSignal(STOP_WAIT)) {
      if (mode == Mode.soak) {
        return soak(contenders.get(0), header, home, runnersDir, outDir, stamp, out, signal);
      }
      try {
        return measure(contenders, header, home, runnersDir, outDir, stamp, out);
      } catch (Exception e) {
        if (!signal.signalled()) {
          throw e;
        }
        out.println("Stopped by a signal; the contender and the stack it started are stopped.");
        out.flush();
        return 130;
      }
    }
  }

  /** Capacity, backlog and steady runs, as {@code --mode} asks, and their report. */
  private int measure(
      List<Contender> contenders,
      Report.Header header,
      Path home,
      Path runnersDir,
      Path outDir,
      String stamp,
      PrintWriter out)
      throws Exception {
    List<RunResult> results = new ArrayList<>();
    List<CapacityResult> capacity = new ArrayList<>();
    try (BenchStack stack = BenchStack.start(users, seed);
        BenchClusters clusters = new BenchClusters(home, out)) {
      BenchRuns runs =
          new BenchRuns(settings(), stack, clusters, runnersDir, outDir.resolve("logs"), out);
      if (mode == Mode.capacity || mode == Mode.all) {
        CapacityRun search = new CapacityRun(runs, stack, out);
        for (Contender contender : contenders) {
          capacity.add(search.run(contender, capacityOptions.plan()));
        }
      }
      if (mode == Mode.backlog || mode == Mode.both || mode == Mode.all) {
        for (Contender contender : contenders) {
          results.add(runs.backlog(contender));
        }
      }
      if (mode == Mode.steady || mode == Mode.both || mode == Mode.all) {
        for (int rate : rates) {
          for (Contender contender : contenders) {
            results.add(runs.steady(contender, rate));
          }
        }
      }
    }

    Report report = new Report(header, workload(), results, capacity);
    String charts = "bench-" + stamp;
    ReportCharts.write(report, outDir, charts);
    String markdown = report.markdown(charts);
    Files.writeString(outDir.resolve(charts + ".md"), markdown, StandardCharsets.UTF_8);
    report.writeJson(outDir.resolve(charts + ".json"));
    Files.writeString(outDir.resolve("latest.md"), markdown, StandardCharsets.UTF_8);
    report.writeJson(outDir.resolve("latest.json"));
    out.println();
    out.print(markdown);
    out.printf(
        "%nWritten: %s/%s.md and .json, its charts %s-*.png (also latest.md, latest.json)%n",
        outDir, charts, charts);
    boolean broken =
        results.stream().anyMatch(r -> r.complete() && !(r.exactlyOnce() && r.ledgerHolds()))
            || capacity.stream()
                .anyMatch(r -> r.complete() && !(r.exactlyOnce() && r.ledgerHolds()));
    if (broken) {
      out.println("A run wrote a record twice, lost one, or broke the ledger: see above.");
    }
    return broken ? 1 : 0;
  }

  /**
   * The soak: one contender at {@code --rate} for {@code --soak-minutes}. Ctrl-C (or SIGTERM) stops
   * it: the signal asks the soak to stop, which then writes what it has.
   */
  private int soak(
      Contender contender,
      Report.Header header,
      Path home,
      Path runnersDir,
      Path outDir,
      String stamp,
      PrintWriter out,
      StopOnSignal signal)
      throws Exception {
    SoakRun.Plan plan = soakOptions.plan(contender);
    String name = "soak-" + stamp;
    Charts.prepare();
    try (BenchStack stack = BenchStack.start(users, seed);
        BenchClusters clusters = new BenchClusters(home, out)) {
      BenchRuns runs =
          new BenchRuns(settings(), stack, clusters, runnersDir, outDir.resolve("logs"), out);
      SoakRun soak = new SoakRun(runs, stack, out);
      signal.onStop(soak::stop);
      SoakRun.Outcome outcome = soak.run(plan, outDir.resolve(name + ".csv"));
      SoakReport report = SoakReport.of(header, plan, outcome, outDir.resolve(name + ".png"));
      report.write(
          outDir.resolve(name + ".md"),
          outDir.resolve(name + ".json"),
          name + ".csv",
          name + ".png");
      report.write(
          outDir.resolve("latest-soak.md"),
          outDir.resolve("latest-soak.json"),
          name + ".csv",
          name + ".png");
      out.println();
      out.print(report.markdown(name + ".csv", name + ".png"));
      out.printf("%nWritten: %s/%s.md, .json, .csv and .png (also latest-soak.md)%n", outDir, name);
      out.flush();
      if (report.broken()) {
        out.println("The soak wrote a record twice, lost one, or broke the ledger: see above.");
      }
      return report.broken() ? 1 : 0;
    }
  }

  /** The load the report's tables measured: the traffic's mix, then each mode's settings. */
  private String workload() {
    List<String> parts = new ArrayList<>();
    parts.add(
        String.format(
            Locale.ROOT,
            "%,d users, fraud %.1f%%, malformed %.1f%%%s",
            users,
            fraudRate * 100,
            malformedRate * 100,
            fuzzShare > 0 ? String.format(Locale.ROOT, ", fuzzed %.1f%%", fuzzShare * 100) : ""));
    if (mode == Mode.capacity || mode == Mode.all) {
      parts.add(capacityOptions.describe());
    }
    if (mode == Mode.backlog || mode == Mode.both || mode == Mode.all) {
      parts.add(
          String.format(
              Locale.ROOT,
              "backlog %,d records, %,.0f records per second of event time",
              count,
              eventRate));
    }
    if (mode == Mode.steady || mode == Mode.both || mode == Mode.all) {
      parts.add(String.format(Locale.ROOT, "steady %s/s for %d s each", rates, steadySeconds));
    }
    return String.join("; ", parts);
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
    if (mode == Mode.soak) {
      soakOptions.validate(line);
    }
    if (mode == Mode.capacity || mode == Mode.all) {
      capacityOptions.validate(line);
    }
    List<String> names = runners;
    if (mode == Mode.soak) {
      if (!line.getParseResult().hasMatchedOption("--runners")) {
        names = List.of(Contender.FLINK.cliName());
      } else if (runners.size() != 1) {
        throw new ParameterException(
            line, "--runners: the soak measures one contender, was " + String.join(",", runners));
      }
    }
    List<Contender> contenders = new ArrayList<>();
    for (String name : names) {
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
        pipelineOptions,
        floorOptions);
  }
}
