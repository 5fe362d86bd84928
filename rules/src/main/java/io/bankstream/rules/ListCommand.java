package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.producer.cli.PostgresOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rules list}: every published version, one line each, marking the one in force now by the
 * database's clock, the scheduled ones, and any that a newer version supersedes before it ever
 * takes effect.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the published rules versions: number, effective from (UTC), published at, by,"
            + " comment; marks the one in force now and the scheduled ones.")
public final class ListCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    try (Connection connection = Versions.open(postgres)) {
      Instant now = RuleVersionStore.now(connection);
      List<Stored> all = RuleVersionStore.all(connection);
      if (all.isEmpty()) {
        out.println(
            "No rules version is published yet: the first pipeline to start publishes its"
                + " start-up rules as version 1.");
        return 0;
      }
      Optional<Stored> current = Versions.inForce(all, now);
      out.printf("Rules versions (the database clock reads %s):%n", Text.instant(now));
      for (Stored version : all) {
        out.printf(
            "%4d  from %s  published %s  by %s: %s%s%s%n",
            version.number(),
            Text.instant(version.effectiveFrom()),
            Text.instant(version.publishedAt()),
            version.publishedBy(),
            Text.oneLine(version.comment()),
            version.copyOf().map(n -> " (copy of " + n + ")").orElse(""),
            marker(version, all, current, now));
      }
    }
    return 0;
  }

  private static String marker(
      Stored version, List<Stored> all, Optional<Stored> current, Instant now) {
    if (current.isPresent() && current.get().number() == version.number()) {
      return "  <- in force now";
    }
    if (!version.effectiveFrom().isAfter(now)) {
      return "";
    }
    int decidingThen = Versions.inForce(all, version.effectiveFrom()).orElseThrow().number();
    return decidingThen == version.number()
        ? "  <- scheduled, in " + Text.lead(Duration.between(now, version.effectiveFrom()))
        : "  <- superseded by version " + decidingThen + " before it takes effect";
  }
}
