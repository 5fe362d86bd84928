package io.bankstream.model.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where every component finds the database password: a file named by the user, else the environment
 * variable {@code BANKSTREAM_DB_PASSWORD}; never a command-line flag (flags show in {@code ps}) and
 * never a default, except the local stack's development password for a loopback URL, so that {@code
 * ./bankstream stack} works without setup.
 */
public final class DatabasePassword {

  /** The environment variable read for the password. */
  public static final String ENVIRONMENT_VARIABLE = "BANKSTREAM_DB_PASSWORD";

  /** The password {@code ./bankstream stack} gives {@code bank_etl} unless told otherwise. */
  public static final String LOCAL_STACK_PASSWORD = "bank_etl";

  /** The environment variable read for the read-only dashboard user's password. */
  public static final String DASHBOARD_ENVIRONMENT_VARIABLE = "BANKSTREAM_DASHBOARD_DB_PASSWORD";

  /** The read-only login user the local stack creates for the dashboard. */
  public static final String LOCAL_STACK_DASHBOARD_USER = "bank_dashboard";

  /** The password the local stack gives {@code bank_dashboard} unless told otherwise. */
  public static final String LOCAL_STACK_DASHBOARD_PASSWORD = "bank_dashboard";

  /** The NOLOGIN role, made by migration V4, that may only read what the dashboard shows. */
  public static final String READER_ROLE = "bankstream_reader";

  private DatabasePassword() {}

  /**
   * The password for {@code jdbcUrl}: from {@code passwordFile} if given (trimmed), else from the
   * environment, else the local stack's for a loopback URL.
   *
   * @throws IllegalArgumentException naming what to set when there is none
   * @throws UncheckedIOException when the file cannot be read
   */
  public static String resolve(String jdbcUrl, Path passwordFile) {
    if (passwordFile != null) {
      try {
        return Files.readString(passwordFile).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the password file " + passwordFile, e);
      }
    }
    String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    if (isLoopback(jdbcUrl)) {
      return LOCAL_STACK_PASSWORD;
    }
    throw new IllegalArgumentException(
        "no database password for "
            + jdbcUrl
            + ": set "
            + ENVIRONMENT_VARIABLE
            + " or name a password file");
  }

  /** Whether {@code jdbcUrl} points at this machine. */
  public static boolean isLoopback(String jdbcUrl) {
    try {
      String host = URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
      return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
