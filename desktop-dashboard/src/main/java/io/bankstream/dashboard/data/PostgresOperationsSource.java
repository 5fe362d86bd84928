package io.bankstream.dashboard.data;

import static io.bankstream.dashboard.data.ReadOnlyPool.instant;
import static io.bankstream.dashboard.data.ReadOnlyPool.prepare;
import static io.bankstream.dashboard.data.ReadOnlyPool.timestamp;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads dead letters and rules versions from PostgreSQL through a read-only pool of its own (see
 * {@link ReadOnlyPool}), as the dashboard's role may ({@code SELECT} on {@code dead_letters},
 * migration V7, and on {@code versoes_regras}, V6): {@link #COUNTS_SQL}, {@link #LATEST_SQL},
 * {@link #ACTIVE_VERSION_SQL}. Every value is a parameter; the dead-letter queries go through the
 * index on {@code failed_at}. A database error, or no connection in time, is a {@link
 * SourceUnavailableException} naming the JDBC URL without its password. Thread-safe.
 */
public final class PostgresOperationsSource implements OperationsSource {

  /** How many bytes of each payload are read for its excerpt. */
  static final int PAYLOAD_HEAD_BYTES = 4 * DeadLetter.EXCERPT_CHARS;

  /** Parameters: bucket length in seconds (twice), range start, range end. */
  static final String COUNTS_SQL =
      "SELECT to_timestamp(floor(extract(epoch FROM failed_at) / ?) * ?) AS inicio,"
          + " reason, count(*) AS quantidade"
          + " FROM dead_letters"
          + " WHERE failed_at >= ? AND failed_at < ?"
          + " GROUP BY inicio, reason ORDER BY inicio, reason";

  /** Parameters: how many bytes of the payload, how many rows. */
  static final String LATEST_SQL =
      "SELECT id, failed_at, step, reason, field, error_message, kafka_topic, kafka_partition,"
          + " kafka_offset, substring(payload FROM 1 FOR ?) AS inicio_payload,"
          + " octet_length(payload) AS tamanho_payload"
          + " FROM dead_letters ORDER BY failed_at DESC, id DESC LIMIT ?";

  /** Parameter: now. */
  static final String ACTIVE_VERSION_SQL =
      "SELECT versao, vigente_desde, publicado_por, comentario, publicado_em"
          + " FROM versoes_regras WHERE vigente_desde <= ? ORDER BY versao DESC LIMIT 1";

  private final String url;
  private final HikariDataSource pool;

  /**
   * A source reading the database at {@code jdbcUrl} as {@code user}; no connection is opened until
   * the first query.
   *
   * @param password the user's password; null when the server needs none
   */
  public PostgresOperationsSource(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    this.url = PostgresHistorySource.redact(jdbcUrl);
    this.pool = ReadOnlyPool.open("bankstream-dashboard-operations", jdbcUrl, user, password);
  }

  @Override
  public List<DeadLetterCount> deadLetterCounts(TimeRange range, Duration bucket)
      throws SourceUnavailableException {
    Objects.requireNonNull(range, "range");
    if (bucket.toSeconds() < 1) {
      throw new IllegalArgumentException("bucket must be a second or more: " + bucket);
    }
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, COUNTS_SQL)) {
      statement.setLong(1, bucket.toSeconds());
      statement.setLong(2, bucket.toSeconds());
      statement.setObject(3, timestamp(range.from()));
      statement.setObject(4, timestamp(range.to()));
      List<DeadLetterCount> counts = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts.add(
              new DeadLetterCount(
                  instant(rows, "inicio"), rows.getString("reason"), rows.getLong("quantidade")));
        }
      }
      return counts;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<DeadLetter> latestDeadLetters(int limit) throws SourceUnavailableException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more: " + limit);
    }
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, LATEST_SQL)) {
      statement.setInt(1, PAYLOAD_HEAD_BYTES);
      statement.setInt(2, limit);
      List<DeadLetter> latest = new ArrayList<>(limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          latest.add(
              new DeadLetter(
                  rows.getLong("id"),
                  instant(rows, "failed_at"),
                  rows.getString("step"),
                  rows.getString("reason"),
                  rows.getString("field"),
                  rows.getString("error_message"),
                  rows.getString("kafka_topic"),
                  rows.getInt("kafka_partition"),
                  rows.getLong("kafka_offset"),
                  DeadLetter.excerpt(
                      rows.getBytes("inicio_payload"), rows.getLong("tamanho_payload"))));
        }
      }
      return latest;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<RulesVersion> activeRulesVersion(Instant now) throws SourceUnavailableException {
    Objects.requireNonNull(now, "now");
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, ACTIVE_VERSION_SQL)) {
      statement.setObject(1, timestamp(now));
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new RulesVersion(
                rows.getInt("versao"),
                instant(rows, "vigente_desde"),
                rows.getString("publicado_por"),
                rows.getString("comentario"),
                instant(rows, "publicado_em")));
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public String describe() {
    return url;
  }

  /** Closes the pool; every query fails afterwards. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresOperationsSource[" + url + "]";
  }

  private SourceUnavailableException unavailable(SQLException error) {
    return new SourceUnavailableException(
        "PostgreSQL at " + url + ": " + PostgresHistorySource.redact(Reasons.of(error)), error);
  }
}
