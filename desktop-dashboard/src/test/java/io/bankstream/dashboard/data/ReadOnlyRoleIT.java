package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.stats.Dimension;
import io.bankstream.producer.traffic.UserGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as the local stack's read-only user {@code bank_dashboard}, a member of the role
 * {@code bankstream_reader} that migrations V4, V6 and V7 grant SELECT on what the dashboard reads:
 * the history source reads windows, amounts and transactions (the operations source's reads of
 * {@code dead_letters} and {@code versoes_regras} are in {@code PostgresOperationsSourceIT}); on
 * every table of the schema, INSERT, UPDATE, DELETE and TRUNCATE are refused with SQLState 42501
 * (insufficient privilege), and so is reading the tables the dashboard does not show. The source's
 * {@code sslmode} reaches the driver too.
 */
class ReadOnlyRoleIT {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");
  private static final TimeRange RANGE = new TimeRange(T0, T0.plus(Duration.ofHours(1)));

  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws SQLException {
    stack = LocalStack.start();
    List<UserProfile> users = new UserGenerator(new Random(3)).generate(2, T0.minusSeconds(3600));
    try (Connection owner =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
      UserProfiles.insertAll(owner, users);
      try (PreparedStatement insert =
          owner.prepareStatement(
              "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor,"
                  + " id_regiao, modalidade_pagamento, data_horario, valor_transacao,"
                  + " transacao_aprovada, score_risco, perfil_regras, kafka_topico,"
                  + " kafka_particao, kafka_offset, horario_decisao)"
                  + " VALUES (?, ?, ?, 'SP', 'PIX', ?, 12.34, true, 0.1, 'default', 't', 0, 0, ?)")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, users.get(0).id());
        insert.setObject(3, users.get(1).id());
        insert.setTimestamp(4, Timestamp.from(T0.plusSeconds(5)));
        insert.setTimestamp(5, Timestamp.from(T0.plusSeconds(6)));
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          owner.prepareStatement(
              "INSERT INTO estatisticas_janela (inicio_janela, fim_janela, dimensao,"
                  + " valor_dimensao, quantidade, aprovadas, rejeitadas, valor_total,"
                  + " valor_aprovado) VALUES (?, ?, 'total', '', 1, 1, 0, 12.34, 12.34)")) {
        insert.setTimestamp(1, Timestamp.from(T0));
        insert.setTimestamp(2, Timestamp.from(T0.plusSeconds(60)));
        insert.executeUpdate();
      }
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theHistorySourceWorksAsTheReadOnlyUser() throws Exception {
    assertThat(stack.dashboardUser()).isEqualTo("bank_dashboard");
    PostgresHistorySource source =
        new PostgresHistorySource(
            stack.jdbcUrl(), stack.dashboardUser(), stack.dashboardPassword());
    try {
      source.ping();
      assertThat(source.windows(RANGE, Dimension.TOTAL))
          .singleElement()
          .extracting(GroupStats::count)
          .isEqualTo(1L);
      assertThat(source.amounts(RANGE)).extracting(AmountBucket::approved).containsOnlyOnce(1L);
      assertThat(source.transactions(new TransactionQuery(RANGE, "", false, 0, 10)).rows())
          .hasSize(1);
    } finally {
      source.close();
    }
  }

  @Test
  void everyWriteToEveryTableIsRefused() throws SQLException {
    Map<String, String> firstColumns = firstColumnOfEveryTable();
    assertThat(firstColumns)
        .containsKeys(
            "regioes",
            "usuarios",
            "transacoes",
            "dead_letters",
            "estatisticas_janela",
            "flyway_schema_history");
    List<String> refused = new ArrayList<>();
    try (Connection dashboard = dashboardConnection()) {
      for (Map.Entry<String, String> table : firstColumns.entrySet()) {
        String name = table.getKey();
        String column = table.getValue();
        for (String statement :
            List.of(
                "INSERT INTO " + name + " DEFAULT VALUES",
                "UPDATE " + name + " SET " + column + " = " + column,
                "DELETE FROM " + name,
                "TRUNCATE " + name)) {
          assertThat(sqlStateOf(dashboard, statement))
              .as(statement)
              .isEqualTo(INSUFFICIENT_PRIVILEGE);
          refused.add(statement);
        }
      }
    }
    assertThat(refused).hasSize(4 * firstColumns.size());
  }

  @Test
  void tablesTheDashboardDoesNotShowCannotBeRead() throws SQLException {
    try (Connection dashboard = dashboardConnection()) {
      for (String table : List.of("usuarios", "flyway_schema_history")) {
        assertThat(sqlStateOf(dashboard, "SELECT count(*) FROM " + table))
            .as(table)
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }
  }

  @Test
  void sslmodeReachesTheDriver() {
    PostgresHistorySource source =
        new PostgresHistorySource(
            stack.jdbcUrl() + "?sslmode=require", stack.dashboardUser(), stack.dashboardPassword());
    try {
      assertThatThrownBy(source::ping)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("The server does not support SSL");
    } finally {
      source.close();
    }
  }

  /**
   * Every table of the schema, with one of its column names; as the owner, read from the catalog.
   */
  private static Map<String, String> firstColumnOfEveryTable() throws SQLException {
    Map<String, String> tables = new LinkedHashMap<>();
    try (Connection owner =
            DriverManager.getConnection(
                stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
        Statement statement = owner.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                    + " JOIN information_schema.tables t USING (table_schema, table_name)"
                    + " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
                    + " AND c.ordinal_position = 1 ORDER BY c.table_name")) {
      while (rows.next()) {
        tables.put(rows.getString(1), rows.getString(2));
      }
    }
    return tables;
  }

  /** A plain connection (not the source's read-only pool), so only the role's privileges count. */
  private static Connection dashboardConnection() throws SQLException {
    Connection connection =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.dashboardUser(), stack.dashboardPassword());
    assertThat(connection.isReadOnly()).isFalse();
    return connection;
  }

  private static String sqlStateOf(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return "none: the statement succeeded";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }
}
