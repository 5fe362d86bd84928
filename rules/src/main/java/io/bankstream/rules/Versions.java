package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersion;
import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.core.rules.RuleVersions;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.PostgresOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The published versions as the commands look them up: one by number, refused in one line when it
 * does not exist, and the one that decides at an event time, chosen by {@link RuleVersions}, the
 * pipeline's own rule, so that {@code active} and {@code list} can never disagree with it.
 */
final class Versions {

  private Versions() {}

  /**
   * A connection to the database, its schema brought up to date (as every component that may start
   * first does). Connects before migrating so that an unreachable database is reported in the
   * driver's one line, not Flyway's several.
   */
  static Connection open(PostgresOptions postgres) {
    Connection connection = postgres.connect();
    try {
      postgres.applyMigrations();
      return connection;
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Version {@code number}, or a {@link CliException} (exit code 2) saying which exist. */
  static Stored require(Connection connection, int number) throws SQLException {
    Optional<Stored> found = RuleVersionStore.find(connection, number);
    if (found.isPresent()) {
      return found.get();
    }
    List<Stored> all = RuleVersionStore.all(connection);
    String exist =
        all.isEmpty()
            ? "none is published yet"
            : all.size() == 1
                ? "only version " + all.get(0).number() + " exists"
                : "versions "
                    + all.get(0).number()
                    + " to "
                    + all.get(all.size() - 1).number()
                    + " exist";
    throw CliException.badInput("no rules version " + number + " (" + exist + ")");
  }

  /** The version that decides a transaction at {@code eventTime}; empty: the start-up rules. */
  static Optional<Stored> inForce(List<Stored> all, Instant eventTime) {
    // The versions' rules play no part in the choice; the defaults stand in for each.
    RulesConfig any = RulesLoader.fromYaml("");
    List<RuleVersion> versions =
        all.stream()
            .map(stored -> new RuleVersion(stored.number(), stored.effectiveFrom(), any))
            .toList();
    int number = RuleVersions.of(any, versions).select(eventTime).number();
    return all.stream().filter(stored -> stored.number() == number).findFirst();
  }

  /** The rules of {@code version}, or a refusal if this release can no longer read them. */
  static RulesConfig rules(Stored version) {
    try {
      return version.rules();
    } catch (RulesConfigException e) {
      throw CliException.badInput(
          "rules version " + version.number() + " no longer reads: " + e.getMessage());
    }
  }
}
