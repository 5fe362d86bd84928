package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBytes;
import static io.bankstream.pipeline.coders.Encodings.readNullableBytes;
import static io.bankstream.pipeline.coders.Encodings.readNullableInstant;
import static io.bankstream.pipeline.coders.Encodings.readNullableString;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeBytes;
import static io.bankstream.pipeline.coders.Encodings.writeNullableBytes;
import static io.bankstream.pipeline.coders.Encodings.writeNullableInstant;
import static io.bankstream.pipeline.coders.Encodings.writeNullableString;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.model.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link DeadLetter}: topic, partition and offset (varints), the key as nullable bytes,
 * the payload bytes, the Kafka timestamp as a nullable instant, step, reason, the field as a
 * nullable string, and the message. Deterministic and consistent with equals.
 */
public final class DeadLetterCoder extends RecordCoder<DeadLetter> {

  private static final long serialVersionUID = 1L;
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  private DeadLetterCoder() {
    super("DeadLetter");
  }

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(DeadLetter value, OutputStream out) throws IOException {
    writeString(value.topic(), out);
    VarInt.encode(value.partition(), out);
    VarInt.encode(value.offset(), out);
    writeNullableBytes(value.key(), out);
    writeBytes(value.payload(), out);
    writeNullableInstant(value.kafkaTimestamp(), out);
    writeString(value.step(), out);
    writeString(value.reason(), out);
    writeNullableString(value.field(), out);
    writeString(value.message(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return new DeadLetter(
        readString(in),
        VarInt.decodeInt(in),
        VarInt.decodeLong(in),
        readNullableBytes(in),
        readBytes(in),
        readNullableInstant(in),
        readString(in),
        readString(in),
        readNullableString(in),
        readString(in));
  }
}
