package io.bankstream.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as read, before parsing: where it came from (topic, partition, offset), its key
 * and value bytes as sent, its Kafka timestamp (append or create time; null if the broker gave
 * none), and the label of a synthetic record (its {@link #LABEL_HEADER} header, e.g. {@code
 * fraud:velocity_burst}; null for real traffic). The coordinates identify it for dead letters and
 * for the transaction's row. The label is the test data's ground truth, stored for evaluating the
 * rules (precision and recall, the backtest) and never read by them.
 */
public record SourceRecord(
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    Instant kafkaTimestamp,
    String label)
    implements Serializable {

  /** The Kafka header in which the producer labels each synthetic record with its scenario. */
  public static final String LABEL_HEADER = "bankstream-scenario";

  /** The longest label kept; a longer header is not a label of ours and is dropped. */
  public static final int MAX_LABEL_LENGTH = 64;

  public SourceRecord {
    Objects.requireNonNull(topic, "topic");
    value = value == null ? new byte[0] : value;
    if (label != null && (label.isEmpty() || label.length() > MAX_LABEL_LENGTH)) {
      label = null;
    }
  }

  /** A record without a label. */
  public SourceRecord(
      String topic, int partition, long offset, byte[] key, byte[] value, Instant kafkaTimestamp) {
    this(topic, partition, offset, key, value, kafkaTimestamp, null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourceRecord that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && Objects.equals(kafkaTimestamp, that.kafkaTimestamp)
        && Objects.equals(label, that.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
