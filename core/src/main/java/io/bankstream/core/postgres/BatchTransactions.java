package io.bankstream.core.postgres;

import io.bankstream.core.retry.RetryPolicy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * What every batch writer here shares: each attempt runs in one database transaction (auto-commit
 * off, commit at the end, rollback on any error), transient errors are retried under a {@link
 * RetryPolicy} and the retries counted, and a batch's columns go to PostgreSQL as arrays for one
 * {@code unnest} statement. Written by hand because JdbcIO's writer cannot run in streaming on the
 * Spark runner (README, "Runners").
 */
public final class BatchTransactions {

  /** The statements of one attempt, on a connection whose transaction the caller owns. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final RetryPolicy retryPolicy;
  private final AtomicLong retries = new AtomicLong();

  public BatchTransactions(DataSource dataSource, RetryPolicy retryPolicy) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /** How many times a transaction has been retried after a transient error, so far. */
  public long retries() {
    return retries.get();
  }

  /**
   * Runs {@code work} in one transaction, retried while its errors are transient.
   *
   * @throws SQLException the last error: permanent, or transient past the retry policy
   */
  public <T> T call(String operation, Work<T> work) throws SQLException {
    return retryPolicy.call(operation, () -> inOneTransaction(work), retries::incrementAndGet);
  }

  /**
   * As {@link #call}, for writers that have nothing to do with the error but report it.
   *
   * @throws PostgresWriteException on a permanent error, or a transient one that outlasted the
   *     retry policy; nothing of the work was committed then
   */
  public <T> T write(String operation, Work<T> work) {
    try {
      return call(operation, work);
    } catch (SQLException error) {
      throw new PostgresWriteException(operation, error);
    }
  }

  private <T> T inOneTransaction(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false);
      }
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException error) {
        try {
          connection.rollback();
        } catch (SQLException rollbackError) {
          // The connection is probably gone, and the server rolls back on its own then.
          error.addSuppressed(rollbackError);
        }
        throw error;
      }
    }
  }

  /** One column of {@code rows} as a PostgreSQL array of {@code type}, e.g. {@code uuid}. */
  public static <R> Array column(
      Connection connection, String type, List<R> rows, Function<R, Object> value)
      throws SQLException {
    Object[] values = type.equals("bytea") ? new byte[rows.size()][] : new Object[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value.apply(rows.get(i));
    }
    return connection.createArrayOf(type, values);
  }
}
