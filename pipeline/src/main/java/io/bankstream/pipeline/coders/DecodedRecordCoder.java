package io.bankstream.pipeline.coders;

import io.bankstream.model.DecodedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link DecodedRecord}: the record with {@link SourceRecordCoder}, then what its value
 * decoded to with {@link DecodeResultCoder}. Deterministic and consistent with equals.
 */
public final class DecodedRecordCoder extends RecordCoder<DecodedRecord> {

  private static final long serialVersionUID = 1L;
  private static final DecodedRecordCoder INSTANCE = new DecodedRecordCoder();
  private static final SourceRecordCoder SOURCE = SourceRecordCoder.of();
  private static final DecodeResultCoder DECODED = DecodeResultCoder.of();

  private DecodedRecordCoder() {
    super("DecodedRecord");
  }

  public static DecodedRecordCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(DecodedRecord value, OutputStream out) throws IOException {
    SOURCE.encode(value.source(), out);
    DECODED.encode(value.decoded(), out);
  }

  @Override
  public DecodedRecord decode(InputStream in) throws IOException {
    return new DecodedRecord(SOURCE.decode(in), DECODED.decode(in));
  }
}
