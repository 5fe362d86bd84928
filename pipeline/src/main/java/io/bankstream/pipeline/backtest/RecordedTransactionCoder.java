package io.bankstream.pipeline.backtest;

import static io.bankstream.pipeline.coders.Encodings.readNullableString;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeNullableString;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.model.Transaction;
import io.bankstream.pipeline.coders.RecordCoder;
import io.bankstream.pipeline.coders.TransactionCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link RecordedTransaction}: the transaction as {@link TransactionCoder} does, the
 * codes as a count and strings, the version, partition and offset as varints, the nullable label.
 */
public final class RecordedTransactionCoder extends RecordCoder<RecordedTransaction> {

  private static final long serialVersionUID = 1L;
  private static final RecordedTransactionCoder INSTANCE = new RecordedTransactionCoder();

  private RecordedTransactionCoder() {
    super("RecordedTransaction");
  }

  public static RecordedTransactionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(RecordedTransaction value, OutputStream out) throws IOException {
    TransactionCoder.of().encode(value.transaction(), out);
    writeSize(value.rejectedBy().size(), out);
    for (String code : value.rejectedBy()) {
      writeString(code, out);
    }
    VarInt.encode(value.version(), out);
    VarInt.encode(value.partition(), out);
    VarInt.encode(value.offset(), out);
    writeNullableString(value.label(), out);
  }

  @Override
  public RecordedTransaction decode(InputStream in) throws IOException {
    Transaction transaction = TransactionCoder.of().decode(in);
    int codes = readSize(in);
    List<String> rejectedBy = new ArrayList<>(codes);
    for (int i = 0; i < codes; i++) {
      rejectedBy.add(readString(in));
    }
    return new RecordedTransaction(
        transaction,
        rejectedBy,
        VarInt.decodeInt(in),
        VarInt.decodeInt(in),
        VarInt.decodeLong(in),
        readNullableString(in));
  }
}
