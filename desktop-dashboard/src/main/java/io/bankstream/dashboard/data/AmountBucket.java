package io.bankstream.dashboard.data;

import java.math.BigDecimal;

/**
 * One bucket of the amount distribution: transactions with {@code lower <= amount < upper} (upper
 * null for the last, open bucket), approved and rejected.
 */
public record AmountBucket(BigDecimal lower, BigDecimal upper, long approved, long rejected) {}
