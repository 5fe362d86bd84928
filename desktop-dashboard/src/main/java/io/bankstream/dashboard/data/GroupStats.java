package io.bankstream.dashboard.data;

import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One group's statistics in one event-time window, as the pipeline keeps them in a Redis hash
 * ({@code bankstream:stats:<start>:<group>}) and in a row of {@code estatisticas_janela}.
 *
 * @param key the group: overall, one UF or one modality
 * @param rejectionsByRule rule code to how many transactions it rejected
 * @param latencyP50Ms Kafka append to decision, in ms; null when unknown (likewise p95, p99)
 */
public record GroupStats(
    Instant windowStart,
    Instant windowEnd,
    StatsKey key,
    long count,
    long approved,
    long rejected,
    BigDecimal amount,
    BigDecimal approvedAmount,
    Map<String, Long> rejectionsByRule,
    Double latencyP50Ms,
    Double latencyP95Ms,
    Double latencyP99Ms) {

  public GroupStats {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(approvedAmount, "approvedAmount");
    rejectionsByRule = Map.copyOf(rejectionsByRule);
  }

  /** Approved over all, from 0 to 1; 0 for an empty window. */
  public double approvalRate() {
    return count == 0 ? 0 : (double) approved / count;
  }

  /** Transactions per second over the window's length. */
  public double perSecond() {
    long seconds = Math.max(1, windowEnd.getEpochSecond() - windowStart.getEpochSecond());
    return (double) count / seconds;
  }
}
