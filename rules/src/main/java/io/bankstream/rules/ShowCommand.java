package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.producer.cli.PostgresOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules show N}: version N as a rules file, its metadata as YAML comments above the content,
 * so that the output saved to a file, edited and pushed is the way to change one field of it.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Print version N: its metadata as '#' comment lines, then its complete rules (YAML that"
            + " can be saved, edited and pushed).")
public final class ShowCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      converter = Converters.VersionConverter.class,
      description = "The version to show.")
  private int number;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    try (Connection connection = Versions.open(postgres)) {
      Stored version = Versions.require(connection, number);
      out.println("# rules version " + version.number());
      out.println("# effective from: " + Text.instant(version.effectiveFrom()));
      out.println("# published at: " + Text.instant(version.publishedAt()));
      out.println("# published by: " + Text.oneLine(version.publishedBy()));
      out.println("# comment: " + Text.oneLine(version.comment()));
      version.copyOf().ifPresent(n -> out.println("# copy of: version " + n));
      String content = version.content();
      out.print(content.endsWith("\n") ? content : content + "\n");
      out.flush();
    }
    return 0;
  }
}
