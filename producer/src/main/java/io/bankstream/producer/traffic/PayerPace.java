package io.bankstream.producer.traffic;

import java.time.Duration;
import java.util.Objects;

/**
 * How often, how much and where one normal payer pays, whatever the total rate: the bounds that
 * keep normal traffic legitimate when many transactions a second come from a finite population.
 * Without them a payer drawn uniformly from {@code N} users at {@code R} records a second pays
 * {@code R / N} times a second, so 10,000 users at 3,000 a second make 18 payments a minute each,
 * and the velocity, aggregate-limit and balance rules rightly reject most of it.
 *
 * <p>With a pace, the {@link TransactionGenerator} keeps a book of every user ({@link PayerBook}):
 *
 * <ul>
 *   <li><b>Gap</b>: a normal payment's payer is redrawn (up to {@link #MAX_PAYER_DRAWS} times)
 *       while the drawn user paid less than {@link #minGap()} before in event time, so no normal
 *       payer makes two payments within a minute ({@code RAJADA_1MIN}, {@code VELOCIDADE}), as long
 *       as the population is at least {@link #busyUsers(double)}.
 *   <li><b>Balance</b>: a normal amount is at most what the payer has as the generator counts it
 *       (the seeded {@code saldo}, less every normal and fraud payment it generated for the payer,
 *       plus the normal payments the payer received at least {@link #creditDelay()} before), and a
 *       user with less than R$ 1.00 is not drawn as a payer. The delay covers the pipeline's
 *       profile refresh (60 s by default), which is when it learns of credits. So {@code SALDO}
 *       rejects a normal payment only after a fraud scenario spent the payer's money, or when a
 *       credit counted here was a payment the pipeline rejected.
 *   <li><b>Place</b>: away from home a payer pays in one UF of its own (drawn by population once
 *       per user), not in a new UF each time, so two UFs at most ({@code UFS_1H}).
 * </ul>
 *
 * <p>The population that keeps the gap with room to spare is {@link #usersFor(double)}: {@link
 * #USERS_PER_RATE} users per transaction a second, one payment every 200 s per payer on average,
 * the pace at which the demo ran at 50 a second over 10,000 users.
 *
 * @param minGap the least event time between two normal payments of one payer; zero for none
 * @param creditDelay how long after a normal payment its receiver may spend it
 */
public record PayerPace(Duration minGap, Duration creditDelay) {

  /** Users per transaction a second in {@link #usersFor(double)}: 200. */
  public static final int USERS_PER_RATE = 200;

  /** The fewest users {@link #usersFor(double)} gives: 10,000, the seed's default. */
  public static final int MIN_USERS = 10_000;

  /** How many users a normal record tries before it takes the last drawn. */
  public static final int MAX_PAYER_DRAWS = 32;

  /** The default bound: one minute between a payer's payments, credits spendable after 3 min. */
  public static final PayerPace BOUNDED =
      new PayerPace(Duration.ofMinutes(1), Duration.ofMinutes(3));

  public PayerPace {
    Objects.requireNonNull(minGap, "minGap");
    Objects.requireNonNull(creditDelay, "creditDelay");
    if (minGap.isNegative() || creditDelay.isNegative()) {
      throw new IllegalArgumentException(
          "minGap and creditDelay must not be negative: " + minGap + ", " + creditDelay);
    }
  }

  /**
   * The users to seed for {@code ratePerSecond} transactions a second: {@link #USERS_PER_RATE} per
   * transaction a second, at least {@link #MIN_USERS}.
   *
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static int usersFor(double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be positive and finite: " + ratePerSecond);
    }
    double users = Math.ceil(ratePerSecond * USERS_PER_RATE);
    if (users > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rate too high to seed users for: " + ratePerSecond);
    }
    return Math.max(MIN_USERS, (int) users);
  }

  /**
   * How many users pay within one {@link #minGap()} at {@code ratePerSecond}: the population below
   * which the gap cannot hold. Twice this is comfortable: a drawn user is then free at least half
   * the time, and {@link #MAX_PAYER_DRAWS} draws all land on busy users less than once in 10^9
   * records; {@link #usersFor(double)} gives about three times this for the default gap.
   */
  public long busyUsers(double ratePerSecond) {
    return (long) Math.ceil(ratePerSecond * minGap.toMillis() / 1000.0);
  }

  /**
   * The mean time between two payments of one payer when {@code users} share {@code ratePerSecond}.
   */
  public static Duration meanInterval(int users, double ratePerSecond) {
    return Duration.ofMillis(Math.round(1000.0 * users / ratePerSecond));
  }
}
