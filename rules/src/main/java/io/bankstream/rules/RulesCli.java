package io.bankstream.rules;

import io.bankstream.producer.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The rules versions' command line, reached as {@code ./bankstream rules}: checks a rules file,
 * publishes it as a new version in PostgreSQL ({@code versoes_regras}), and lists, shows, compares
 * and rolls back the versions the pipeline decides with. Every refusal is one {@code error:} line
 * (a rules file with several problems, one line per problem) and exit code 2; an unreachable
 * database is one {@code error:} line and exit code 1. Nothing prints a stack trace unless {@code
 * -Dbankstream.trace=true}.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    version = "bankstream rules 0.1.0",
    description =
        "Publish and inspect the rules versions the pipeline decides with (versoes_regras). A"
            + " version decides every transaction whose event time is at or after its effective"
            + " time, until a newer version takes effect.",
    subcommands = {
      ValidateCommand.class,
      PushCommand.class,
      ListCommand.class,
      ShowCommand.class,
      DiffCommand.class,
      RollbackCommand.class,
      ActiveCommand.class
    })
public final class RulesCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int exitCode = commandLine.execute(args);
    // Picocli's writers flush on println only; what was print()ed would be lost at exit.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  /** Without a subcommand: say which exist. */
  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: name a rules command: validate, push, list, show, diff, rollback or active"
                + " (see rules --help)");
    return CliException.BAD_INPUT;
  }

  /** The command line with its error handling, as {@code main} runs it; tests use it too. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new RulesCli());
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine command = exception.getCommandLine();
          command
              .getErr()
              .printf(
                  "error: %s (see %s --help)%n",
                  withoutPrefix(exception.getMessage()), command.getCommandSpec().qualifiedName());
          return CliException.BAD_INPUT;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          if (exception instanceof CliException known) {
            command.getErr().println("error: " + firstLine(known.getMessage()));
            return known.exitCode();
          }
          command
              .getErr()
              .printf(
                  "error: %s: %s (run with -Dbankstream.trace=true for the stack trace)%n",
                  exception.getClass().getSimpleName(), firstLine(exception.getMessage()));
          if (Boolean.getBoolean("bankstream.trace")) {
            exception.printStackTrace(command.getErr());
          }
          return CliException.UNAVAILABLE;
        });
    return commandLine;
  }

  /** One line: some causes (Flyway's) add a table of details, which the trace still has. */
  private static String firstLine(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }

  /** Picocli starts some messages with {@code Error: }; ours already say {@code error:}. */
  private static String withoutPrefix(String message) {
    String text = message == null ? "invalid input" : message.strip();
    return text.regionMatches(true, 0, "error: ", 0, 7) ? text.substring(7) : text;
  }
}
