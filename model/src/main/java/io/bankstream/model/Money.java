package io.bankstream.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The rules for amounts of money in the contract: reais as {@link BigDecimal} with exactly two
 * decimals, never a floating-point number. The bounds match {@code NUMERIC(15,2)}.
 */
public final class Money {

  /** Decimal places of every amount. */
  public static final int SCALE = 2;

  /** The largest amount a {@code NUMERIC(15,2)} column holds: 9,999,999,999,999.99. */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");

  private Money() {}

  /**
   * Returns {@code amount} at scale 2, or throws if it is not positive, has more than two
   * significant decimals, or exceeds {@link #MAX_AMOUNT}.
   */
  public static BigDecimal requireValidAmount(BigDecimal amount) {
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("amount must be greater than 0: " + amount);
    }
    if (amount.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("amount has more than two decimals: " + amount);
    }
    if (amount.compareTo(MAX_AMOUNT) > 0) {
      throw new IllegalArgumentException("amount exceeds " + MAX_AMOUNT + ": " + amount);
    }
    return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
  }

  /** {@code value} at scale 2, for amounts that are not transaction values (balances, limits). */
  public static BigDecimal of(String value) {
    return new BigDecimal(value).setScale(SCALE, RoundingMode.UNNECESSARY);
  }
}
