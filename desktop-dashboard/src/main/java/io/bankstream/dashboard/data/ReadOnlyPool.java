package io.bankstream.dashboard.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What the dashboard's PostgreSQL sources share: a small read-only connection pool ({@value
 * #MAX_CONNECTIONS} connections, {@link #CONNECTION_TIMEOUT} to get one, no connection before the
 * first query, sessions read-only even in autocommit), statements with {@link #QUERY_TIMEOUT}, and
 * the conversions of {@code timestamptz} to and from {@link Instant}.
 */
final class ReadOnlyPool {

  /** The most connections a pool opens. */
  static final int MAX_CONNECTIONS = 2;

  /** How long a query waits for a connection (and a connection attempt may take). */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  /** How long one statement may run before it is cancelled. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

  private ReadOnlyPool() {}

  /**
   * A pool named {@code name} on {@code jdbcUrl} as {@code user}; {@code password} null when the
   * server needs none.
   */
  static HikariDataSource open(String name, String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setReadOnly(true);
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis(), 2_000));
    // Start without a connection: the dashboard opens while the database may still be down.
    config.setInitializationFailTimeout(-1);
    // Read-only sessions even in autocommit mode (the driver's default applies it to transactions).
    config.addDataSourceProperty("readOnlyMode", "always");
    config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("ApplicationName", "bankstream-dashboard");
    return new HikariDataSource(config);
  }

  /** {@code sql} prepared on {@code connection}, cancelled after {@link #QUERY_TIMEOUT}. */
  static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
    return statement;
  }

  /** {@code instant} as a parameter for a {@code timestamptz} column. */
  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The {@code timestamptz} in {@code column} of the row; null for NULL. */
  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
