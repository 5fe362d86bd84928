package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBytes;
import static io.bankstream.pipeline.coders.Encodings.requireValue;
import static io.bankstream.pipeline.coders.Encodings.writeBytes;

import io.bankstream.model.SourcePayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Encodes a {@link SourcePayload}, the Kafka reader's value: the bytes as sent, then what the codec
 * made of them with {@link DecodeResultCoder}. Deterministic and consistent with equals.
 */
public final class SourcePayloadCoder extends AtomicCoder<SourcePayload> {

  private static final long serialVersionUID = 1L;
  private static final SourcePayloadCoder INSTANCE = new SourcePayloadCoder();
  private static final DecodeResultCoder DECODED = DecodeResultCoder.of();

  private SourcePayloadCoder() {}

  public static SourcePayloadCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SourcePayload value, OutputStream out) throws IOException {
    requireValue(value, "SourcePayload");
    writeBytes(value.bytes(), out);
    DECODED.encode(value.decoded(), out);
  }

  @Override
  public SourcePayload decode(InputStream in) throws IOException {
    return new SourcePayload(readBytes(in), DECODED.decode(in));
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
