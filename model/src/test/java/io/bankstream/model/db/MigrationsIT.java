package io.bankstream.model.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.Region;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Applies the migrations to a real PostgreSQL server and checks the schema they leave. */
class MigrationsIT {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;
  private static MigrateResult firstRun;

  @BeforeAll
  static void startAndMigrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    firstRun = Migrations.apply(dataSource);
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void firstRunAppliesEveryMigrationAndSecondIsANoOp() {
    assertThat(firstRun.success).isTrue();
    assertThat(firstRun.migrationsExecuted).isEqualTo(7);

    MigrateResult again = Migrations.apply(dataSource);

    assertThat(again.success).isTrue();
    assertThat(again.migrationsExecuted).isZero();
    assertThat(again.targetSchemaVersion).isNull();
  }

  @Test
  void indexesTransacoesByKafkaRecordForTheRestart() throws SQLException {
    assertThat(
            strings(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'transacoes_kafka_offset_idx'"))
        .singleElement()
        .asString()
        .contains("(kafka_topico, kafka_particao, kafka_offset)");
  }

  @Test
  void createsTheReadOnlyDashboardRoleWithSelectOnWhatTheDashboardReads() throws SQLException {
    assertThat(
            strings(
                "SELECT rolname || ':' || rolcanlogin FROM pg_roles"
                    + " WHERE rolname = 'bankstream_reader'"))
        .containsExactly("bankstream_reader:false");
    assertThat(
            strings(
                "SELECT table_name || ':' || privilege_type FROM information_schema.table_privileges"
                    + " WHERE grantee = 'bankstream_reader' ORDER BY table_name, privilege_type"))
        .containsExactly(
            "dead_letters:SELECT",
            "estatisticas_janela:SELECT",
            "transacoes:SELECT",
            "versoes_regras:SELECT");
  }

  @Test
  void createsEveryTableOfTheSpec() throws SQLException {
    List<String> tables =
        strings(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name <> 'flyway_schema_history' ORDER BY table_name");

    assertThat(tables)
        .containsExactly(
            "dead_letters",
            "estatisticas_janela",
            "regioes",
            "transacoes",
            "usuarios",
            "versoes_regras");
  }

  @Test
  void transacoesKeepsTheContractColumnsUnderTheirContractNames() throws SQLException {
    List<String> columns =
        strings(
            "SELECT column_name || ':' || data_type FROM information_schema.columns"
                + " WHERE table_name = 'transacoes' ORDER BY ordinal_position");

    assertThat(columns)
        .startsWith(
            "id_transacao:uuid",
            "id_usuario_pagador:uuid",
            "id_usuario_recebedor:uuid",
            "id_regiao:character varying",
            "modalidade_pagamento:character varying",
            "data_horario:timestamp with time zone",
            "valor_transacao:numeric",
            "transacao_aprovada:boolean")
        .contains(
            "horario_kafka:timestamp with time zone",
            "horario_decisao:timestamp with time zone",
            "horario_gravacao:timestamp with time zone");
  }

  @Test
  void regioesHoldsTheTwentySevenCapitals() throws SQLException {
    assertThat(strings("SELECT id_regiao FROM regioes ORDER BY id_regiao"))
        .hasSize(27)
        .containsExactlyInAnyOrder(
            Arrays.stream(Region.values()).map(Region::code).toArray(String[]::new));
    assertThat(
            strings(
                "SELECT nome || ' ' || latitude || ' ' || longitude || ' ' || populacao_milhoes"
                    + " FROM regioes WHERE id_regiao = 'SP'"))
        .containsExactly("São Paulo -23.55 -46.63 44.40");
  }

  @Test
  void aBalanceCannotGoBelowZero() throws SQLException {
    UUID user = insertUser("100.00");

    assertThatThrownBy(
            () -> execute("UPDATE usuarios SET saldo = saldo - 100.01 WHERE id_usuario = ?", user))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("usuarios_saldo_check");
  }

  @Test
  void anApprovedTransactionCannotCarryRejectionReasons() throws SQLException {
    UUID payer = insertUser("10.00");
    UUID receiver = insertUser("10.00");
    String insert =
        "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor,"
            + " id_regiao, modalidade_pagamento, data_horario, valor_transacao,"
            + " transacao_aprovada, motivos_rejeicao, score_risco, perfil_regras,"
            + " kafka_topico, kafka_particao, kafka_offset, horario_decisao)"
            + " VALUES (?, ?, ?, 'SP', 'PIX', now(), 5.00, true, ARRAY['SALDO'], 0.1, 'default',"
            + " 'bank_transactions', 0, 1, now())";

    assertThatThrownBy(() -> execute(insert, UUID.randomUUID(), payer, receiver))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("transacoes_check");
  }

  @Test
  void aDeadLetterIsUniquePerKafkaRecord() throws SQLException {
    String insert =
        "INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, payload, step,"
            + " reason, error_message) VALUES ('bank_transactions', 3, 42, '\\x7b'::bytea,"
            + " 'ParseTransactions', 'MALFORMED_JSON', 'not JSON') ON CONFLICT DO NOTHING";

    execute(insert);
    execute(insert);

    assertThat(strings("SELECT count(*)::text FROM dead_letters WHERE kafka_offset = 42"))
        .containsExactly("1");
  }

  private static UUID insertUser(String balance) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO usuarios (id_usuario, id_regiao, saldo, limite_pix, limite_ted,"
                    + " limite_doc, limite_boleto) VALUES (?, 'SP', ?::numeric, 1, 1, 1, 1)")) {
      insert.setObject(1, id);
      insert.setString(2, balance);
      insert.executeUpdate();
    }
    return id;
  }

  private static void execute(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.execute();
    }
  }

  private static List<String> strings(String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
