package io.bankstream.bench.floor;

import io.bankstream.core.postgres.DecisionWriter;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.json.TransactionCodec;

/**
 * The dead letters {@link FloorDatabase} makes of rows it cannot write, worded as the pipeline's.
 */
final class WriteLetters {

  private WriteLetters() {}

  /** A row whose id was written from {@code writtenFrom}, as the pipeline's sink letters it. */
  static DeadLetter duplicate(DecidedTransaction row, String writtenFrom) {
    return DeadLetter.of(
        row.source(),
        DeadLetter.WRITE_STEP,
        DecisionWriter.Failed.DUPLICATE_TRANSACTION_ID,
        TransactionCodec.ID_FIELD,
        "id_transacao "
            + row.transaction().id()
            + " was already written from "
            + writtenFrom
            + "; this record ("
            + row.topic()
            + "/"
            + row.partition()
            + "@"
            + row.offset()
            + ") reuses it, so it is not written.");
  }

  /** A row the database refused, as the pipeline's {@link WriteDecisionsToPostgres} letters it. */
  static DeadLetter refused(DecidedTransaction row, String sqlState, String message) {
    return DeadLetter.of(
        row.source(),
        DeadLetter.WRITE_STEP,
        "DATABASE_REFUSED",
        null,
        "PostgreSQL refused the row (SQLState " + sqlState + "): " + message);
  }
}
