package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.producer.cli.PostgresOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules rollback N}: publishes version N's content again as the next version (its {@code
 * copia_de} names N). A new version rather than a deletion, because versions decide by event time:
 * the transactions already decided keep the version that decided them, and a replay decides them
 * the same way.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Publish version N's rules again as the next version, deciding from its effective time"
            + " on; prints what it changes from the version that decides until then.")
public final class RollbackCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      converter = Converters.VersionConverter.class,
      description = "The version whose rules to restore.")
  private int number;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private EffectiveTime effectiveTime;

  @Option(
      names = "--comment",
      paramLabel = "<text>",
      description = "Why (default: rollback to version N).")
  private String comment;

  @Option(
      names = "--by",
      paramLabel = "<name>",
      description = "Who publishes it (default: <user>@<host>).")
  private String by;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    try (Connection connection = Versions.open(postgres)) {
      Stored original = Versions.require(connection, number);
      Publisher.publish(
          connection,
          spec.commandLine().getOut(),
          original.content(),
          Versions.rules(original),
          effectiveTime,
          by == null ? Publisher.defaultPublisher() : by,
          comment == null || comment.isBlank() ? "rollback to version " + number : comment,
          number);
    }
    return 0;
  }
}
