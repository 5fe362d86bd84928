package io.bankstream.core.postgres;

import io.bankstream.core.retry.RetryPolicy;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Sorts the {@link SQLException}s of PostgreSQL and HikariCP into three kinds. <em>Transient</em>:
 * the same statement may well succeed if tried again (the connection broke, the server is
 * restarting or full, a deadlock or serialisation conflict chose us as the victim, the pool had no
 * connection in time); {@link RetryPolicy} retries these. <em>Data errors</em>: the rows themselves
 * break a rule of the schema (SQLState class 22 data exception or 23 integrity constraint
 * violation: a balance below zero, an unknown user, a value out of range); retrying cannot help,
 * but the other rows of a batch can still be written. Everything else (bad password, missing table,
 * syntax) is <em>permanent</em> and fails the write. The SQLState is looked up through the
 * exception's causes and {@link SQLException#getNextException() next exceptions}.
 */
public final class TransientErrors {

  /** SQLStates worth retrying, besides every state of class 08 (connection exception). */
  private static final Set<String> TRANSIENT_STATES =
      Set.of(
          "40001", // serialization_failure
          "40P01", // deadlock_detected
          "55P03", // lock_not_available (lock_timeout)
          "57P01", // admin_shutdown
          "57P02", // crash_shutdown
          "57P03", // cannot_connect_now (starting up, shutting down)
          "53300"); // too_many_connections

  private TransientErrors() {}

  /**
   * True when {@code error} is worth retrying: its SQLState is of class 08 or one of 40001, 40P01,
   * 55P03, 57P01, 57P02, 57P03, 53300; or it carries no SQLState at all and is a {@link
   * SQLTransientException} or {@link SQLRecoverableException} (HikariCP's {@link
   * java.sql.SQLTransientConnectionException} when the pool had no connection in time). A transient
   * exception type with a permanent SQLState, such as HikariCP timing out because the password is
   * wrong (28P01), is not transient.
   */
  public static boolean isTransient(SQLException error) {
    String state = sqlState(error);
    if (state != null) {
      return state.startsWith("08") || TRANSIENT_STATES.contains(state);
    }
    for (SQLException each : chain(error)) {
      if (each instanceof SQLTransientException || each instanceof SQLRecoverableException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code error} blames the data written rather than the connection or the statement:
   * SQLState class 22 (data exception) or 23 (integrity constraint violation).
   */
  public static boolean isDataError(SQLException error) {
    String state = sqlState(error);
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** The first SQLState found on {@code error}, its causes and next exceptions; null if none. */
  public static String sqlState(SQLException error) {
    for (SQLException each : chain(error)) {
      String state = each.getSQLState();
      if (state != null && !state.isBlank()) {
        return state;
      }
    }
    return null;
  }

  /** {@code message} on one line, for logs: PostgreSQL puts its detail on lines of their own. */
  public static String oneLine(String message) {
    return message == null ? null : message.replaceAll("\\s*\\R\\s*", " ");
  }

  /** {@code error}, then its SQLException causes and next exceptions, each once, depth first. */
  private static List<SQLException> chain(SQLException error) {
    List<SQLException> found = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(error, found, seen);
    return found;
  }

  private static void collect(Throwable error, List<SQLException> found, Set<Throwable> seen) {
    if (error == null || !seen.add(error) || found.size() > 20) {
      return;
    }
    if (error instanceof SQLException sql) {
      found.add(sql);
      collect(error.getCause(), found, seen);
      collect(sql.getNextException(), found, seen);
    } else {
      collect(error.getCause(), found, seen);
    }
  }
}
