package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readNullableInstant;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.requireValue;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeNullableInstant;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link DecidedTransaction}: the transaction with {@link TransactionCoder}, topic,
 * partition and offset (varints), the Kafka timestamp as a nullable instant, the decision with
 * {@link DecisionCoder} and the decision time. Deterministic and consistent with equals.
 */
public final class DecidedTransactionCoder extends AtomicCoder<DecidedTransaction> {

  private static final long serialVersionUID = 1L;
  private static final DecidedTransactionCoder INSTANCE = new DecidedTransactionCoder();
  private static final TransactionCoder TRANSACTION = TransactionCoder.of();
  private static final DecisionCoder DECISION = DecisionCoder.of();

  private DecidedTransactionCoder() {}

  public static DecidedTransactionCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DecidedTransaction value, OutputStream out) throws IOException {
    requireValue(value, "DecidedTransaction");
    TRANSACTION.encode(value.transaction(), out);
    writeString(value.topic(), out);
    VarInt.encode(value.partition(), out);
    VarInt.encode(value.offset(), out);
    writeNullableInstant(value.kafkaTimestamp(), out);
    DECISION.encode(value.decision(), out);
    writeInstant(value.decidedAt(), out);
  }

  @Override
  public DecidedTransaction decode(InputStream in) throws IOException {
    Transaction transaction = TRANSACTION.decode(in);
    return new DecidedTransaction(
        transaction,
        readString(in),
        VarInt.decodeInt(in),
        VarInt.decodeLong(in),
        readNullableInstant(in),
        DECISION.decode(in),
        readInstant(in));
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
