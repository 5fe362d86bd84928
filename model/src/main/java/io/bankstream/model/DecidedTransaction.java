package io.bankstream.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A transaction with its decision, ready for {@code transacoes}: the contract fields, where it was
 * read from Kafka (topic, partition, offset, Kafka timestamp), the decision and when it was made.
 */
public record DecidedTransaction(
    Transaction transaction,
    String topic,
    int partition,
    long offset,
    Instant kafkaTimestamp,
    Decision decision,
    Instant decidedAt)
    implements Serializable {

  public DecidedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(decidedAt, "decidedAt");
  }
}
