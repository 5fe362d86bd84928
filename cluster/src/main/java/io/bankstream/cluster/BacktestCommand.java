package io.bankstream.cluster;

import io.bankstream.cluster.PipelineCommand.RunnerConverter;
import io.bankstream.cluster.RunnerProcess.Runner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream backtest --rules FILE --from T1 --to T2 [--runner direct|flink]}: runs the
 * backtest (a bounded Beam pipeline over {@code transacoes}, {@code
 * io.bankstream.pipeline.backtest.Backtest}) from the runner's bundled jar in a JVM of its own, as
 * {@link PipelineCommand} runs the pipeline, and exits with its code: 0 with the report written, 2
 * for a refused option or candidate (its one {@code error:} line), 1 otherwise.
 */
@Command(
    name = "bankstream backtest",
    mixinStandardHelpOptions = true,
    description =
        "Decides the recorded transactions of a time range again, with the rules version that"
            + " decided each and with a candidate rules file, using the pipeline's own rule code"
            + " and per-payer state, and writes what would flip (by rule, UF and modality, with"
            + " examples; precision and recall where the producer's labels exist) to"
            + " backtest.md and backtest.json. Writes nothing to the database.",
    sortOptions = false)
public final class BacktestCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--rules",
      required = true,
      paramLabel = "<file>",
      description = "The candidate: a rules file, as rules push takes it.")
  private Path rules;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "<time>",
      description =
          "Start of the range of event times, inclusive: 2026-12-05T12:00:00Z, or a local"
              + " date-time in --naive-time-zone (2026-12-05T09:00).")
  private String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "<time>",
      description = "End of the range, inclusive, written as --from.")
  private String to;

  @Option(
      names = "--runner",
      paramLabel = "<name>",
      defaultValue = "direct",
      converter = RunnerConverter.class,
      description = "direct or flink (embedded, batch); default: ${DEFAULT-VALUE}.")
  private Runner runner;

  @Option(
      names = "--report-dir",
      paramLabel = "<dir>",
      defaultValue = "backtest-report",
      description = "Where backtest.md and backtest.json go (default: ${DEFAULT-VALUE}).")
  private Path reportDir;

  @Option(
      names = "--examples",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "How many flips the report lists as examples (default: ${DEFAULT-VALUE}).")
  private int examples;

  @Option(
      names = "--order",
      paramLabel = "<order>",
      defaultValue = "eventTime",
      description =
          "Each payer's history replayed in eventTime order (default) or in arrival order (Kafka"
              + " partition and offset, as the pipeline decided it).")
  private String order;

  @Option(
      names = "--naive-time-zone",
      paramLabel = "<zone>",
      defaultValue = "America/Sao_Paulo",
      description = "Zone of a --from or --to without an offset (default: ${DEFAULT-VALUE}).")
  private String naiveTimeZone;

  @Option(
      names = "--jdbc-url",
      paramLabel = "<url>",
      defaultValue = "${env:BANKSTREAM_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/bank}",
      description = "PostgreSQL JDBC URL (env BANKSTREAM_JDBC_URL; default: ${DEFAULT-VALUE}).")
  private String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "<user>",
      defaultValue = "${env:BANKSTREAM_DB_USER:-bank_etl}",
      description = "Database user (env BANKSTREAM_DB_USER; default: ${DEFAULT-VALUE}).")
  private String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "<file>",
      description =
          "File holding the database password (else env BANKSTREAM_DB_PASSWORD; for a loopback"
              + " URL with neither, the local stack's development password).")
  private Path dbPasswordFile;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new BacktestCommand());
    commandLine.setParameterExceptionHandler(
        (error, ignored) -> {
          error.getCommandLine().getErr().println("error: " + error.getMessage());
          return PipelineCommand.EXIT_USAGE;
        });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    List<String> options = new ArrayList<>();
    options.add("--rules=" + rules.toAbsolutePath());
    options.add("--from=" + from);
    options.add("--to=" + to);
    options.add("--reportDir=" + reportDir.toAbsolutePath());
    options.add("--examples=" + examples);
    options.add("--naiveTimeZone=" + naiveTimeZone);
    options.add("--order=" + order);
    options.add("--jdbcUrl=" + jdbcUrl);
    options.add("--dbUser=" + dbUser);
    if (dbPasswordFile != null) {
      options.add("--dbPasswordFile=" + dbPasswordFile.toAbsolutePath());
    }
    ProcessBuilder builder;
    try {
      builder =
          RunnerProcess.backtest(
              runner,
              PipelineCommand.runnersDirectory(),
              RunnerProcess.DEFAULT_PARALLELISM,
              PipelineCommand.javaOpts(),
              options);
    } catch (IllegalArgumentException e) {
      err.println("error: --runner " + runner.cliName() + ": " + e.getMessage());
      return PipelineCommand.EXIT_USAGE;
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      err.println("bankstream: " + e.getMessage());
      return 1;
    }
    err.println("+ " + String.join(" ", builder.command()));
    err.flush();
    try {
      Process backtest = builder.inheritIO().start();
      PipelineCommand.forwardTerm(backtest);
      return backtest.waitFor();
    } finally {
      RunnerProcess.removeRunFiles(builder);
    }
  }
}
