package io.bankstream.core.postgres;

import static io.bankstream.core.stats.StatsTestData.WINDOW_END;
import static io.bankstream.core.stats.StatsTestData.WINDOW_START;
import static io.bankstream.core.stats.StatsTestData.pane;
import static io.bankstream.core.stats.StatsTestData.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PostgresWindowStatsWriter} against a real PostgreSQL with the project's migrations: every
 * column as written, later panes replacing earlier ones, older and early panes changing nothing.
 */
class PostgresWindowStatsWriterIT {

  private static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(10));

  private static final StatsKey SP = new StatsKey(Dimension.REGIAO, "SP");
  private static final StatsKey PIX = new StatsKey(Dimension.MODALIDADE, "PIX");

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final MigratedPostgres DATABASE = new MigratedPostgres("window-stats-test");

  private static DataSource direct;
  private static PostgresWindowStatsWriter writer;

  @BeforeAll
  static void start() {
    direct = DATABASE.direct();
    writer = new PostgresWindowStatsWriter(DATABASE.pool(), FAST_RETRIES);
  }

  @BeforeEach
  void emptyTable() throws SQLException {
    try (Connection connection = direct.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE estatisticas_janela");
    }
  }

  @Test
  void writesEveryColumn() throws Exception {
    WindowSummary total =
        new WindowSummary(
            5,
            3,
            2,
            new BigDecimal("1234.50"),
            new BigDecimal("1000.00"),
            Map.of("SALDO", 2L, "RISCO", 1L),
            12.3,
            45.6,
            78.9);
    Instant before = Instant.now();

    int written =
        writer.write(
            List.of(
                pane(StatsKey.TOTAL, total, "ON_TIME", 2),
                pane(SP, summary(2, 1, "30.00", "20.00"), "ON_TIME", 2),
                pane(PIX, summary(3, 0, "4.00", "4.00"), "LATE", 3)));

    assertThat(written).isEqualTo(3);
    List<Row> rows = rows();
    assertThat(rows)
        .extracting(Row::dimension, Row::value)
        .containsExactly(tuple("modalidade", "PIX"), tuple("regiao", "SP"), tuple("total", ""));
    Row row = rows.get(2);
    assertThat(row.start()).isEqualTo(WINDOW_START);
    assertThat(row.end()).isEqualTo(WINDOW_END);
    assertThat(row.count()).isEqualTo(5);
    assertThat(row.approved()).isEqualTo(3);
    assertThat(row.rejected()).isEqualTo(2);
    assertThat(row.amount()).isEqualTo(new BigDecimal("1234.50"));
    assertThat(row.approvedAmount()).isEqualTo(new BigDecimal("1000.00"));
    assertThat(row.rules()).containsExactly(Map.entry("RISCO", 1L), Map.entry("SALDO", 2L));
    assertThat(row.p50()).isEqualTo(12.3);
    assertThat(row.p95()).isEqualTo(45.6);
    assertThat(row.p99()).isEqualTo(78.9);
    assertThat(row.updatedAt()).isAfterOrEqualTo(before.minusSeconds(1));

    Row region = rows.get(1);
    assertThat(region.count()).isEqualTo(3);
    assertThat(region.approved()).isEqualTo(2);
    assertThat(region.rejected()).isEqualTo(1);
    assertThat(region.amount()).isEqualTo(new BigDecimal("30.00"));
    assertThat(region.rules()).isEmpty();
    assertThat(region.p50()).isNull();
    assertThat(region.p95()).isNull();
    assertThat(region.p99()).isNull();
    for (Row each : rows) {
      assertThat(each.approved() + each.rejected()).isEqualTo(each.count());
    }
  }

  @Test
  void theRulesColumnIsJsonb() throws Exception {
    writer.write(
        List.of(
            pane(
                StatsKey.TOTAL,
                new WindowSummary(
                    1,
                    0,
                    1,
                    BigDecimal.TEN,
                    BigDecimal.ZERO,
                    Map.of("VELOCIDADE", 1L),
                    null,
                    null,
                    null),
                "ON_TIME",
                1)));

    try (Connection connection = direct.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT pg_typeof(rejeicoes_por_regra)::text,"
                    + " (rejeicoes_por_regra ->> 'VELOCIDADE')::int FROM estatisticas_janela")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("jsonb");
      assertThat(result.getInt(2)).isEqualTo(1);
    }
  }

  @Test
  void aLaterPaneUpdatesTheRow() throws Exception {
    WindowSummary withLatency =
        new WindowSummary(
            2, 2, 0, new BigDecimal("2.00"), new BigDecimal("2.00"), Map.of(), 5.0, 6.0, 7.0);
    WindowSummary grown =
        new WindowSummary(
            4,
            2,
            2,
            new BigDecimal("10.00"),
            new BigDecimal("2.00"),
            Map.of("LIMITE", 2L),
            8.0,
            9.5,
            11.0);
    writer.write(List.of(pane(StatsKey.TOTAL, withLatency, "ON_TIME", 1)));
    Instant firstUpdate = rows().get(0).updatedAt();

    int written = writer.write(List.of(pane(StatsKey.TOTAL, grown, "LATE", 2)));

    assertThat(written).isEqualTo(1);
    List<Row> rows = rows();
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.count()).isEqualTo(4);
    assertThat(row.rejected()).isEqualTo(2);
    assertThat(row.amount()).isEqualTo(new BigDecimal("10.00"));
    assertThat(row.rules()).containsExactly(Map.entry("LIMITE", 2L));
    assertThat(row.p95()).isEqualTo(9.5);
    assertThat(row.updatedAt()).isAfterOrEqualTo(firstUpdate);
  }

  @Test
  void anOlderPaneDoesNotOverwriteANewerOne() throws Exception {
    writer.write(List.of(pane(StatsKey.TOTAL, summary(8, 1, "90.00", "80.00"), "LATE", 3)));

    int written =
        writer.write(List.of(pane(StatsKey.TOTAL, summary(5, 0, "50.00", "50.00"), "ON_TIME", 1)));

    assertThat(written).isZero();
    Row row = rows().get(0);
    assertThat(row.count()).isEqualTo(9);
    assertThat(row.amount()).isEqualTo(new BigDecimal("90.00"));
  }

  @Test
  void theSamePaneTwiceLeavesTheSameRow() throws Exception {
    WindowStats pane = pane(SP, summary(3, 1, "7.00", "5.00"), "ON_TIME", 1);
    writer.write(List.of(pane));
    Row first = rows().get(0);

    writer.write(List.of(pane));

    Row again = rows().get(0);
    assertThat(again.withoutUpdatedAt()).isEqualTo(first.withoutUpdatedAt());
    assertThat(rows()).hasSize(1);
  }

  @Test
  void earlyPanesAreNotWritten() throws Exception {
    int written =
        writer.write(
            List.of(
                pane(StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "EARLY", 0),
                pane(SP, summary(1, 0, "1.00", "1.00"), "EARLY", 1)));

    assertThat(written).isZero();
    assertThat(rows()).isEmpty();
    assertThat(writer.write(List.of())).isZero();
  }

  @Test
  void ofTwoPanesOfOneWindowInABatchTheLaterWins() throws Exception {
    int written =
        writer.write(
            List.of(
                pane(StatsKey.TOTAL, summary(6, 0, "6.00", "6.00"), "LATE", 4),
                pane(StatsKey.TOTAL, summary(3, 0, "3.00", "3.00"), "ON_TIME", 1),
                pane(StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "EARLY", 5),
                pane(
                    WINDOW_START.plusSeconds(60),
                    StatsKey.TOTAL,
                    summary(2, 0, "2.00", "2.00"),
                    "ON_TIME",
                    1)));

    assertThat(written).isEqualTo(2);
    List<Row> rows = rows();
    assertThat(rows).extracting(Row::start).containsExactly(WINDOW_START, WINDOW_END);
    assertThat(rows.get(0).count()).isEqualTo(6);
    assertThat(rows.get(1).count()).isEqualTo(2);
  }

  @Test
  void aMissingTableIsAPermanentError() throws Exception {
    try (Connection connection = direct.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS sem_tabelas");
      statement.execute("CREATE DATABASE sem_tabelas");
    }
    DataSource empty = DATABASE.server().getDatabase("postgres", "sem_tabelas");
    PostgresWindowStatsWriter unmigrated = new PostgresWindowStatsWriter(empty, FAST_RETRIES);

    assertThatThrownBy(
            () ->
                unmigrated.write(
                    List.of(pane(StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "ON_TIME", 1))))
        .isInstanceOf(PostgresWriteException.class)
        .satisfies(e -> assertThat(((PostgresWriteException) e).sqlState()).isEqualTo("42P01"));
    assertThat(unmigrated.retries()).isZero();
  }

  /** Every row of {@code estatisticas_janela}, by window start, dimension and value. */
  private static List<Row> rows() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection connection = direct.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT inicio_janela, fim_janela, dimensao, valor_dimensao, quantidade,"
                    + " aprovadas, rejeitadas, valor_total, valor_aprovado,"
                    + " rejeicoes_por_regra::text, latencia_p50_ms, latencia_p95_ms,"
                    + " latencia_p99_ms, atualizado_em FROM estatisticas_janela"
                    + " ORDER BY inicio_janela, dimensao, valor_dimensao");
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        rows.add(
            new Row(
                result.getObject(1, OffsetDateTime.class).toInstant(),
                result.getObject(2, OffsetDateTime.class).toInstant(),
                result.getString(3),
                result.getString(4),
                result.getLong(5),
                result.getLong(6),
                result.getLong(7),
                result.getBigDecimal(8),
                result.getBigDecimal(9),
                JSON.readValue(
                    result.getString(10), new TypeReference<LinkedHashMap<String, Long>>() {}),
                (Double) result.getObject(11),
                (Double) result.getObject(12),
                (Double) result.getObject(13),
                result.getObject(14, OffsetDateTime.class).toInstant()));
      }
    }
    return rows;
  }

  /** One row of {@code estatisticas_janela}. */
  private record Row(
      Instant start,
      Instant end,
      String dimension,
      String value,
      long count,
      long approved,
      long rejected,
      BigDecimal amount,
      BigDecimal approvedAmount,
      Map<String, Long> rules,
      Double p50,
      Double p95,
      Double p99,
      Instant updatedAt) {

    Row withoutUpdatedAt() {
      return new Row(
          start,
          end,
          dimension,
          value,
          count,
          approved,
          rejected,
          amount,
          approvedAmount,
          rules,
          p50,
          p95,
          p99,
          null);
    }
  }
}
