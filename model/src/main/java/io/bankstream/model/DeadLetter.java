package io.bankstream.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record that could not become a decided transaction, with why: the original bytes and Kafka
 * coordinates, the step that failed ({@code ParseTransactions}, {@code EnrichTransactions}, {@code
 * WriteDecisionsToPostgres}, ...), a reason code, the field at fault if any, and a message. One row
 * of {@code dead_letters}, unique by topic, partition and offset.
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] payload,
    Instant kafkaTimestamp,
    String step,
    String reason,
    String field,
    String message)
    implements Serializable {

  /** The step that reads the JSON; the pipeline and the floor name it alike. */
  public static final String PARSE_STEP = "ParseTransactions";

  /** The step that joins the payer's profile. */
  public static final String ENRICH_STEP = "EnrichTransactions";

  /** The step that writes a decision and moves the ledger. */
  public static final String WRITE_STEP = "WriteDecisionsToPostgres";

  public DeadLetter {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    payload = payload == null ? new byte[0] : payload;
  }

  /** A dead letter for {@code record} that broke the contract as {@code violation} says. */
  public static DeadLetter of(SourceRecord record, String step, ContractViolation violation) {
    return of(record, step, violation.reason().name(), violation.field(), violation.message());
  }

  /** A dead letter for {@code record}. */
  public static DeadLetter of(
      SourceRecord record, String step, String reason, String field, String message) {
    return new DeadLetter(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        record.value(),
        record.kafkaTimestamp(),
        step,
        reason,
        field,
        message);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(key, that.key)
        && Arrays.equals(payload, that.payload)
        && Objects.equals(kafkaTimestamp, that.kafkaTimestamp)
        && step.equals(that.step)
        && reason.equals(that.reason)
        && Objects.equals(field, that.field)
        && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, step, reason);
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + topic
        + "/"
        + partition
        + "@"
        + offset
        + " "
        + step
        + " "
        + reason
        + (field == null ? "" : " " + field)
        + ": "
        + message
        + "]";
  }
}
