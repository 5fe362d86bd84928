package io.bankstream.core.stats;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The running statistics of one group of transactions in one window: the mutable accumulator of the
 * windowed combine. {@link #add} takes one {@link DecidedTransaction}: it counts it as approved or
 * rejected, adds its amount (exactly, as {@link BigDecimal} at scale 2) to the total and, when
 * approved, to the approved total, counts one rejection for each rule code that rejected it, and
 * records its latency, {@code decidedAt - kafkaTimestamp} in milliseconds, in a {@link
 * LatencyHistogram} (no latency when the Kafka timestamp is missing; a negative one, from clocks
 * that disagree, counts as 0). {@link #merge} adds another accumulator's values; {@link #summary}
 * gives the immutable {@link WindowSummary}. Not thread-safe.
 */
public final class WindowAggregate implements WindowTotals, Serializable {

  private static final long serialVersionUID = 1L;

  private long count;
  private long approved;
  private long rejected;
  private BigDecimal amount = BigDecimal.ZERO.setScale(Money.SCALE);
  private BigDecimal approvedAmount = BigDecimal.ZERO.setScale(Money.SCALE);
  private final TreeMap<String, Long> rejectionsByRule = new TreeMap<>();
  private final LatencyHistogram latency;

  /** An aggregate of no transaction. */
  public WindowAggregate() {
    latency = new LatencyHistogram();
  }

  /**
   * An aggregate holding exactly these totals and this latency (it copies the rejections and keeps
   * {@code latency} as its own): what the pipeline's {@code WindowAggregateCoder} decodes.
   */
  public WindowAggregate(WindowTotals totals, LatencyHistogram latency) {
    this.count = totals.count();
    this.approved = totals.approved();
    this.rejected = totals.rejected();
    this.amount = Objects.requireNonNull(totals.amount(), "amount");
    this.approvedAmount = Objects.requireNonNull(totals.approvedAmount(), "approvedAmount");
    this.rejectionsByRule.putAll(totals.rejectionsByRule());
    this.latency = Objects.requireNonNull(latency, "latency");
  }

  /** Adds one transaction; see the class comment. */
  public void add(DecidedTransaction transaction) {
    BigDecimal value = transaction.transaction().amount();
    count++;
    amount = amount.add(value);
    if (transaction.decision().approved()) {
      approved++;
      approvedAmount = approvedAmount.add(value);
    } else {
      rejected++;
      for (String code : transaction.decision().rejectedBy()) {
        rejectionsByRule.merge(code, 1L, Long::sum);
      }
    }
    Instant appended = transaction.kafkaTimestamp();
    if (appended != null) {
      latency.record(latencyMillis(appended, transaction.decidedAt()));
    }
  }

  /** Adds every value of {@code other} to this aggregate; {@code other} is left unchanged. */
  public void merge(WindowAggregate other) {
    count += other.count;
    approved += other.approved;
    rejected += other.rejected;
    amount = amount.add(other.amount);
    approvedAmount = approvedAmount.add(other.approvedAmount);
    for (Map.Entry<String, Long> rule : other.rejectionsByRule.entrySet()) {
      rejectionsByRule.merge(rule.getKey(), rule.getValue(), Long::sum);
    }
    latency.merge(other.latency);
  }

  /** How many transactions were added, directly or by merging. */
  public long count() {
    return count;
  }

  /** The approved count, for the coder. */
  public long approved() {
    return approved;
  }

  /** The rejected count, for the coder. */
  public long rejected() {
    return rejected;
  }

  /** The amount total, for the coder. */
  public BigDecimal amount() {
    return amount;
  }

  /** The approved amount total, for the coder. */
  public BigDecimal approvedAmount() {
    return approvedAmount;
  }

  /** The rejections per rule code, sorted by code; read-only. */
  public Map<String, Long> rejectionsByRule() {
    return Collections.unmodifiableSortedMap(rejectionsByRule);
  }

  /** The latency histogram itself, for the coder; not to be changed. */
  public LatencyHistogram latency() {
    return latency;
  }

  /** The statistics so far; later changes to this aggregate do not affect it. */
  public WindowSummary summary() {
    return new WindowSummary(
        this, latency.percentile(0.50), latency.percentile(0.95), latency.percentile(0.99));
  }

  /** {@code to - from} in milliseconds with sub-millisecond precision, 0 when negative. */
  static double latencyMillis(Instant from, Instant to) {
    Duration elapsed = Duration.between(from, to);
    if (elapsed.isNegative()) {
      return 0;
    }
    return elapsed.getSeconds() * 1_000.0 + elapsed.getNano() / 1_000_000.0;
  }

  @Override
  public String toString() {
    return "WindowAggregate" + summary();
  }

  /**
   * Equal when both hold the same counts, amounts, rejections and latency histogram: exactly when
   * the pipeline's {@code WindowAggregateCoder} encodes both alike.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof WindowAggregate that
        && count == that.count
        && approved == that.approved
        && rejected == that.rejected
        && amount.equals(that.amount)
        && approvedAmount.equals(that.approvedAmount)
        && rejectionsByRule.equals(that.rejectionsByRule)
        && latency.equals(that.latency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        count, approved, rejected, amount, approvedAmount, rejectionsByRule, latency);
  }
}
