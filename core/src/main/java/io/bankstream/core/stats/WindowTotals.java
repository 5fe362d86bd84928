package io.bankstream.core.stats;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The totals of one group of transactions in one window, whether still being added up ({@link
 * WindowAggregate}) or final ({@link WindowSummary}): counts, amounts and rejections per rule. Code
 * that needs only these (the pipeline's coders) serves both through it.
 */
public interface WindowTotals {

  /** How many transactions. */
  long count();

  /** How many of them were approved. */
  long approved();

  /** How many were rejected. */
  long rejected();

  /** The sum of their amounts. */
  BigDecimal amount();

  /** The sum of the approved ones' amounts. */
  BigDecimal approvedAmount();

  /** Per rule code, how many rejected transactions that rule rejected; sorted by code. */
  Map<String, Long> rejectionsByRule();
}
