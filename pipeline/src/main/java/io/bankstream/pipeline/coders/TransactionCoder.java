package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readEnum;
import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readUuid;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeEnum;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeUuid;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes a {@link Transaction} as its fields in declaration order (see {@link Encodings}): id,
 * payer and receiver as UUIDs, the region by its UF code (its constant's name), the modality by its
 * name, the event time and the amount (scale 2). Deterministic and consistent with equals.
 */
public final class TransactionCoder extends RecordCoder<Transaction> {

  private static final long serialVersionUID = 1L;
  private static final TransactionCoder INSTANCE = new TransactionCoder();

  private TransactionCoder() {
    super("Transaction");
  }

  public static TransactionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(Transaction value, OutputStream out) throws IOException {
    writeUuid(value.id(), out);
    writeUuid(value.payerId(), out);
    writeUuid(value.receiverId(), out);
    writeEnum(value.region(), out);
    writeEnum(value.modality(), out);
    writeInstant(value.eventTime(), out);
    writeDecimal(value.amount(), out);
  }

  @Override
  public Transaction decode(InputStream in) throws IOException {
    try {
      return new Transaction(
          readUuid(in),
          readUuid(in),
          readUuid(in),
          readEnum(Region.class, in),
          readEnum(PaymentModality.class, in),
          readInstant(in),
          readDecimal(in));
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid Transaction: " + e.getMessage(), e);
    }
  }
}
