package io.bankstream.pipeline.report;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One look at a running pipeline, read from what it wrote ({@link PipelineStatus#snapshot}): the
 * same numbers on every runner. Counts are of this run (rows written since the pipeline started),
 * so they only grow.
 *
 * @param elapsed time since the run started
 * @param approved rows of {@code transacoes} written this run and approved
 * @param rejected rows of {@code transacoes} written this run and rejected
 * @param deadLetters rows of {@code dead_letters} written this run
 * @param periodRate rows written ({@code transacoes} and {@code dead_letters}) per second since the
 *     previous snapshot, null for the first
 * @param lag records in the topic that the database does not hold yet (end offsets minus written),
 *     empty when Kafka did not answer
 * @param rulesVersion the newest rules version in force now ({@code versoes_regras}), 0 for none
 * @param periodWriteP99Millis p99 of {@code horario_gravacao - horario_kafka} of the rows first
 *     seen in this snapshot, null when there were none
 * @param runWriteP99Millis the same over the whole run, null before the first row
 * @param rejectionsByRule rejected rows per rule code ({@code motivos_rejeicao}); a row rejected by
 *     two rules counts for both
 * @param deadLettersByReason dead letters per reason
 * @param kafkaUnreachable how long Kafka has not answered the end offsets query (since the first
 *     request that failed), null when it answered this snapshot's
 * @param kafkaOutages how many times since the start Kafka stopped answering
 */
public record StatusSnapshot(
    Duration elapsed,
    long approved,
    long rejected,
    long deadLetters,
    Double periodRate,
    OptionalLong lag,
    int rulesVersion,
    Double periodWriteP99Millis,
    Double runWriteP99Millis,
    Map<String, Long> rejectionsByRule,
    Map<String, Long> deadLettersByReason,
    Duration kafkaUnreachable,
    long kafkaOutages) {

  public StatusSnapshot {
    Objects.requireNonNull(elapsed, "elapsed");
    if (kafkaUnreachable != null && lag.isPresent()) {
      throw new IllegalArgumentException("the lag is unknown while Kafka is unreachable");
    }
    Objects.requireNonNull(lag, "lag");
    rejectionsByRule = Map.copyOf(rejectionsByRule);
    deadLettersByReason = Map.copyOf(deadLettersByReason);
  }

  /** Rows of {@code transacoes} written this run. */
  public long decided() {
    return approved + rejected;
  }

  /** The approved share of {@link #decided}, 0 to 1; 0 before the first decision. */
  public double approvedShare() {
    return decided() == 0 ? 0 : (double) approved / decided();
  }

  /** Decisions per second over the run so far. */
  public double meanRate() {
    double seconds = elapsed.toMillis() / 1000.0;
    return seconds <= 0 ? 0 : decided() / seconds;
  }
}
