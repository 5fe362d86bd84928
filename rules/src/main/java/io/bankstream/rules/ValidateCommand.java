package io.bankstream.rules;

import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.producer.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules validate FILE}: checks a rules file as the pipeline and {@code rules push} read it,
 * over the bundled defaults, and prints every problem at once rather than the first, so that one
 * edit fixes them all. Needs no database.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check a rules file without publishing it: prints 'FILE: valid', or every problem, one"
            + " 'error:' line each (exit code 2). Needs no database.")
public final class ValidateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The rules file (YAML), over the defaults.")
  private Path file;

  @Override
  public Integer call() {
    List<RulesConfigException> problems = RulesFile.problems(RulesFile.read(file));
    if (RulesFile.report(spec.commandLine().getErr(), file, problems)) {
      return CliException.BAD_INPUT;
    }
    spec.commandLine().getOut().println(file + ": valid");
    return 0;
  }
}
