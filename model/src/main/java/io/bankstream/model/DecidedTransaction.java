package io.bankstream.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A transaction with its decision, ready for {@code transacoes}: the contract fields, the Kafka
 * record it was read from (coordinates, Kafka timestamp, and its key and value bytes as sent, so
 * that a write the database refuses still makes a dead letter of what came in), the decision and
 * when it was made.
 */
public record DecidedTransaction(
    Transaction transaction, SourceRecord source, Decision decision, Instant decidedAt)
    implements Serializable {

  public DecidedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(decidedAt, "decidedAt");
  }

  /** The topic the record was read from. */
  public String topic() {
    return source.topic();
  }

  /** The partition the record was read from. */
  public int partition() {
    return source.partition();
  }

  /** The record's offset in its partition. */
  public long offset() {
    return source.offset();
  }

  /** The record's Kafka timestamp; null if the broker gave none. */
  public Instant kafkaTimestamp() {
    return source.kafkaTimestamp();
  }
}
