package io.bankstream.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersionStore.Stored;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.model.db.Migrations;
import io.bankstream.rules.RulesCliTest.Run;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules commands against a real PostgreSQL 17 started by the test and migrated: a version's
 * whole life (push, list, show, diff, rollback, active) as a user runs it, and every refusal as one
 * {@code error:} line with exit code 2 that publishes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesCommandIT {

  private static final String LOWER_NIGHT_LIMIT =
      """
      pixNoturno:
        limit: 500.00
      limits:
        - { code: SOMA_1H, measure: sum, window: 1h, max: 5000.00, modality: PIX }
      """;

  private static EmbeddedPostgres postgres;
  private static String jdbcUrl;

  @TempDir Path directory;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    Migrations.apply(postgres.getPostgresDatabase());
    jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void aVersionsWholeLife() throws Exception {
    Run empty = db("list");
    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.out())
        .contains("No rules version is published yet")
        .contains("publishes its start-up rules as version 1");
    Run noneActive = db("active");
    assertThat(noneActive.out())
        .startsWith(
            "No rules version is published yet: the pipeline's start-up rules (version 0) decide"
                + " now (");

    // What the first pipeline does at start.
    RulesConfig defaults = RulesLoader.fromYaml("");
    try (Connection connection = connect()) {
      RuleVersionStore.publishFirstIfNone(
          connection, RulesDocument.yaml(defaults), "pipeline@test", "start-up rules");
    }

    Path file = write("lower.yaml", LOWER_NIGHT_LIMIT);
    Run push =
        db("push", file.toString(), "--comment", "lower night PIX limit", "--by", "alice@host");
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.out())
        .containsPattern(
            "Published rules version 2, deciding from \\S+Z \\(in 30 s\\), by alice@host: lower"
                + " night PIX limit")
        .contains("Changes from version 1")
        .contains("pixNoturno.limit: 1000.00" + Text.ARROW + "500.00")
        .contains("limits.RAJADA_1MIN: count over 1m above 4, ANY: ")
        .contains(Text.ARROW + "sum over 1h above 5000.00, PIX\n");
    Stored two = version(2);
    assertThat(two.content()).isEqualTo(RulesDocument.yaml(RulesLoader.load(file)));
    assertThat(two.rules()).isEqualTo(RulesLoader.load(file));
    try (Connection connection = connect()) {
      assertThat(Duration.between(RuleVersionStore.now(connection), two.effectiveFrom()))
          .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31));
    }

    Run list = db("list");
    assertThat(list.exitCode()).isZero();
    List<String> lines = list.outLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .contains("   1  from 1970-01-01T00:00:00Z")
        .contains("by pipeline@test: start-up rules")
        .endsWith("<- in force now");
    assertThat(lines.get(2))
        .contains("   2  from " + Text.instant(two.effectiveFrom()))
        .contains("by alice@host: lower night PIX limit")
        .contains("<- scheduled, in ");

    // show's output, saved and pushed again after version 2 takes effect, is the same rules.
    Run show = db("show", "2");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out())
        .startsWith("# rules version 2\n")
        .contains("# comment: lower night PIX limit\n")
        .endsWith(two.content().endsWith("\n") ? two.content() : two.content() + "\n");
    Path shown = write("shown.yaml", show.out());
    Run again = db("push", shown.toString(), "--effective-in", "40s", "--comment", "same again");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out())
        .contains("Published rules version 3")
        .contains("(in 40 s)")
        .contains("no change from version 2")
        .doesNotContain("Changes from");
    assertThat(version(3).rules()).isEqualTo(two.rules());

    Run diff = db("diff", "1", "2");
    assertThat(diff.exitCode()).isZero();
    assertThat(diff.outLines()).first().isEqualTo("From version 1 to version 2:");
    assertThat(diff.out())
        .contains("  pixNoturno.limit: 1000.00" + Text.ARROW + "500.00\n")
        .contains("  limits.SOMA_1H: sum over 1h above 20000.00, ANY: ")
        .contains(Text.ARROW + "sum over 1h above 5000.00, PIX\n")
        .contains("  limits.TED_10MIN: count over 10m above 2, TED: ")
        .contains("drained in large transfers" + Text.ARROW + Text.ABSENT + "\n")
        .doesNotContain("velocidade");
    assertThat(db("diff", "2", "1").out())
        .contains("  limits.SOMA_1H: sum over 1h above 5000.00, PIX" + Text.ARROW + "sum over 1h");
    assertThat(db("diff", "2", "3").out()).isEqualTo("versions 2 and 3 are the same\n");

    Run rollback = db("rollback", "1", "--effective-in", "50s", "--by", "bob@host");
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(rollback.out())
        .contains("Published rules version 4 (a copy of version 1)")
        .contains("(in 50 s), by bob@host: rollback to version 1")
        .contains("Changes from version 3")
        .contains("pixNoturno.limit: 500.00" + Text.ARROW + "1000.00");
    Stored four = version(4);
    assertThat(four.content()).isEqualTo(version(1).content());
    assertThat(four.copyOf()).contains(1);
    assertThat(db("list").out()).contains("by bob@host: rollback to version 1 (copy of 1)");

    Run now = db("active");
    assertThat(now.out()).startsWith("Rules version 1 decides now (").contains("start-up rules");
    Instant atFour = four.effectiveFrom();
    assertThat(db("active", "--at", atFour.toString()).out())
        .startsWith("Rules version 4 decides at " + Text.instant(atFour))
        .contains("(copy of 1)");
    assertThat(db("active", "--at", atFour.minusMillis(1).toString()).out())
        .startsWith("Rules version 3 decides");
    assertThat(db("active", "--at", "1969-12-31T23:59:59Z").out())
        .contains("No published version decides at 1969-12-31T23:59:59Z")
        .contains("(the earliest takes effect at 1970-01-01T00:00:00Z)")
        .contains("start-up rules (version 0) decide there");
  }

  @Test
  @Order(2)
  void everyRefusalIsOneErrorLineAndPublishesNothing() throws Exception {
    int before = versions();
    Path good = write("good.yaml", LOWER_NIGHT_LIMIT);
    Path bad =
        write("bad.yaml", "pixNoturno:\n  limit: -5\nvelocidade:\n  maxTransactions: many\n");

    Run badFile = db("push", bad.toString(), "--comment", "x");
    assertThat(badFile.exitCode()).isEqualTo(2);
    assertThat(badFile.errLines())
        .hasSize(2)
        .allMatch(line -> line.startsWith("error: rules file " + bad + ": "))
        .anyMatch(line -> line.contains(": pixNoturno.limit: "))
        .anyMatch(line -> line.contains(": velocidade.maxTransactions: "));

    refused(
        db("push", directory.resolve("none.yaml").toString(), "--comment", "x"),
        "error: rules file " + directory.resolve("none.yaml") + ": not found");
    refused(
        db("push", good.toString(), "--effective-at", "2020-01-01T00:00:00Z", "--comment", "x"),
        "error: --effective-at 2020-01-01T00:00:00Z is in the past");
    refused(
        db("push", good.toString(), "--effective-in", "2s", "--comment", "x"),
        "error: --effective-in 2s is too soon: a rules version must take effect at least 10 s");
    refused(
        db("push", good.toString(), "--effective-at", Instant.now().plusSeconds(3).toString()),
        "error: --comment is required");
    refused(db("push", good.toString(), "--comment", ""), "error: --comment is required");
    refused(db("rollback", "1", "--effective-in", "5s"), "error: --effective-in 5s is too soon");
    refused(db("show", "99"), "error: no rules version 99 (");
    refused(db("diff", "1", "99"), "error: no rules version 99 (");
    refused(db("diff", "99", "1"), "error: no rules version 99 (");
    refused(db("rollback", "99"), "error: no rules version 99 (");
    refused(db("show", "x"), "error: Invalid value for positional parameter at index 0 (N): 'x'");
    refused(db("diff", "1", "two"), "error: Invalid value for positional parameter at index 1");
    refused(db("rollback", "0"), "error: Invalid value");
    refused(db("diff", "1"), "error: Missing required parameter: 'M'");
    refused(db("active", "--at", "noon"), "error: Invalid value for option '--at'");

    assertThat(versions()).as("versions after the refusals").isEqualTo(before);
  }

  @Test
  @Order(3)
  void anUnknownVersionNamesTheOnesThatExist() throws Exception {
    int newest = versions();
    assertThat(newest).as("the life test published versions").isGreaterThan(1);
    refused(
        db("show", "7" + newest),
        "error: no rules version 7" + newest + " (versions 1 to " + newest + " exist)");
  }

  /** Exit code 2 and exactly one line, an {@code error:} line starting with {@code start}. */
  private static void refused(Run run, String start) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).as(run.toString()).isEmpty();
    assertThat(run.errLines()).as(run.toString()).hasSize(1).first().asString().startsWith(start);
  }

  /** {@code rules <args> --jdbc-url <the embedded server> --db-user postgres}. */
  private static Run db(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", "postgres"));
    return RulesCliTest.run(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(directory.resolve(name), text);
  }

  private static Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  private static Stored version(int number) throws SQLException {
    try (Connection connection = connect()) {
      return RuleVersionStore.find(connection, number).orElseThrow();
    }
  }

  private static int versions() throws SQLException {
    try (Connection connection = connect()) {
      return RuleVersionStore.all(connection).size();
    }
  }
}
