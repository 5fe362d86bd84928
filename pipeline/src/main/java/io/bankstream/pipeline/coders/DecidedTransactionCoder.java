package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link DecidedTransaction}: the transaction with {@link TransactionCoder}, the Kafka
 * record it came from (its bytes included, for the write step's dead letters) with {@link
 * SourceRecordCoder}, the decision with {@link DecisionCoder} and the decision time. Deterministic
 * and consistent with equals.
 */
public final class DecidedTransactionCoder extends RecordCoder<DecidedTransaction> {

  private static final long serialVersionUID = 1L;
  private static final DecidedTransactionCoder INSTANCE = new DecidedTransactionCoder();
  private static final TransactionCoder TRANSACTION = TransactionCoder.of();
  private static final SourceRecordCoder SOURCE = SourceRecordCoder.of();
  private static final DecisionCoder DECISION = DecisionCoder.of();

  private DecidedTransactionCoder() {
    super("DecidedTransaction");
  }

  public static DecidedTransactionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(DecidedTransaction value, OutputStream out) throws IOException {
    TRANSACTION.encode(value.transaction(), out);
    SOURCE.encode(value.source(), out);
    DECISION.encode(value.decision(), out);
    writeInstant(value.decidedAt(), out);
  }

  @Override
  public DecidedTransaction decode(InputStream in) throws IOException {
    Transaction transaction = TRANSACTION.decode(in);
    return new DecidedTransaction(
        transaction, SOURCE.decode(in), DECISION.decode(in), readInstant(in));
  }
}
