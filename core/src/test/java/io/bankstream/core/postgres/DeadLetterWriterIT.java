package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.PostgresFixtures.FAST_RETRIES;
import static io.bankstream.core.postgres.PostgresFixtures.ONE_SECOND_LATER;
import static io.bankstream.core.postgres.PostgresFixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes dead letters to a real PostgreSQL 17 and reads them back: raw bytes intact whatever they
 * are, text cleaned of NULs, long messages cut, and a replay adding nothing.
 */
class DeadLetterWriterIT {

  /** Not UTF-8 at all (a lone continuation byte, 0xFF, 0xFE), with a NUL in the middle. */
  private static final byte[] BINARY_PAYLOAD = {
    '{', (byte) 0x80, (byte) 0xFF, 0x00, (byte) 0xFE, '"', 'x', '}'
  };

  @RegisterExtension
  static final MigratedPostgres DATABASE = new MigratedPostgres("dead-letter-test");

  private static DataSource direct;
  private static DeadLetterWriter writer;

  @BeforeAll
  static void start() {
    direct = DATABASE.direct();
    writer = new DeadLetterWriter(DATABASE.pool(), FAST_RETRIES);
  }

  @Test
  void writesEveryColumnWithTheBytesIntact() throws Exception {
    DeadLetter binary =
        new DeadLetter(
            TOPIC,
            2,
            100,
            "payer-\u00e9".getBytes(StandardCharsets.UTF_8),
            BINARY_PAYLOAD,
            ONE_SECOND_LATER,
            "ParseTransactions",
            "MALFORMED_JSON",
            null,
            "Invalid UTF-8 start byte 0x80\u0000 at line 1");
    DeadLetter keyless =
        new DeadLetter(
            TOPIC,
            2,
            101,
            null,
            "{\"valor_transacao\": -5}".getBytes(StandardCharsets.UTF_8),
            null,
            "ParseTransactions",
            "INVALID_VALUE",
            "valor\u0000_transacao",
            "must be greater than 0");
    String longMessage = "x".repeat(DeadLetterWriter.MAX_MESSAGE_LENGTH + 500);
    DeadLetter chatty =
        new DeadLetter(
            TOPIC,
            0,
            7,
            new byte[0],
            new byte[0],
            ONE_SECOND_LATER,
            "EnrichTransactions",
            "UNKNOWN_USER",
            "id_usuario_pagador",
            longMessage);

    int added = writer.write(List.of(binary, keyless, chatty));

    assertThat(added).isEqualTo(3);
    StoredLetter first = read(TOPIC, 2, 100);
    assertThat(first.key()).isEqualTo("payer-\u00e9".getBytes(StandardCharsets.UTF_8));
    assertThat(first.payload()).isEqualTo(BINARY_PAYLOAD);
    assertThat(first.kafkaTimestamp()).isEqualTo(ONE_SECOND_LATER);
    assertThat(first.step()).isEqualTo("ParseTransactions");
    assertThat(first.reason()).isEqualTo("MALFORMED_JSON");
    assertThat(first.field()).isNull();
    assertThat(first.message()).isEqualTo("Invalid UTF-8 start byte 0x80 at line 1");
    assertThat(first.failedAt()).isNotNull();

    StoredLetter second = read(TOPIC, 2, 101);
    assertThat(second.key()).isNull();
    assertThat(new String(second.payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"valor_transacao\": -5}");
    assertThat(second.kafkaTimestamp()).isNull();
    assertThat(second.field()).isEqualTo("valor_transacao");

    StoredLetter third = read(TOPIC, 0, 7);
    assertThat(third.key()).isEmpty();
    assertThat(third.payload()).isEmpty();
    assertThat(third.message()).hasSize(DeadLetterWriter.MAX_MESSAGE_LENGTH);
  }

  @Test
  void aReplayAddsNothing() throws Exception {
    List<DeadLetter> batch = new ArrayList<>();
    for (int offset = 0; offset < 50; offset++) {
      batch.add(
          new DeadLetter(
              "replays",
              offset % 3,
              offset,
              null,
              new byte[] {(byte) offset},
              Instant.now(),
              "ParseTransactions",
              "MALFORMED_JSON",
              null,
              "bad " + offset));
    }

    assertThat(writer.write(batch)).isEqualTo(50);
    assertThat(writer.write(batch)).isZero();
    List<DeadLetter> oldNewAndTwice = new ArrayList<>(batch.subList(0, 10));
    DeadLetter fresh =
        new DeadLetter(
            "replays",
            0,
            1_000,
            null,
            new byte[] {1},
            null,
            "ParseTransactions",
            "MALFORMED_JSON",
            null,
            "fresh");
    oldNewAndTwice.add(fresh);
    oldNewAndTwice.add(fresh);
    assertThat(writer.write(oldNewAndTwice)).isEqualTo(1);
    assertThat(count("replays")).isEqualTo(51);
    assertThat(read("replays", 2, 5).payload()).containsExactly(5);
  }

  private record StoredLetter(
      byte[] key,
      byte[] payload,
      Instant kafkaTimestamp,
      String step,
      String reason,
      String field,
      String message,
      Instant failedAt) {}

  private static StoredLetter read(String topic, int partition, long offset) throws SQLException {
    try (Connection connection = direct.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT kafka_key, payload, kafka_timestamp, step, reason, field, error_message,"
                    + " failed_at FROM dead_letters WHERE kafka_topic = ? AND kafka_partition = ?"
                    + " AND kafka_offset = ?")) {
      select.setString(1, topic);
      select.setInt(2, partition);
      select.setLong(3, offset);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        OffsetDateTime timestamp = rows.getObject("kafka_timestamp", OffsetDateTime.class);
        return new StoredLetter(
            rows.getBytes("kafka_key"),
            rows.getBytes("payload"),
            timestamp == null ? null : timestamp.toInstant(),
            rows.getString("step"),
            rows.getString("reason"),
            rows.getString("field"),
            rows.getString("error_message"),
            rows.getObject("failed_at", OffsetDateTime.class).toInstant());
      }
    }
  }

  private static long count(String topic) throws SQLException {
    try (Connection connection = direct.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM dead_letters WHERE kafka_topic = ?")) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
