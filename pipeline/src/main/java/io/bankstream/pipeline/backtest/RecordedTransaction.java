package io.bankstream.pipeline.backtest;

import io.bankstream.model.Transaction;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code transacoes} as the backtest reads it: the transaction, the decision recorded
 * for it (approved when {@code rejectedBy} is empty) and the rules version that made it, where it
 * was read from (the order a payer's transactions were decided in when their event times tie), and
 * the producer's label, if any.
 *
 * @param transaction the seven contract fields
 * @param rejectedBy the codes recorded in {@code motivos_rejeicao}
 * @param version {@code versao_regras}
 * @param partition {@code kafka_particao}
 * @param offset {@code kafka_offset}
 * @param label {@code rotulo}, null when the record had none
 */
public record RecordedTransaction(
    Transaction transaction,
    List<String> rejectedBy,
    int version,
    int partition,
    long offset,
    String label) {

  public RecordedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    rejectedBy = List.copyOf(rejectedBy);
  }

  /** Whether it was approved. */
  public boolean approved() {
    return rejectedBy.isEmpty();
  }
}
