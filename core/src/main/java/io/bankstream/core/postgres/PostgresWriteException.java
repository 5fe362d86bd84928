package io.bankstream.core.postgres;

import io.bankstream.core.retry.RetryPolicy;
import java.sql.SQLException;

/**
 * Thrown by {@link DecisionWriter} and {@link DeadLetterWriter} when a batch could not be written
 * at all: a permanent error that is not about the rows' data (authentication, a missing table, a
 * closed pool), or a transient one that outlasted the {@link RetryPolicy}. Unchecked, so that the
 * Beam DoFn calling the writer fails its bundle and the runner retries it; since every write is
 * idempotent, the retry duplicates nothing. The cause is the last {@link SQLException}.
 */
public final class PostgresWriteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String sqlState;

  /** Wraps {@code cause}, the error that stopped the write of {@code what}. */
  public PostgresWriteException(String what, SQLException cause) {
    super(
        "cannot "
            + what
            + " (SQLState "
            + TransientErrors.sqlState(cause)
            + "): "
            + cause.getMessage(),
        cause);
    this.sqlState = TransientErrors.sqlState(cause);
  }

  /** The SQLState of the error, or null if it had none. */
  public String sqlState() {
    return sqlState;
  }

  /** The error that stopped the write. */
  @Override
  public synchronized SQLException getCause() {
    return (SQLException) super.getCause();
  }
}
