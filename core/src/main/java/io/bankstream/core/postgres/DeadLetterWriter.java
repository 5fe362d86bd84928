package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.BatchTransactions.column;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes batches of {@link DeadLetter}s to {@code dead_letters}, one statement and one transaction
 * per batch (arrays unnested server-side), skipping Kafka records already there ({@code ON CONFLICT
 * (kafka_topic, kafka_partition, kafka_offset) DO NOTHING}), so a replay adds nothing. The key and
 * the payload are stored as the raw bytes they arrived as, valid UTF-8 or not. PostgreSQL text
 * cannot hold the NUL character, so it is removed from the text columns (topic, step, reason,
 * field, message); the error message is cut to {@link #MAX_MESSAGE_LENGTH} characters. Transient
 * errors are retried under the {@link RetryPolicy}; any other error is thrown as a {@link
 * PostgresWriteException}. Instances are thread-safe.
 */
public final class DeadLetterWriter {

  /** The most characters of {@code error_message} kept. */
  public static final int MAX_MESSAGE_LENGTH = 2_000;

  static final String INSERT_SQL =
      "INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, kafka_key, payload,"
          + " kafka_timestamp, step, reason, field, error_message)"
          + " SELECT * FROM unnest(?::text[], ?::integer[], ?::bigint[], ?::bytea[], ?::bytea[],"
          + " ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING";

  /** Kafka order: every writer inserts in it, so concurrent batches cannot deadlock. */
  private static final Comparator<DeadLetter> KAFKA_ORDER =
      Comparator.comparing(DeadLetter::topic)
          .thenComparingInt(DeadLetter::partition)
          .thenComparingLong(DeadLetter::offset);

  private final BatchTransactions transactions;

  /** A writer to {@code dataSource} with {@link RetryPolicy#defaults()}. */
  public DeadLetterWriter(DataSource dataSource) {
    this(dataSource, RetryPolicy.defaults());
  }

  /** A writer to {@code dataSource} that retries transient errors under {@code retryPolicy}. */
  public DeadLetterWriter(DataSource dataSource, RetryPolicy retryPolicy) {
    this.transactions = new BatchTransactions(dataSource, retryPolicy);
  }

  /** How many times this writer has retried a transaction after a transient error, so far. */
  public long retries() {
    return transactions.retries();
  }

  /**
   * Writes {@code batch} in one transaction and returns how many rows it added: fewer than the
   * batch when some of its Kafka records were already dead-lettered or appear twice in it.
   *
   * @throws PostgresWriteException on a permanent error, or a transient one that outlasted the
   *     retry policy; nothing of the batch was written then
   */
  public int write(List<DeadLetter> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    List<DeadLetter> rows = new ArrayList<>(batch);
    rows.sort(KAFKA_ORDER);
    return transactions.write(
        "write " + rows.size() + " dead letters", connection -> insert(connection, rows));
  }

  private static int insert(Connection connection, List<DeadLetter> rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
      int p = 1;
      insert.setArray(p++, column(connection, "text", rows, d -> text(d.topic())));
      insert.setArray(p++, column(connection, "int4", rows, DeadLetter::partition));
      insert.setArray(p++, column(connection, "int8", rows, DeadLetter::offset));
      insert.setArray(p++, column(connection, "bytea", rows, DeadLetter::key));
      insert.setArray(p++, column(connection, "bytea", rows, DeadLetter::payload));
      insert.setArray(
          p++,
          column(
              connection,
              "text",
              rows,
              d -> d.kafkaTimestamp() == null ? null : d.kafkaTimestamp().toString()));
      insert.setArray(p++, column(connection, "text", rows, d -> text(d.step())));
      insert.setArray(p++, column(connection, "text", rows, d -> text(d.reason())));
      insert.setArray(p++, column(connection, "text", rows, d -> text(d.field())));
      insert.setArray(p, column(connection, "text", rows, d -> message(d.message())));
      return insert.executeUpdate();
    }
  }

  /** {@code value} without NUL characters, which PostgreSQL text cannot hold; null stays null. */
  static String text(String value) {
    return value == null || value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
  }

  /** {@code value} without NULs, cut to {@link #MAX_MESSAGE_LENGTH} without splitting a pair. */
  static String message(String value) {
    String clean = text(value);
    if (clean.length() <= MAX_MESSAGE_LENGTH) {
      return clean;
    }
    int end = MAX_MESSAGE_LENGTH;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end);
  }
}
