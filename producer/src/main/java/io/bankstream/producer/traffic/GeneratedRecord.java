package io.bankstream.producer.traffic;

import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record ready to publish to Kafka: its key, its exact value bytes, the label of the scenario
 * or malformed kind it belongs to (for the {@link #LABEL_HEADER} header), and the transaction it
 * carries when it carries one. For a valid record (normal, fraud, and {@code
 * malformed:unknown_user}) the value is exactly {@code TransactionCodec.encode(transaction)} and
 * decodes back to an equal {@link #transaction()}; for the other malformed records the value breaks
 * the contract and {@link #transaction()} is {@code null}. The value array is copied in and out, so
 * the record is immutable; equality compares the value's bytes.
 *
 * @param key the Kafka key: the payer's UUID string (for a malformed record, the payer id the body
 *     was built from, which may be absent from a broken body)
 * @param value the Kafka value, the exact bytes to publish
 * @param label a {@link Scenario#label()} or {@link MalformedKind#label()}
 * @param transaction the transaction the value encodes, or {@code null} when the value does not
 *     decode to one
 */
public record GeneratedRecord(String key, byte[] value, String label, Transaction transaction) {

  /** The Kafka header that carries {@link #label()}. */
  public static final String LABEL_HEADER = SourceRecord.LABEL_HEADER;

  public GeneratedRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(label, "label");
    value = value.clone();
  }

  /** A copy of the value bytes. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The key as UTF-8 bytes, as the contract sends it. */
  public byte[] keyBytes() {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** The label as UTF-8 bytes, for the {@link #LABEL_HEADER} header. */
  public byte[] labelBytes() {
    return label.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the label is a {@link MalformedKind} label. */
  public boolean isMalformed() {
    return label.startsWith(MalformedKind.LABEL_PREFIX);
  }

  /** Whether the label is a fraud {@link Scenario} label. */
  public boolean isFraud() {
    return label.startsWith("fraud:");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GeneratedRecord that
        && key.equals(that.key)
        && Arrays.equals(value, that.value)
        && label.equals(that.label)
        && Objects.equals(transaction, that.transaction);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), label, transaction);
  }

  @Override
  public String toString() {
    return "GeneratedRecord[key="
        + key
        + ", label="
        + label
        + ", value="
        + new String(value, StandardCharsets.UTF_8)
        + "]";
  }
}
