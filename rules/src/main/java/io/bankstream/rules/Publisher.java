package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesDocument;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publishes a version for {@code push} and {@code rollback}: checks its effective time against the
 * database's clock, stores it, and says what it changes from the version that decides until then,
 * so that a push with no effect, or with more than was meant, shows at once.
 */
final class Publisher {

  private Publisher() {}

  /** {@code user@host}: who publishes, unless {@code --by} says. */
  static String defaultPublisher() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }

  /**
   * Publishes {@code content} and prints what it did.
   *
   * @param content a complete rules document, as {@link RulesDocument#yaml} writes
   * @param rules {@code content}'s rules, for the changes
   * @param copyOf the version a rollback republishes, or null
   */
  static Stored publish(
      Connection connection,
      PrintWriter out,
      String content,
      RulesConfig rules,
      EffectiveTime effectiveTime,
      String publishedBy,
      String comment,
      Integer copyOf)
      throws SQLException {
    Instant now = RuleVersionStore.now(connection);
    Instant effective = EffectiveTime.resolve(effectiveTime, now);
    Optional<Stored> before = Versions.inForce(RuleVersionStore.all(connection), effective);
    // Worked out before publishing, so that a refusal leaves nothing published.
    List<RulesDocument.Change> changes =
        before.isEmpty() ? List.of() : RulesDocument.diff(Versions.rules(before.get()), rules);
    Stored stored =
        RuleVersionStore.publish(
            connection, content, effective, publishedBy, Text.oneLine(comment), copyOf);
    out.printf(
        "Published rules version %d%s, deciding from %s (in %s), by %s: %s%n",
        stored.number(),
        copyOf == null ? "" : " (a copy of version " + copyOf + ")",
        Text.instant(stored.effectiveFrom()),
        Text.lead(Duration.between(now, stored.effectiveFrom())),
        stored.publishedBy(),
        stored.comment());
    if (before.isEmpty()) {
      out.println(
          "No published version decides before it: until then the pipeline's start-up rules"
              + " (version 0) do.");
      return stored;
    }
    if (changes.isEmpty()) {
      out.printf(
          "no change from version %d, which decides until then: the same rules, published all"
              + " the same%n",
          before.get().number());
    } else {
      out.printf("Changes from version %d, which decides until then:%n", before.get().number());
      Text.changes(out, "  ", changes);
    }
    return stored;
  }
}
