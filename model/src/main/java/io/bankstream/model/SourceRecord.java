package io.bankstream.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as read, before parsing: where it came from (topic, partition, offset), its key
 * and value bytes as sent, and its Kafka timestamp (append or create time; null if the broker gave
 * none). The coordinates identify it for dead letters and for the transaction's row.
 */
public record SourceRecord(
    String topic, int partition, long offset, byte[] key, byte[] value, Instant kafkaTimestamp)
    implements Serializable {

  public SourceRecord {
    Objects.requireNonNull(topic, "topic");
    value = value == null ? new byte[0] : value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourceRecord that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && Objects.equals(kafkaTimestamp, that.kafkaTimestamp);
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
