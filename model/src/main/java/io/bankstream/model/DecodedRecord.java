package io.bankstream.model;

import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.io.Serializable;
import java.util.Objects;

/**
 * One Kafka record as read, with what the contract's codec made of its value: the transaction or
 * the first violation. The value is decoded once, where it is read (the event time comes from it
 * too), and the record's bytes stay with it for the dead letters.
 *
 * @param source the record as read, its key and value bytes as sent
 * @param decoded {@link TransactionCodec#decode(byte[])} of the record's value
 */
public record DecodedRecord(SourceRecord source, DecodeResult decoded) implements Serializable {

  public DecodedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(decoded, "decoded");
  }

  /** {@code source} with its value decoded by {@code codec}. */
  public static DecodedRecord decode(SourceRecord source, TransactionCodec codec) {
    return new DecodedRecord(source, codec.decode(source.value()));
  }
}
