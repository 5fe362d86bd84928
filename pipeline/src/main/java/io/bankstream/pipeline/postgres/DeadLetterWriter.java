package io.bankstream.pipeline.postgres;

import io.bankstream.pipeline.model.DeadLetter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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

  private final DataSource dataSource;
  private final RetryPolicy retryPolicy;
  private final AtomicLong retries = new AtomicLong();

  /** A writer to {@code dataSource} with {@link RetryPolicy#defaults()}. */
  public DeadLetterWriter(DataSource dataSource) {
    this(dataSource, RetryPolicy.defaults());
  }

  /** A writer to {@code dataSource} that retries transient errors under {@code retryPolicy}. */
  public DeadLetterWriter(DataSource dataSource, RetryPolicy retryPolicy) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /** How many times this writer has retried a transaction after a transient error, so far. */
  public long retries() {
    return retries.get();
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
    String operation = "write " + rows.size() + " dead letters";
    try {
      return retryPolicy.call(
          operation, () -> writeInOneTransaction(rows), retries::incrementAndGet);
    } catch (SQLException error) {
      throw new PostgresWriteException(operation, error);
    }
  }

  private int writeInOneTransaction(List<DeadLetter> rows) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
        int p = 1;
        insert.setArray(p++, array(connection, "text", rows, d -> text(d.topic())));
        insert.setArray(p++, array(connection, "int4", rows, DeadLetter::partition));
        insert.setArray(p++, array(connection, "int8", rows, DeadLetter::offset));
        insert.setArray(p++, array(connection, "bytea", rows, DeadLetter::key));
        insert.setArray(p++, array(connection, "bytea", rows, DeadLetter::payload));
        insert.setArray(
            p++,
            array(
                connection,
                "text",
                rows,
                d -> d.kafkaTimestamp() == null ? null : d.kafkaTimestamp().toString()));
        insert.setArray(p++, array(connection, "text", rows, d -> text(d.step())));
        insert.setArray(p++, array(connection, "text", rows, d -> text(d.reason())));
        insert.setArray(p++, array(connection, "text", rows, d -> text(d.field())));
        insert.setArray(p, array(connection, "text", rows, d -> message(d.message())));
        int added = insert.executeUpdate();
        connection.commit();
        return added;
      } catch (SQLException | RuntimeException error) {
        try {
          connection.rollback();
        } catch (SQLException rollbackError) {
          error.addSuppressed(rollbackError);
        }
        throw error;
      }
    }
  }

  private static Array array(
      Connection connection,
      String type,
      List<DeadLetter> rows,
      Function<DeadLetter, Object> column)
      throws SQLException {
    if (type.equals("bytea")) {
      byte[][] values = new byte[rows.size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = (byte[]) column.apply(rows.get(i));
      }
      return connection.createArrayOf(type, values);
    }
    Object[] values = new Object[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = column.apply(rows.get(i));
    }
    return connection.createArrayOf(type, values);
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
