package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresOperationsSource} against a real PostgreSQL (the local stack's, schema migrated
 * with V1 to V7), read as the stack's read-only user {@code bank_dashboard}: dead letters counted
 * by reason per bucket within a range, the newest ones with their payload's start (bytes that are
 * not UTF-8 too), the rules version in force at a moment, and a database that cannot be reached.
 * Rows are written as the owner, by SQL.
 */
class PostgresOperationsSourceIT {

  private static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");
  private static final TimeRange HOUR = new TimeRange(T0, T0.plus(Duration.ofHours(1)));

  private static LocalStack stack;
  private PostgresOperationsSource source;

  @BeforeAll
  static void startStackAndFill() throws SQLException {
    stack = LocalStack.start();
    try (Connection owner =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
      byte[] json = "{\"id_transacao\": 1,\n \"valor\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
      byte[] notUtf8 = {'{', (byte) 0xff, (byte) 0xfe, '}'};
      byte[] big = ("[" + "9".repeat(5000) + "]").getBytes(StandardCharsets.UTF_8);
      // 21:00:10 and 21:00:50 INVALID_JSON, 21:02:05 MISSING_FIELD and INVALID_JSON, 21:30 the
      // big one (INVALID_JSON), and one outside the hour (22:00, MISSING_FIELD).
      insertDeadLetter(owner, 1, T0.plusSeconds(10), "INVALID_JSON", null, notUtf8);
      insertDeadLetter(owner, 2, T0.plusSeconds(50), "INVALID_JSON", null, json);
      insertDeadLetter(owner, 3, T0.plusSeconds(125), "MISSING_FIELD", "valor_transacao", json);
      insertDeadLetter(owner, 4, T0.plusSeconds(125), "INVALID_JSON", null, json);
      insertDeadLetter(owner, 5, T0.plusSeconds(1800), "INVALID_JSON", null, big);
      insertDeadLetter(owner, 6, T0.plusSeconds(3600), "MISSING_FIELD", "id_regiao", json);
      // Version 3 republishes with an effective time before version 2's.
      insertVersion(owner, 1, T0.minusSeconds(3600), "ana", "first rules");
      insertVersion(owner, 2, T0.plusSeconds(600), "ana", "night PIX limit");
      insertVersion(owner, 3, T0.plusSeconds(300), "bia", "rollback to 1");
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openSource() {
    source =
        new PostgresOperationsSource(
            stack.jdbcUrl(), stack.dashboardUser(), stack.dashboardPassword());
  }

  @AfterEach
  void closeSource() {
    source.close();
  }

  @Test
  void deadLettersAreCountedByReasonPerBucketWithinTheRange() throws Exception {
    assertThat(stack.dashboardUser()).isEqualTo("bank_dashboard");

    assertThat(source.deadLetterCounts(HOUR, Duration.ofMinutes(1)))
        .containsExactly(
            new DeadLetterCount(T0, "INVALID_JSON", 2),
            new DeadLetterCount(T0.plusSeconds(120), "INVALID_JSON", 1),
            new DeadLetterCount(T0.plusSeconds(120), "MISSING_FIELD", 1),
            new DeadLetterCount(T0.plusSeconds(1800), "INVALID_JSON", 1));
    assertThat(source.deadLetterCounts(HOUR, Duration.ofHours(1)))
        .containsExactly(
            new DeadLetterCount(T0, "INVALID_JSON", 4),
            new DeadLetterCount(T0, "MISSING_FIELD", 1));
  }

  @Test
  void theLatestDeadLettersComeNewestFirstWithTheirPayloadsStart() throws Exception {
    List<DeadLetter> latest = source.latestDeadLetters(4);

    assertThat(latest)
        .extracting(DeadLetter::offset)
        .containsExactly(6L, 5L, 4L, 3L); // 3 and 4 failed at the same time: the higher id first
    DeadLetter missing = latest.get(0);
    assertThat(missing.failedAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(missing.reason()).isEqualTo("MISSING_FIELD");
    assertThat(missing.field()).isEqualTo("id_regiao");
    assertThat(missing.step()).isEqualTo("parse");
    assertThat(missing.error()).isEqualTo("MISSING_FIELD at offset 6");
    assertThat(missing.topic()).isEqualTo("bank_transactions");
    assertThat(missing.payloadExcerpt()).isEqualTo("{\"id_transacao\": 1, \"valor\": \"abc\"}");
    assertThat(latest.get(1).field()).isNull();
    assertThat(latest.get(1).payloadExcerpt())
        .isEqualTo("[" + "9".repeat(DeadLetter.EXCERPT_CHARS - 1) + "…");
    assertThat(source.latestDeadLetters(10))
        .hasSize(6)
        .last()
        .extracting(DeadLetter::payloadExcerpt)
        .isEqualTo("{\uFFFD\uFFFD}");
  }

  @Test
  void theVersionInForceIsTheHighestNumberedOneEffectiveByThen() throws Exception {
    assertThat(source.activeRulesVersion(T0.minusSeconds(7200))).isEmpty();
    assertThat(source.activeRulesVersion(T0)).get().extracting(RulesVersion::version).isEqualTo(1);
    RulesVersion rollback = source.activeRulesVersion(T0.plusSeconds(300)).orElseThrow();
    assertThat(rollback.version()).isEqualTo(3);
    assertThat(rollback.effectiveFrom()).isEqualTo(T0.plusSeconds(300));
    assertThat(rollback.publishedBy()).isEqualTo("bia");
    assertThat(rollback.comment()).isEqualTo("rollback to 1");
    assertThat(rollback.publishedAt()).isNotNull();
    // Version 2 is in force from 21:10, but 3 is higher and in force too.
    assertThat(source.activeRulesVersion(T0.plusSeconds(900)))
        .get()
        .extracting(RulesVersion::version)
        .isEqualTo(3);
  }

  @Test
  void aDatabaseThatCannotBeReachedIsUnavailableNamingItsUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/bank?password=secret";
    try (PostgresOperationsSource down = new PostgresOperationsSource(url, "nobody", null)) {
      assertThatThrownBy(() -> down.latestDeadLetters(1))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith(
              "PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort + "/bank?password=***")
          .hasMessageNotContaining("secret");
    }
  }

  private static void insertDeadLetter(
      Connection owner, long offset, Instant failedAt, String reason, String field, byte[] payload)
      throws SQLException {
    try (PreparedStatement insert =
        owner.prepareStatement(
            "INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, payload,"
                + " step, reason, field, error_message, failed_at)"
                + " VALUES ('bank_transactions', 0, ?, ?, 'parse', ?, ?, ?, ?)")) {
      insert.setLong(1, offset);
      insert.setBytes(2, payload);
      insert.setString(3, reason);
      insert.setString(4, field);
      insert.setString(5, reason + " at offset " + offset);
      insert.setTimestamp(6, Timestamp.from(failedAt));
      insert.executeUpdate();
    }
  }

  private static void insertVersion(
      Connection owner, int version, Instant effectiveFrom, String by, String comment)
      throws SQLException {
    try (PreparedStatement insert =
        owner.prepareStatement(
            "INSERT INTO versoes_regras (versao, conteudo, vigente_desde, publicado_por,"
                + " comentario) VALUES (?, 'rules: {}', ?, ?, ?)")) {
      insert.setInt(1, version);
      insert.setTimestamp(2, Timestamp.from(effectiveFrom));
      insert.setString(3, by);
      insert.setString(4, comment);
      insert.executeUpdate();
    }
  }
}
