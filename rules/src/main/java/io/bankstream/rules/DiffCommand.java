package io.bankstream.rules;

import io.bankstream.core.rules.RulesDocument;
import io.bankstream.producer.cli.PostgresOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules diff N M}: what changed from version N to version M, field by field, by the fields'
 * paths in a rules file; the rules are compared, not the texts, so two versions written differently
 * with the same rules are the same.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Show what changed from version N to version M, one 'field: before -> after' line per"
            + " field ('(absent)' where one has no such field).")
public final class DiffCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "N",
      converter = Converters.VersionConverter.class,
      description = "The version to compare from.")
  private int from;

  @Parameters(
      index = "1",
      paramLabel = "M",
      converter = Converters.VersionConverter.class,
      description = "The version to compare to.")
  private int to;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    try (Connection connection = Versions.open(postgres)) {
      List<RulesDocument.Change> changes =
          RulesDocument.diff(
              Versions.rules(Versions.require(connection, from)),
              Versions.rules(Versions.require(connection, to)));
      if (changes.isEmpty()) {
        out.printf("versions %d and %d are the same%n", from, to);
      } else {
        out.printf("From version %d to version %d:%n", from, to);
        Text.changes(out, "  ", changes);
      }
    }
    return 0;
  }
}
