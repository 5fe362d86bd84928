package io.bankstream.dashboard.data;

import io.bankstream.model.stats.LatestTransaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A decided transaction as the dashboard lists it: from Redis's latest lists (live) or from {@code
 * transacoes} (history search).
 *
 * @param reasons the rule codes that rejected it; empty when approved
 * @param riskScore the risk score, null when not a number
 */
public record RecentTransaction(
    String id,
    String payer,
    String receiver,
    String region,
    String modality,
    Instant eventTime,
    BigDecimal amount,
    boolean approved,
    List<String> reasons,
    Double riskScore,
    Instant decidedAt) {

  public RecentTransaction {
    reasons = List.copyOf(reasons);
  }

  /** The transaction of a latest list's entry in Redis, its risk score as a double. */
  public static RecentTransaction of(LatestTransaction latest) {
    return new RecentTransaction(
        latest.id(),
        latest.payer(),
        latest.receiver(),
        latest.region(),
        latest.modality(),
        latest.eventTime(),
        latest.amount(),
        latest.approved(),
        latest.reasons(),
        latest.riskScore() == null ? null : latest.riskScore().doubleValue(),
        latest.decidedAt());
  }
}
