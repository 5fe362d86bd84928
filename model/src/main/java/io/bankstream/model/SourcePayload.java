package io.bankstream.model;

import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record's value as sent and what the contract's codec made of it, decoded once as the
 * record is read, so that the event time and the parse step both use the one decoding.
 *
 * @param bytes the value as sent (empty for a record without a value)
 * @param decoded {@link TransactionCodec#decode(byte[])} of {@code bytes}
 */
public record SourcePayload(byte[] bytes, DecodeResult decoded) implements Serializable {

  private static final byte[] EMPTY = new byte[0];

  public SourcePayload {
    bytes = bytes == null ? EMPTY : bytes;
    Objects.requireNonNull(decoded, "decoded");
  }

  /** {@code bytes} (null for none) with what {@code codec} makes of them. */
  public static SourcePayload decode(byte[] bytes, TransactionCodec codec) {
    byte[] value = bytes == null ? EMPTY : bytes;
    return new SourcePayload(value, codec.decode(value));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcePayload that
        && Arrays.equals(bytes, that.bytes)
        && decoded.equals(that.decoded);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bytes), decoded);
  }

  @Override
  public String toString() {
    return "SourcePayload[" + bytes.length + " bytes, " + decoded + "]";
  }
}
