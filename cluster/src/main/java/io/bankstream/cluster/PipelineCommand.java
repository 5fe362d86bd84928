package io.bankstream.cluster;

import io.bankstream.cluster.RunnerProcess.Runner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./bankstream pipeline [--runner direct|flink|spark] <Beam options>}: runs the pipeline's
 * bundled jar for the runner in a JVM of its own, with the runner's defaults of {@link
 * RunnerProcess} (any given on the command line wins) and the launcher's {@code JAVA_OPTS}. Prints
 * the command it runs ({@code + java ...}) on stderr, shares its terminal with the pipeline,
 * forwards SIGTERM to it (Ctrl-C reaches it directly, as the terminal signals the whole process
 * group), removes the run's scratch directory and Spark checkpoints once it has ended ({@link
 * RunnerProcess#removeRunFiles}) and exits with its exit code. An unknown runner exits 2; a missing
 * jar exits 1 naming the build command.
 */
@Command(
    name = "bankstream pipeline",
    description =
        "Runs the pipeline on the DirectRunner, Flink embedded ([local], checkpoints every 10 s) or"
            + " Spark local[2], in a JVM of its own. Every other argument is a Beam option"
            + " (--name=value); --help=io.bankstream.pipeline.options.BankstreamOptions lists"
            + " them. Options given win over the runner's defaults.",
    sortOptions = false)
public final class PipelineCommand implements Callable<Integer> {

  /** Exit code for an unknown runner or a bad argument. */
  static final int EXIT_USAGE = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--runner",
      paramLabel = "<name>",
      defaultValue = "direct",
      converter = RunnerConverter.class,
      description = "direct, flink or spark (Beam's names too; default: ${DEFAULT-VALUE}).")
  private Runner runner;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help; --help=<options interface> is Beam's help.")
  private boolean help;

  @Unmatched private List<String> pipelineOptions = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(commandLine().execute(beamHelp(args)));
  }

  /** The command line, with the launcher's one-line errors. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PipelineCommand());
    commandLine.setUnmatchedArgumentsAllowed(true);
    commandLine.setUnmatchedOptionsArePositionalParams(true);
    commandLine.setParameterExceptionHandler(
        (error, args) -> {
          error.getCommandLine().getErr().println("bankstream: " + error.getMessage());
          return EXIT_USAGE;
        });
    return commandLine;
  }

  /**
   * {@code --help=<interface>} is Beam's, not picocli's boolean: passed to the pipeline as written,
   * after a {@code --} that ends the launcher's own options.
   */
  private static String[] beamHelp(String[] args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).startsWith("--help=")) {
        List<String> launcher = new ArrayList<>(all);
        launcher.remove(i);
        launcher.add("--");
        launcher.add(all.get(i));
        return launcher.toArray(String[]::new);
      }
    }
    return args;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    List<String> options = new ArrayList<>(pipelineOptions);
    options.remove("--");
    ProcessBuilder builder;
    try {
      builder =
          RunnerProcess.command(
              runner, runnersDirectory(), RunnerProcess.DEFAULT_PARALLELISM, javaOpts(), options);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      err.println("bankstream: " + e.getMessage());
      return 1;
    }
    err.println("+ " + shown(builder));
    err.flush();
    try {
      Process pipeline = builder.inheritIO().start();
      forwardTerm(pipeline);
      return pipeline.waitFor();
    } finally {
      // After Ctrl-C and SIGTERM too: both end the pipeline, which this process outlives.
      RunnerProcess.removeRunFiles(builder);
    }
  }

  /** The command as run, its long classpath shortened to the files it comes from. */
  private String shown(ProcessBuilder builder) {
    List<String> shown = new ArrayList<>(builder.command());
    int classpath = shown.indexOf("-cp") + 1;
    if (runner == Runner.SPARK) {
      shown.set(
          classpath,
          RunnerProcess.bundledJar(runner, runnersDirectory())
              + ":<runners/spark/target/spark-classpath.txt>");
      shown.add(0, "SPARK_LOCAL_IP=" + builder.environment().get("SPARK_LOCAL_IP"));
    }
    return String.join(" ", shown);
  }

  /**
   * SIGTERM is sent to this process alone: pass it on so that the pipeline's shutdown hook cancels
   * its job, then exit with the pipeline's code. SIGINT from a terminal already reaches the
   * pipeline, so this process only waits for it.
   */
  static void forwardTerm(Process pipeline) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> pipeline.destroy());
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {});
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // -Xrs: the JVM's own handling; a shutdown hook still stops the pipeline.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(pipeline::destroy, "bankstream-pipeline-forward"));
    }
  }

  /** {@code JAVA_OPTS}: the launcher's extra JVM flags, for the pipeline's JVM. */
  static List<String> javaOpts() {
    String flags = System.getenv("JAVA_OPTS");
    return flags == null || flags.isBlank() ? List.of() : List.of(flags.strip().split("\\s+"));
  }

  /** {@code runners/} of this checkout: {@code ./bankstream} sets {@code BANKSTREAM_HOME}. */
  static Path runnersDirectory() {
    return ClusterCommand.root().resolve("runners");
  }

  /** {@code --runner}: direct, flink, spark, or Beam's names. */
  static final class RunnerConverter implements CommandLine.ITypeConverter<Runner> {
    @Override
    public Runner convert(String value) {
      try {
        return Runner.named(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
