package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of {@link PostgresHistorySource}, without a database: the password kept out of
 * messages, LIKE escaping, the statement's shape per query, and the rule map's JSON.
 */
class PostgresHistorySourceTest {

  private static final TimeRange RANGE =
      new TimeRange(Instant.parse("2026-03-02T21:00:00Z"), Instant.parse("2026-03-02T22:00:00Z"));

  @Test
  void theUrlIsShownWithoutItsPassword() {
    assertThat(PostgresHistorySource.redact("jdbc:postgresql://127.0.0.1:5432/bank"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/bank");
    assertThat(
            PostgresHistorySource.redact(
                "jdbc:postgresql://db:5432/bank?user=etl&password=s3cret&sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/bank?user=etl&password=***&sslmode=require");
    assertThat(PostgresHistorySource.redact("jdbc:postgresql://db/bank?PASSWORD=s3cret"))
        .isEqualTo("jdbc:postgresql://db/bank?PASSWORD=***");
    assertThat(PostgresHistorySource.redact("jdbc:postgresql://etl:s3cret@db:5432/bank"))
        .isEqualTo("jdbc:postgresql://etl:***@db:5432/bank");
  }

  @Test
  void likeWildcardsOnlyMatchThemselves() {
    assertThat(PostgresHistorySource.likePrefix("0B6A2F")).isEqualTo("0b6a2f");
    assertThat(PostgresHistorySource.likePrefix("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b");
  }

  @Test
  void theStatementHasOnlyTheFiltersAskedForAndNoValues() {
    String plain =
        PostgresHistorySource.transactionsSql(new TransactionQuery(RANGE, "", false, 0, 50));
    String text =
        PostgresHistorySource.transactionsSql(new TransactionQuery(RANGE, "SP", false, 0, 50));
    String rejected =
        PostgresHistorySource.transactionsSql(new TransactionQuery(RANGE, "'; drop", true, 3, 50));

    assertThat(plain)
        .contains("WHERE data_horario >= ? AND data_horario < ?")
        .endsWith("ORDER BY data_horario DESC, id_transacao LIMIT ? OFFSET ?")
        .doesNotContain("LIKE", "NOT transacao_aprovada");
    assertThat(text).contains("LIKE ? || '%'", "? = ANY(motivos_rejeicao)").doesNotContain("SP");
    assertThat(rejected).contains("AND NOT transacao_aprovada").doesNotContain("drop", "'; ");
    assertThat(count(plain, '?')).isEqualTo(4);
    assertThat(count(text, '?')).isEqualTo(10);
    assertThat(count(rejected, '?')).isEqualTo(10);
  }

  @Test
  void theRuleMapIsReadFromItsJson() {
    assertThat(PostgresHistorySource.rules("{\"RISCO\": 2, \"SALDO\": 5}"))
        .containsExactly(Map.entry("RISCO", 2L), Map.entry("SALDO", 5L));
    assertThat(PostgresHistorySource.rules("{}")).isEmpty();
    assertThat(PostgresHistorySource.rules(null)).isEmpty();
    for (String broken : new String[] {"[]", "{\"SALDO\": \"five\"}", "{\"SALDO\": 1.5}", "{"}) {
      assertThatThrownBy(() -> PostgresHistorySource.rules(broken))
          .as(broken)
          .isInstanceOf(MalformedEntryException.class);
    }
  }

  private static long count(String text, char character) {
    return text.chars().filter(c -> c == character).count();
  }
}
