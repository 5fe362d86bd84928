package io.bankstream.producer;

import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.publish.ProduceCommand;
import io.bankstream.producer.publish.ReplayCommand;
import io.bankstream.producer.seed.SeedCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The producer's command line, reached as {@code ./bankstream seed}, {@code ./bankstream produce}
 * and {@code ./bankstream replay}. Failures the user can act on print one {@code error:} line and
 * exit non-zero; invalid options print the usage and exit 2.
 */
@Command(
    name = "bankstream",
    mixinStandardHelpOptions = true,
    version = "bankstream producer 0.1.0",
    description = "Synthetic data for bankstream: users in PostgreSQL, transactions on Kafka.",
    subcommands = {SeedCommand.class, ProduceCommand.class, ReplayCommand.class})
public final class ProducerCli {

  private ProducerCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling, as {@code main} runs it; tests use it too. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ProducerCli());
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          if (exception instanceof CliException known) {
            command.getErr().println("error: " + known.getMessage());
            return known.exitCode();
          }
          command
              .getErr()
              .printf(
                  "error: %s: %s (run with -Dbankstream.trace=true for the stack trace)%n",
                  exception.getClass().getSimpleName(), exception.getMessage());
          if (Boolean.getBoolean("bankstream.trace")) {
            exception.printStackTrace(command.getErr());
          }
          return CliException.UNAVAILABLE;
        });
    return commandLine;
  }
}
