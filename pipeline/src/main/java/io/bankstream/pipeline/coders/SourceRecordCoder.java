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

import io.bankstream.model.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link SourceRecord}: topic, partition (varint), offset (varint), the key as nullable
 * bytes, the value bytes, the Kafka timestamp as a nullable instant, and the nullable label.
 * Deterministic and consistent with equals (a null key and an empty one stay apart).
 */
public final class SourceRecordCoder extends RecordCoder<SourceRecord> {

  private static final long serialVersionUID = 1L;
  private static final SourceRecordCoder INSTANCE = new SourceRecordCoder();

  private SourceRecordCoder() {
    super("SourceRecord");
  }

  public static SourceRecordCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(SourceRecord value, OutputStream out) throws IOException {
    writeString(value.topic(), out);
    VarInt.encode(value.partition(), out);
    VarInt.encode(value.offset(), out);
    writeNullableBytes(value.key(), out);
    writeBytes(value.value(), out);
    writeNullableInstant(value.kafkaTimestamp(), out);
    writeNullableString(value.label(), out);
  }

  @Override
  public SourceRecord decode(InputStream in) throws IOException {
    return new SourceRecord(
        readString(in),
        VarInt.decodeInt(in),
        VarInt.decodeLong(in),
        readNullableBytes(in),
        readBytes(in),
        readNullableInstant(in),
        readNullableString(in));
  }
}
