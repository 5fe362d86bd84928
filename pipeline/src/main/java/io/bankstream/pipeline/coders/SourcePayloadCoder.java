package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBytes;
import static io.bankstream.pipeline.coders.Encodings.writeBytes;

import io.bankstream.model.SourcePayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link SourcePayload}, the Kafka reader's value: the bytes as sent, then what the codec
 * made of them with {@link DecodeResultCoder}. Deterministic and consistent with equals.
 */
public final class SourcePayloadCoder extends RecordCoder<SourcePayload> {

  private static final long serialVersionUID = 1L;
  private static final SourcePayloadCoder INSTANCE = new SourcePayloadCoder();
  private static final DecodeResultCoder DECODED = DecodeResultCoder.of();

  private SourcePayloadCoder() {
    super("SourcePayload");
  }

  public static SourcePayloadCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(SourcePayload value, OutputStream out) throws IOException {
    writeBytes(value.bytes(), out);
    DECODED.encode(value.decoded(), out);
  }

  @Override
  public SourcePayload decode(InputStream in) throws IOException {
    return new SourcePayload(readBytes(in), DECODED.decode(in));
  }
}
