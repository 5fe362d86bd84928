package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Where and how each runner runs on this machine (its master, parallelism, checkpoints and scratch
 * files), and the command that runs the pipeline's bundled jar for one runner in a JVM of its own:
 * the DirectRunner, Flink embedded ({@code [local]}, with checkpoints) or Spark {@code local[N]}.
 * {@code ./bankstream pipeline} ({@link PipelineCommand}), the demo, the bench and the runners'
 * conformance test start the pipeline this way (the demo's in-process DirectRunner takes {@link
 * #runnerOptions} too): the Spark runner (Scala 2.12) cannot share a JVM with the in-process Kafka
 * broker (Scala 2.13), and a separate process is also what a deployment runs. An option the caller
 * gives wins over the default of the same name. How a runner is tuned (Flink's bundles, Spark's
 * micro-batches) is the pipeline's own default wherever it runs, cluster or not: {@code
 * io.bankstream.pipeline.options.RunnerDefaults}.
 *
 * <p>The jars are those the runner modules build: {@code runners/<name>/target/
 * bankstream-pipeline-<name>.jar}; for Spark, the jars {@code spark-submit} would provide are
 * listed in {@code runners/spark/target/spark-classpath.txt} and the JVM flags in {@code
 * runners/spark/jvm.options}.
 */
public final class RunnerProcess {

  /** A runner the pipeline runs on, by its command-line name. */
  public enum Runner {
    DIRECT("direct", "DirectRunner"),
    FLINK("flink", "FlinkRunner"),
    SPARK("spark", "SparkRunner");

    private final String cliName;
    private final String beamName;

    Runner(String cliName, String beamName) {
      this.cliName = cliName;
      this.beamName = beamName;
    }

    /** {@code direct}, {@code flink}, {@code spark}. */
    public String cliName() {
      return cliName;
    }

    /** Beam's name: {@code DirectRunner}, {@code FlinkRunner}, {@code SparkRunner}. */
    public String beamName() {
      return beamName;
    }

    /** The runner named {@code name} ({@code direct|flink|spark} in any case, or Beam's name). */
    public static Runner named(String name) {
      for (Runner runner : values()) {
        if (runner.cliName.equals(name.toLowerCase(Locale.ROOT)) || runner.beamName.equals(name)) {
          return runner;
        }
      }
      throw new IllegalArgumentException(
          "unknown runner '" + name + "': choose direct, flink or spark");
    }
  }

  /** Workers of a runner on this machine by default: Flink's parallelism, Spark's local[N]. */
  public static final int DEFAULT_PARALLELISM = 2;

  /** Flink's checkpoint period when embedded: offsets are committed when a checkpoint completes. */
  public static final int FLINK_CHECKPOINT_MILLIS = 10_000;

  /**
   * Where embedded Flink keeps its checkpoints (only the latest is retained) when run in the
   * caller's JVM; a JVM of its own ({@link #command}) keeps them in its scratch directory instead.
   */
  public static final Path FLINK_CHECKPOINTS =
      Path.of(System.getProperty("java.io.tmpdir"), "bankstream-flink-checkpoints");

  /**
   * Where local Spark keeps its streaming checkpoints, a directory per run that {@link
   * #removeCheckpoints} deletes once the run has ended. Beam's default is {@code /tmp/<job name>}
   * whatever {@code java.io.tmpdir} says, and nothing removes it. A fresh one each run, as on a
   * cluster ({@code deploy/submit-common.sh}): Spark recovers a job from a checkpoint it finds,
   * with read positions that can be past records never written.
   */
  public static final Path SPARK_CHECKPOINTS =
      Path.of(System.getProperty("java.io.tmpdir"), "bankstream-spark-checkpoints");

  private static final String CHECKPOINT_DIR = "--checkpointDir=";

  private static final String TMPDIR = "-Djava.io.tmpdir=";

  private static final String STATE_BACKEND_PATH = "--stateBackendStoragePath=";

  /** The name of each run's scratch directory begins so; see {@link #removeRunFiles}. */
  public static final String SCRATCH_PREFIX = "bankstream-run-";

  /** The pipeline's main class, in every bundled jar. */
  public static final String MAIN = "io.bankstream.pipeline.BankstreamPipeline";

  /** The backtest's main class, in every bundled jar. */
  public static final String BACKTEST_MAIN = "io.bankstream.pipeline.backtest.Backtest";

  private RunnerProcess() {}

  /**
   * The pipeline options that select {@code runner} on this machine with {@code parallelism}
   * workers: the DirectRunner, Flink embedded with checkpoints, Spark {@code local[parallelism]} in
   * streaming mode; without the defaults {@code given} overrides.
   *
   * @param given the options the pipeline is also given ({@code --name=value}), which win
   */
  public static List<String> runnerOptions(Runner runner, int parallelism, List<String> given) {
    List<String> defaults =
        switch (runner) {
          // Its test-only checks are off by default in the pipeline's own parseOptions.
          case DIRECT -> List.of("--runner=DirectRunner", "--targetParallelism=" + parallelism);
          case FLINK ->
              List.of(
                  "--runner=FlinkRunner",
                  "--flinkMaster=[local]",
                  "--streaming=true",
                  "--parallelism=" + parallelism,
                  "--checkpointingInterval=" + FLINK_CHECKPOINT_MILLIS,
                  // Checkpoints to files: the default keeps them in the JobManager's memory, which
                  // refuses a state above 5 MB, and the per-payer state of 10,000 payers is larger.
                  "--stateBackend=filesystem",
                  STATE_BACKEND_PATH + FLINK_CHECKPOINTS.toUri(),
                  // No deep copy of every element between chained steps: no step here changes an
                  // element it was given or has output.
                  "--fasterCopy=true");
          case SPARK ->
              List.of(
                  "--runner=SparkRunner",
                  "--sparkMaster=local[" + parallelism + "]",
                  "--streaming=true",
                  CHECKPOINT_DIR
                      + SPARK_CHECKPOINTS.resolve("run-" + UUID.randomUUID()).toAbsolutePath());
        };
    List<String> names = given.stream().map(RunnerProcess::optionName).toList();
    List<String> options = new ArrayList<>();
    for (String option : defaults) {
      String name = optionName(option);
      // A storage path belongs to the state backend it is the default for.
      boolean overridden =
          names.contains(name)
              || (name.equals("--stateBackendStoragePath") && names.contains("--stateBackend"));
      if (!overridden) {
        options.add(option);
      }
    }
    return options;
  }

  /** As {@link #runnerOptions(Runner, int, List)} with nothing given. */
  public static List<String> runnerOptions(Runner runner, int parallelism) {
    return runnerOptions(runner, parallelism, List.of());
  }

  /** As {@link #command(Runner, Path, int, List, List)} without extra JVM flags. */
  public static ProcessBuilder command(
      Runner runner, Path runnersDir, int parallelism, List<String> pipelineOptions) {
    return command(runner, runnersDir, parallelism, List.of(), pipelineOptions);
  }

  /**
   * A process builder for the pipeline on {@code runner}: {@code java [flags] [jvmFlags]
   * -Djava.io.tmpdir=<scratch> -cp <bundled jar> BankstreamPipeline <runner options>
   * <pipelineOptions>}, with {@code SPARK_LOCAL_IP} set for Spark (unless set already).
   *
   * @param runnersDir the {@code runners/} directory of a build
   * @param jvmFlags flags for the pipeline's JVM (the launcher's {@code JAVA_OPTS})
   * @throws IllegalStateException if a jar or file of the build is missing, naming the command that
   *     builds it
   */
  public static ProcessBuilder command(
      Runner runner,
      Path runnersDir,
      int parallelism,
      List<String> jvmFlags,
      List<String> pipelineOptions) {
    List<String> arguments = new ArrayList<>(runnerOptions(runner, parallelism, pipelineOptions));
    arguments.addAll(flinkConfDir(runner, runnersDir, pipelineOptions));
    arguments.addAll(pipelineOptions);
    return java(runner, runnersDir, jvmFlags, MAIN, arguments);
  }

  /**
   * {@code --flinkConfDir=<runners>/flink/conf} for Flink unless given: its {@code flink-conf.yaml}
   * makes embedded Flink serve its web UI and its Prometheus reporter (docs/pipeline.md).
   */
  static List<String> flinkConfDir(Runner runner, Path runnersDir, List<String> given) {
    if (runner != Runner.FLINK
        || given.stream().map(RunnerProcess::optionName).anyMatch("--flinkConfDir"::equals)) {
      return List.of();
    }
    Path conf = runnersDir.resolve("flink").resolve("conf").toAbsolutePath();
    return java.nio.file.Files.isDirectory(conf) ? List.of("--flinkConfDir=" + conf) : List.of();
  }

  /**
   * A process builder for the backtest ({@link #BACKTEST_MAIN}, a bounded pipeline) on {@code
   * runner}, from the same bundled jar: the DirectRunner, or Flink embedded in batch mode with
   * {@code parallelism} workers; the {@code options} given win over those defaults.
   *
   * @throws IllegalArgumentException for Spark, which the backtest does not run on
   */
  public static ProcessBuilder backtest(
      Runner runner,
      Path runnersDir,
      int parallelism,
      List<String> jvmFlags,
      List<String> options) {
    List<String> defaults =
        switch (runner) {
          case DIRECT -> List.of("--runner=DirectRunner", "--targetParallelism=" + parallelism);
          case FLINK ->
              List.of(
                  "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=" + parallelism);
          case SPARK ->
              throw new IllegalArgumentException(
                  "the backtest runs on direct or flink (embedded), not on spark");
        };
    List<String> names = options.stream().map(RunnerProcess::optionName).toList();
    List<String> arguments = new ArrayList<>();
    defaults.stream().filter(option -> !names.contains(optionName(option))).forEach(arguments::add);
    arguments.addAll(options);
    return java(runner, runnersDir, jvmFlags, BACKTEST_MAIN, arguments);
  }

  /**
   * {@code java [flags] [jvmFlags] -Djava.io.tmpdir=<scratch> -cp <bundled jar> <main>
   * <arguments>}, with {@code SPARK_LOCAL_IP} set for Spark (unless set already). The scratch
   * directory is made here, a new one each call: the caller runs {@link #removeRunFiles} once the
   * process has ended (or if it never starts it).
   */
  private static ProcessBuilder java(
      Runner runner, Path runnersDir, List<String> jvmFlags, String main, List<String> arguments) {
    Path jar = bundledJar(runner, runnersDir);
    List<String> runnerFlags = new ArrayList<>();
    String classpath = jar.toString();
    if (runner == Runner.SPARK) {
      runnerFlags.addAll(jvmOptions(runnersDir.resolve("spark").resolve("jvm.options")));
      classpath +=
          java.io.File.pathSeparator
              + read(runnersDir.resolve("spark").resolve("target").resolve("spark-classpath.txt"))
                  .strip();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The runners' scratch files go to a directory of this run's own, which removeRunFiles deletes
    // when the process has ended: they follow java.io.tmpdir (Flink's io.tmp.dirs and Spark's
    // spark.local.dir default to it) and neither runner removes them all itself, even on SIGTERM:
    // Flink's flink-io-*, flink-netty-shuffle-*, flink-rpc-akka*.jar, flink-web-upload*,
    // minicluster_*; Spark's spark-* and blockmgr-*; the native libraries Kafka's compression
    // unpacks. It lies under this JVM's own (a test's target/it-tmp), and comes after jvmFlags so
    // that a -Djava.io.tmpdir in JAVA_OPTS moves it rather than replaces it. Made last, once
    // nothing
    // above can fail.
    Path scratch = scratchDirectory();
    command.addAll(runnerFlags);
    command.addAll(jvmFlags);
    command.add("-Djava.io.tmpdir=" + scratch);
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    // Embedded Flink's checkpoints by default in the scratch directory too: no run restores
    // another's (a pipeline resumes from what the database holds), so they end with the run.
    String sharedCheckpoints = STATE_BACKEND_PATH + FLINK_CHECKPOINTS.toUri();
    for (String argument : arguments) {
      command.add(
          argument.equals(sharedCheckpoints)
              ? STATE_BACKEND_PATH + scratch.resolve("flink-checkpoints").toUri()
              : argument);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    if (runner == Runner.SPARK) {
      builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    }
    return builder;
  }

  /**
   * Deletes the Spark checkpoint directory this class gave {@code command} (under {@link
   * #SPARK_CHECKPOINTS}), if any: for the caller to run once the process has ended. A directory the
   * caller chose itself is left alone; a null {@code command} (none started) does nothing.
   */
  public static void removeCheckpoints(ProcessBuilder command) {
    if (command == null) {
      return;
    }
    for (String argument : command.command()) {
      if (!argument.startsWith(CHECKPOINT_DIR)) {
        continue;
      }
      Path directory = Path.of(argument.substring(CHECKPOINT_DIR.length()));
      if (directory.startsWith(SPARK_CHECKPOINTS.toAbsolutePath())) {
        WorkDirectory.deleteTree(directory);
        try {
          Files.deleteIfExists(SPARK_CHECKPOINTS.toAbsolutePath());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          // Another run's checkpoints are still there.
        } catch (IOException e) {
          throw new UncheckedIOException("could not remove " + SPARK_CHECKPOINTS, e);
        }
      }
    }
  }

  /**
   * Deletes what the process of {@code command} left behind, for the caller to run once it has
   * ended: its scratch directory (its {@code java.io.tmpdir}, a {@code bankstream-run-*} directory
   * this class made) and its Spark checkpoints ({@link #removeCheckpoints}). A null {@code command}
   * (none started) does nothing.
   */
  public static void removeRunFiles(ProcessBuilder command) {
    if (command == null) {
      return;
    }
    for (String argument : command.command()) {
      if (argument.startsWith(TMPDIR)) {
        Path directory = Path.of(argument.substring(TMPDIR.length()));
        if (directory.getFileName().toString().startsWith(SCRATCH_PREFIX)) {
          WorkDirectory.deleteTree(directory);
        }
      }
    }
    removeCheckpoints(command);
  }

  /**
   * A new, empty {@code bankstream-run-<random>} directory under this JVM's temporary directory.
   */
  private static Path scratchDirectory() {
    Path parent = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, SCRATCH_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch directory in " + parent + ": " + e, e);
    }
  }

  /** {@code --name} of {@code --name=value} (or of {@code --name}). */
  private static String optionName(String option) {
    int equals = option.indexOf('=');
    return equals < 0 ? option : option.substring(0, equals);
  }

  /** {@code runners/<name>/target/bankstream-pipeline-<name>.jar}, which must exist. */
  public static Path bundledJar(Runner runner, Path runnersDir) {
    Path jar =
        runnersDir
            .resolve(runner.cliName())
            .resolve("target")
            .resolve("bankstream-pipeline-" + runner.cliName() + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it with `mvn -B -DskipTests package -pl runners/"
              + runner.cliName()
              + " -am`");
    }
    return jar;
  }

  /** The flags of a {@code jvm.options} file: one per line, {@code #} comments skipped. */
  static List<String> jvmOptions(Path file) {
    return read(file)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + " is missing: build with `mvn -B -DskipTests package -pl runners/spark -am`", e);
    }
  }
}
