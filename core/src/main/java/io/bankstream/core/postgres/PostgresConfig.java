package io.bankstream.core.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.retry.RetryPolicy;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the pipeline connects to PostgreSQL: the JDBC URL (with {@code sslmode} and other
 * driver settings in its query string), the user and password, and the most connections one pool
 * may open. It is serialisable because it travels inside the Beam DoFns, which call {@link
 * #dataSource()} in their {@code @Setup}; {@link #toString()} never shows the password.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://localhost:5432/bankstream?sslmode=require}
 * @param user the database role; may be null when the URL names it
 * @param password its password, from the environment or a file; may be null for trust or
 *     certificate authentication
 * @param maxPoolSize the most connections the pool opens, at least 1
 */
public record PostgresConfig(String jdbcUrl, String user, String password, int maxPoolSize)
    implements Serializable {

  /** Name of the pools made by {@link #dataSource()}; it also names the pool's threads. */
  public static final String DEFAULT_POOL_NAME = "bankstream-postgres";

  /** How long {@code getConnection()} waits for a connection before it gives up. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /** The {@code application_name} the pool's sessions show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "bankstream-pipeline";

  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(password=)[^&;]*", Pattern.CASE_INSENSITIVE);

  public PostgresConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with jdbc:postgresql: but was " + redact(jdbcUrl));
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
    }
  }

  /**
   * One plain connection, for who needs one now and then (a reload of the profiles or the rules
   * versions, a check at start, the backtest's reads), not a pool; the caller closes it.
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** A pool named {@link #DEFAULT_POOL_NAME}; see {@link #dataSource(String)}. */
  public HikariDataSource dataSource() {
    return dataSource(DEFAULT_POOL_NAME);
  }

  /**
   * Opens a HikariCP pool for this database. Its connections start with auto-commit off: the
   * writers of this package commit every transaction explicitly, and HikariCP rolls back whatever a
   * borrower left uncommitted. {@code getConnection()} waits at most {@link #CONNECTION_TIMEOUT}
   * and then throws a {@link java.sql.SQLTransientConnectionException}, which {@link RetryPolicy}
   * retries. The pool starts even when the database is down (no initial connection is required), so
   * a worker that starts during an outage waits for the database instead of failing its setup. The
   * driver rewrites batched inserts into multi-row ones ({@code reWriteBatchedInserts}) and names
   * the sessions {@link #APPLICATION_NAME}. The caller closes the pool.
   */
  public HikariDataSource dataSource(String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(Objects.requireNonNull(poolName, "poolName"));
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    // Connections are opened on demand up to maxPoolSize; one stays open between bundles.
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    // Start without a connection: an outage at start-up is retried like any other.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }

  /** The URL (with any password parameter masked), the user and the pool size; no password. */
  @Override
  public String toString() {
    return "PostgresConfig[jdbcUrl="
        + redact(jdbcUrl)
        + ", user="
        + user
        + ", password="
        + (password == null ? "<none>" : "***")
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }

  /** The JDBC URL with the value of any {@code password} parameter masked, for messages. */
  public String jdbcUrlRedacted() {
    return redact(jdbcUrl);
  }

  /** {@code text} with the value of every {@code password=} parameter masked. */
  public static String redact(String text) {
    return text == null ? null : PASSWORD_IN_URL.matcher(text).replaceAll("$1***");
  }
}
