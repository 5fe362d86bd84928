package io.bankstream.rules;

import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules push FILE}: publishes a rules file as the next version. It stores the complete
 * resolved document (the file laid over this release's defaults, every key written out), so that a
 * version means the same whatever defaults a later release bundles. Everything the user gives is
 * checked before anything is stored: the comment, every problem of the file, the effective time.
 */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Publish a rules file as the next version, deciding from its effective time on; prints"
            + " what it changes from the version that decides until then.")
public final class PushCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The rules file (YAML), over the defaults.")
  private Path file;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private EffectiveTime effectiveTime;

  @Option(
      names = "--comment",
      paramLabel = "<text>",
      description = "Why this version is published (required).")
  private String comment;

  @Option(
      names = "--by",
      paramLabel = "<name>",
      description = "Who publishes it (default: <user>@<host>).")
  private String by;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    if (comment == null || comment.isBlank()) {
      throw CliException.badInput(
          "--comment is required: say why this version is published, e.g. --comment \"lower"
              + " night PIX limit\"");
    }
    String text = RulesFile.read(file);
    List<RulesConfigException> problems = RulesFile.problems(text);
    if (RulesFile.report(spec.commandLine().getErr(), file, problems)) {
      return CliException.BAD_INPUT;
    }
    RulesConfig rules = RulesLoader.fromYaml(text);
    try (Connection connection = Versions.open(postgres)) {
      Publisher.publish(
          connection,
          spec.commandLine().getOut(),
          RulesDocument.yaml(rules),
          rules,
          effectiveTime,
          by == null ? Publisher.defaultPublisher() : by,
          comment,
          null);
    }
    return 0;
  }
}
