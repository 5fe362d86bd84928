package io.bankstream.producer.cli;

import io.bankstream.model.db.DatabasePassword;
import io.bankstream.model.db.Migrations;
import io.bankstream.model.net.Tls;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Option;

/**
 * Where PostgreSQL is and how to log in: a picocli mixin shared by every command that reads or
 * writes the database. The password comes from {@code BANKSTREAM_DB_PASSWORD} or a file, never from
 * a flag (flags show in {@code ps}); for a loopback URL with neither set, the local stack's
 * development password is used.
 */
public final class PostgresOptions {

  @Option(
      names = "--jdbc-url",
      paramLabel = "<url>",
      defaultValue = "${env:BANKSTREAM_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/bank}",
      description =
          "PostgreSQL JDBC URL; add ?sslmode=verify-full etc. as needed (env BANKSTREAM_JDBC_URL;"
              + " default: ${DEFAULT-VALUE}).")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "<user>",
      defaultValue = "${env:BANKSTREAM_DB_USER:-bank_etl}",
      description = "Database user (env BANKSTREAM_DB_USER; default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--db-password-file",
      paramLabel = "<file>",
      description =
          "File holding the database password (else env BANKSTREAM_DB_PASSWORD; for a loopback"
              + " URL with neither, the local stack's development password).")
  Path passwordFile;

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  /** Opens a connection, or throws a {@link CliException} naming the URL and the reason. */
  public Connection connect() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "bankstream-producer");
    try {
      return DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      throw tlsFailure(e)
          .orElse(
              new CliException(
                  "cannot connect to PostgreSQL at "
                      + jdbcUrl
                      + " as "
                      + user
                      + ": "
                      + e.getMessage(),
                  e));
    }
  }

  /** Brings the schema up to date (a no-op when it is), as every component that may start first. */
  public void applyMigrations() {
    try {
      Migrations.apply(jdbcUrl, user, password());
    } catch (FlywayException e) {
      throw tlsFailure(e)
          .orElse(
              new CliException(
                  "cannot migrate the schema at " + jdbcUrl + ": " + e.getMessage(), e));
    }
  }

  /** A failed TLS handshake (certificate not trusted, or not naming the host) said in one line. */
  private Optional<CliException> tlsFailure(Exception e) {
    return Tls.failure(e)
        .map(
            reason ->
                new CliException(
                    "TLS with PostgreSQL at "
                        + jdbcUrl
                        + " failed: "
                        + reason
                        + " (check the sslrootcert and the host name of --jdbc-url)",
                    e));
  }

  private String password() {
    try {
      return DatabasePassword.resolve(jdbcUrl, passwordFile);
    } catch (UncheckedIOException e) {
      throw new CliException(
          "cannot read --db-password-file " + passwordFile + ": " + e.getCause(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + " (--db-password-file)", e);
    }
  }
}
