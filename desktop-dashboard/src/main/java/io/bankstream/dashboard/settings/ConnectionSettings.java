package io.bankstream.dashboard.settings;

import io.bankstream.model.db.DatabasePassword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the dashboard reads from: Redis for the live view, PostgreSQL for the history, and how
 * often it polls. Built from the environment ({@link #fromEnvironment}), then from command-line
 * options or the settings pane. Passwords come from a file or the environment and are never
 * printed: {@link #toString()} masks them. Reading a password file is I/O: call {@link
 * #databasePassword()} and {@link #redisPasswordResolved()} off the UI thread.
 *
 * @param redisHost Redis host
 * @param redisPort Redis port, 1 to 65535
 * @param redisSsl whether to reach Redis over TLS
 * @param redisCaFile a PEM file of the CA certificates Redis's TLS certificate is checked against,
 *     or null for the JVM's trust store
 * @param redisPassword the Redis password from the environment, or null
 * @param redisPasswordFile a file holding the Redis password (wins over {@code redisPassword}), or
 *     null
 * @param jdbcUrl the PostgreSQL JDBC URL, starting with {@code jdbc:postgresql://}
 * @param dbUser the database user
 * @param dbPassword the database password from the environment, or null
 * @param dbPasswordFile a file holding the database password (wins over {@code dbPassword}), or
 *     null
 * @param refreshSeconds how often the live view polls, 1 to 60
 */
public record ConnectionSettings(
    String redisHost,
    int redisPort,
    boolean redisSsl,
    Path redisCaFile,
    String redisPassword,
    Path redisPasswordFile,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    Path dbPasswordFile,
    int refreshSeconds) {

  public static final String ENV_REDIS_HOST = "BANKSTREAM_REDIS_HOST";
  public static final String ENV_REDIS_PORT = "BANKSTREAM_REDIS_PORT";
  public static final String ENV_REDIS_SSL = "BANKSTREAM_REDIS_SSL";
  public static final String ENV_REDIS_CA_FILE = "BANKSTREAM_REDIS_CA_FILE";
  public static final String ENV_REDIS_PASSWORD = "BANKSTREAM_REDIS_PASSWORD";
  public static final String ENV_JDBC_URL = "BANKSTREAM_JDBC_URL";
  public static final String ENV_DB_USER = "BANKSTREAM_DB_USER";
  public static final String ENV_DB_PASSWORD = DatabasePassword.ENVIRONMENT_VARIABLE;
  public static final String ENV_REFRESH_SECONDS = "BANKSTREAM_DASHBOARD_REFRESH_SECONDS";

  public static final String DEFAULT_REDIS_HOST = "127.0.0.1";
  public static final int DEFAULT_REDIS_PORT = 6379;
  public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/bank";
  public static final String DEFAULT_DB_USER = "bank_etl";
  public static final int DEFAULT_REFRESH_SECONDS = 2;

  /** What every JDBC URL must start with. */
  public static final String JDBC_PREFIX = "jdbc:postgresql://";

  public ConnectionSettings {
    requireText("Redis host", redisHost);
    String portProblem = portProblem(redisPort);
    if (portProblem != null) {
      throw new IllegalArgumentException("Redis port: " + portProblem);
    }
    String urlProblem = jdbcUrlProblem(jdbcUrl);
    if (urlProblem != null) {
      throw new IllegalArgumentException("JDBC URL: " + urlProblem);
    }
    requireText("Database user", dbUser);
    String refreshProblem = refreshProblem(refreshSeconds);
    if (refreshProblem != null) {
      throw new IllegalArgumentException("Refresh seconds: " + refreshProblem);
    }
    redisHost = redisHost.strip();
    jdbcUrl = jdbcUrl.strip();
    dbUser = dbUser.strip();
  }

  /** The local stack's addresses, no passwords set. */
  public static ConnectionSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * The settings that {@code env} gives ({@code BANKSTREAM_REDIS_HOST}, {@code
   * BANKSTREAM_REDIS_PORT}, {@code BANKSTREAM_REDIS_SSL}, {@code BANKSTREAM_REDIS_CA_FILE}, {@code
   * BANKSTREAM_REDIS_PASSWORD}, {@code BANKSTREAM_JDBC_URL}, {@code BANKSTREAM_DB_USER}, {@code
   * BANKSTREAM_DB_PASSWORD}, {@code BANKSTREAM_DASHBOARD_REFRESH_SECONDS}), the local stack's for
   * what it leaves out.
   *
   * @throws IllegalArgumentException naming the variable when one holds a bad value
   */
  public static ConnectionSettings fromEnvironment(Map<String, String> env) {
    return new ConnectionSettings(
        text(env, ENV_REDIS_HOST, DEFAULT_REDIS_HOST),
        number(env, ENV_REDIS_PORT, DEFAULT_REDIS_PORT),
        Boolean.parseBoolean(text(env, ENV_REDIS_SSL, "false")),
        pathOrNull(text(env, ENV_REDIS_CA_FILE, null)),
        text(env, ENV_REDIS_PASSWORD, null),
        null,
        text(env, ENV_JDBC_URL, DEFAULT_JDBC_URL),
        text(env, ENV_DB_USER, DEFAULT_DB_USER),
        text(env, ENV_DB_PASSWORD, null),
        null,
        number(env, ENV_REFRESH_SECONDS, DEFAULT_REFRESH_SECONDS));
  }

  /** {@code redis://host:port}, or {@code rediss://} over TLS. */
  public String redisUri() {
    return (redisSsl ? "rediss://" : "redis://") + redisHost + ":" + redisPort;
  }

  /**
   * The database password: from {@link #dbPasswordFile} (stripped), else {@link #dbPassword}, else
   * for a loopback URL the local stack's development password of the user ({@link
   * DatabasePassword#LOCAL_STACK_DASHBOARD_PASSWORD} for {@code bank_dashboard}, else {@link
   * DatabasePassword#LOCAL_STACK_PASSWORD}).
   *
   * @throws IllegalArgumentException naming what to set when there is none
   * @throws UncheckedIOException when the file cannot be read
   */
  public String databasePassword() {
    if (dbPasswordFile != null) {
      return readPassword(dbPasswordFile);
    }
    if (dbPassword != null && !dbPassword.isEmpty()) {
      return dbPassword;
    }
    if (DatabasePassword.isLoopback(jdbcUrl)) {
      // The local stack's read-only user has a development password of its own.
      return dbUser.equals(DatabasePassword.LOCAL_STACK_DASHBOARD_USER)
          ? DatabasePassword.LOCAL_STACK_DASHBOARD_PASSWORD
          : DatabasePassword.LOCAL_STACK_PASSWORD;
    }
    throw new IllegalArgumentException(
        "no database password for "
            + jdbcUrl
            + ": set "
            + ENV_DB_PASSWORD
            + " or name a password file");
  }

  /**
   * The Redis password from {@link #redisPasswordFile}, else {@link #redisPassword}; null if none.
   */
  public String redisPasswordResolved() {
    if (redisPasswordFile != null) {
      return readPassword(redisPasswordFile);
    }
    return redisPassword == null || redisPassword.isEmpty() ? null : redisPassword;
  }

  /** Every field, the passwords masked. */
  @Override
  public String toString() {
    return "ConnectionSettings[redis="
        + redisUri()
        + ", redisPassword="
        + mask(redisPassword)
        + ", redisPasswordFile="
        + redisPasswordFile
        + ", jdbcUrl="
        + jdbcUrl
        + ", dbUser="
        + dbUser
        + ", dbPassword="
        + mask(dbPassword)
        + ", dbPasswordFile="
        + dbPasswordFile
        + ", refreshSeconds="
        + refreshSeconds
        + "]";
  }

  /** Why {@code port} is no TCP port, or null when it is one. */
  public static String portProblem(int port) {
    return port >= 1 && port <= 65535 ? null : "must be from 1 to 65535, not " + port;
  }

  /** Why {@code url} is no PostgreSQL JDBC URL, or null when it is one. */
  public static String jdbcUrlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "required";
    }
    return url.strip().startsWith(JDBC_PREFIX) ? null : "must start with " + JDBC_PREFIX;
  }

  /** Why {@code seconds} is no refresh period, or null when it is one. */
  public static String refreshProblem(int seconds) {
    return seconds >= 1 && seconds <= 60 ? null : "must be from 1 to 60, not " + seconds;
  }

  private static String mask(String password) {
    return password == null || password.isEmpty() ? "(none)" : "****";
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password file " + file, e);
    }
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static Path pathOrNull(String file) {
    return file == null ? null : Path.of(file);
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a whole number: " + value, e);
    }
  }

  /** A copy with another Redis address; keeps the rest. */
  public ConnectionSettings withRedis(String host, int port, boolean ssl, Path passwordFile) {
    return new ConnectionSettings(
        host,
        port,
        ssl,
        redisCaFile,
        redisPassword,
        passwordFile,
        jdbcUrl,
        dbUser,
        dbPassword,
        dbPasswordFile,
        refreshSeconds);
  }

  /** A copy with another database address and user; keeps the rest. */
  public ConnectionSettings withDatabase(String url, String user, Path passwordFile) {
    return withDatabase(url, user, passwordFile, refreshSeconds);
  }

  /** A copy with another refresh period; keeps the rest. */
  public ConnectionSettings withRefreshSeconds(int seconds) {
    return withDatabase(jdbcUrl, dbUser, dbPasswordFile, seconds);
  }

  /** A copy with another database address and user and refresh period; keeps the Redis side. */
  private ConnectionSettings withDatabase(String url, String user, Path passwordFile, int seconds) {
    return new ConnectionSettings(
        redisHost,
        redisPort,
        redisSsl,
        redisCaFile,
        redisPassword,
        redisPasswordFile,
        url,
        user,
        dbPassword,
        passwordFile,
        seconds);
  }
}
