package io.bankstream.core.stats;

import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.model.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The statistics of one group of transactions in one window (SPEC section 6), as the sinks write
 * them: made by {@link WindowAggregate#summary()}, written to a Redis hash by {@link
 * RedisStatsWriter} and to {@code estatisticas_janela} by {@link PostgresWindowStatsWriter}.
 *
 * @param count how many transactions
 * @param approved how many of them were approved
 * @param rejected how many were rejected; {@code approved + rejected == count}
 * @param amount the sum of their amounts, exact, scale 2
 * @param approvedAmount the sum of the approved ones' amounts, exact, scale 2
 * @param rejectionsByRule per rule code ({@code SALDO}, {@code LIMITE}, ...), how many rejected
 *     transactions that rule rejected; a transaction rejected by two rules counts for both. Sorted
 *     by code, unmodifiable, without zero counts
 * @param latencyP50Ms median latency (Kafka append to decision) in ms, rounded to 0.1 ms; null when
 *     no transaction had a Kafka timestamp
 * @param latencyP95Ms 95th percentile latency, as {@code latencyP50Ms}
 * @param latencyP99Ms 99th percentile latency, as {@code latencyP50Ms}
 */
public record WindowSummary(
    long count,
    long approved,
    long rejected,
    BigDecimal amount,
    BigDecimal approvedAmount,
    Map<String, Long> rejectionsByRule,
    Double latencyP50Ms,
    Double latencyP95Ms,
    Double latencyP99Ms)
    implements WindowTotals, Serializable {

  /** Decimals kept of the latency percentiles: 0.1 ms. */
  public static final int LATENCY_SCALE = 1;

  public WindowSummary {
    if (count < 0 || approved < 0 || rejected < 0 || approved + rejected != count) {
      throw new IllegalArgumentException(
          "need 0 <= approved + rejected == count, got approved="
              + approved
              + ", rejected="
              + rejected
              + ", count="
              + count);
    }
    amount =
        Objects.requireNonNull(amount, "amount").setScale(Money.SCALE, RoundingMode.UNNECESSARY);
    approvedAmount =
        Objects.requireNonNull(approvedAmount, "approvedAmount")
            .setScale(Money.SCALE, RoundingMode.UNNECESSARY);
    TreeMap<String, Long> rules = new TreeMap<>();
    for (Map.Entry<String, Long> rule : rejectionsByRule.entrySet()) {
      long times = Objects.requireNonNull(rule.getValue(), rule.getKey());
      if (times < 0) {
        throw new IllegalArgumentException("negative rejections for " + rule.getKey());
      }
      if (times > 0) {
        rules.put(Objects.requireNonNull(rule.getKey(), "rule code"), times);
      }
    }
    rejectionsByRule = Collections.unmodifiableSortedMap(rules);
    latencyP50Ms = roundLatency(latencyP50Ms);
    latencyP95Ms = roundLatency(latencyP95Ms);
    latencyP99Ms = roundLatency(latencyP99Ms);
  }

  /** The summary of {@code totals} with these latency percentiles (rounded as above). */
  public WindowSummary(
      WindowTotals totals, Double latencyP50Ms, Double latencyP95Ms, Double latencyP99Ms) {
    this(
        totals.count(),
        totals.approved(),
        totals.rejected(),
        totals.amount(),
        totals.approvedAmount(),
        totals.rejectionsByRule(),
        latencyP50Ms,
        latencyP95Ms,
        latencyP99Ms);
  }

  /** The summary of no transaction: zero counts and amounts, no latency. */
  public static WindowSummary empty() {
    return new WindowSummary(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), null, null, null);
  }

  /** {@code millis} rounded half up to {@link #LATENCY_SCALE} decimals; null stays null. */
  static Double roundLatency(Double millis) {
    if (millis == null) {
      return null;
    }
    if (!Double.isFinite(millis)) {
      throw new IllegalArgumentException("latency is not a finite number: " + millis);
    }
    return BigDecimal.valueOf(millis).setScale(LATENCY_SCALE, RoundingMode.HALF_UP).doubleValue();
  }
}
