package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.producer.cli.PostgresOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rules active}: which version decides a transaction now, by the database's clock, or one
 * with a given event time, by the pipeline's own rule: the newest version whose effective time is
 * at or before the event time, else the pipeline's start-up rules (version 0).
 */
@Command(
    name = "active",
    mixinStandardHelpOptions = true,
    description =
        "Show which rules version decides a transaction now (by the database clock) or at the"
            + " event time --at, with its effective time and comment.")
public final class ActiveCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--at",
      paramLabel = "<instant>",
      converter = Converters.InstantConverter.class,
      description = "An event time, ISO-8601: 2026-12-05T12:30:00Z (default: now).")
  private Instant at;

  @Mixin private PostgresOptions postgres;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    try (Connection connection = Versions.open(postgres)) {
      Instant now = RuleVersionStore.now(connection);
      String when =
          at == null
              ? "now (" + Text.instant(now) + " by the database clock)"
              : "at " + Text.instant(at);
      List<Stored> all = RuleVersionStore.all(connection);
      Optional<Stored> deciding = Versions.inForce(all, at == null ? now : at);
      if (all.isEmpty()) {
        out.printf(
            "No rules version is published yet: the pipeline's start-up rules (version 0) decide"
                + " %s.%n",
            when);
        return 0;
      }
      if (deciding.isEmpty()) {
        out.printf(
            "No published version decides %s (the earliest takes effect at %s): the pipeline's"
                + " start-up rules (version 0) decide there.%n",
            when,
            Text.instant(
                all.stream().map(Stored::effectiveFrom).min(Instant::compareTo).orElseThrow()));
        return 0;
      }
      Stored version = deciding.get();
      out.printf(
          "Rules version %d decides %s: in force from %s, published by %s: %s%s%n",
          version.number(),
          when,
          Text.instant(version.effectiveFrom()),
          version.publishedBy(),
          Text.oneLine(version.comment()),
          version.copyOf().map(n -> " (copy of " + n + ")").orElse(""));
    }
    return 0;
  }
}
