package io.bankstream.producer.traffic;

import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * The {@link TransactionGenerator}'s own account of each user under a {@link PayerPace}: when it
 * last paid, how much it has to spend, where it pays away from home. Users are addressed by their
 * index in the generator's list; amounts are kept in cents. Every draw comes from the generator's
 * {@link Random}, so a seed still gives the same records. Not thread-safe.
 */
final class PayerBook {

  /** The least a payer must have to be drawn: R$ 1.00, the smallest normal amount. */
  private static final long MIN_SPENDABLE_CENTS = Sampling.toCents(TrafficModel.MIN_AMOUNT);

  private final long minGapMillis;
  private final long creditDelayMillis;
  private final long[] lastPaidMillis;
  private final long[] availableCents;
  private final Region[] awayRegions;
  private final ArrayDeque<Credit> pendingCredits = new ArrayDeque<>();

  /** A normal payment's amount, spendable by its receiver from {@code dueMillis} on. */
  private record Credit(long dueMillis, int receiver, long cents) {}

  /**
   * A book of {@code users}, each starting with its balance and, drawn from {@code random} in the
   * users' order, its away UF weighted by population.
   */
  PayerBook(List<UserProfile> users, PayerPace pace, Random random) {
    this.minGapMillis = pace.minGap().toMillis();
    this.creditDelayMillis = pace.creditDelay().toMillis();
    this.lastPaidMillis = new long[users.size()];
    this.availableCents = new long[users.size()];
    this.awayRegions = new Region[users.size()];
    WeightedSampler<Region> byPopulation = Sampling.regionsByPopulation();
    for (int i = 0; i < users.size(); i++) {
      lastPaidMillis[i] = Long.MIN_VALUE;
      availableCents[i] = Sampling.toCents(users.get(i).balance().max(BigDecimal.ZERO));
      awayRegions[i] = byPopulation.sample(random);
    }
  }

  /**
   * A payer for a normal payment at {@code time}: the first of up to {@link
   * PayerPace#MAX_PAYER_DRAWS} uniform draws that is {@link #ready ready}, else the last drawn.
   */
  int drawPayer(Instant time, Random random) {
    long now = time.toEpochMilli();
    settleCredits(now);
    int payer = random.nextInt(lastPaidMillis.length);
    for (int draw = 1; draw < PayerPace.MAX_PAYER_DRAWS && !ready(payer, now); draw++) {
      payer = random.nextInt(lastPaidMillis.length);
    }
    return payer;
  }

  /** Whether {@code payer} last paid at least the gap before {@code nowMillis} and has R$ 1.00. */
  boolean ready(int payer, long nowMillis) {
    long last = lastPaidMillis[payer];
    return (last == Long.MIN_VALUE || nowMillis - last >= minGapMillis)
        && availableCents[payer] >= MIN_SPENDABLE_CENTS;
  }

  /** What {@code payer} has to spend, as this book counts it, never negative. */
  BigDecimal available(int payer) {
    return Sampling.ofCents(Math.max(0, availableCents[payer]));
  }

  /** The UF where {@code user} pays when away from home. */
  Region awayRegion(int user) {
    return awayRegions[user];
  }

  /**
   * Books a payment of {@code amount} by {@code payer} at {@code time}; a normal one ({@code
   * credit}) becomes spendable by {@code receiver} after the credit delay.
   */
  void pay(int payer, int receiver, BigDecimal amount, Instant time, boolean credit) {
    long cents = Sampling.toCents(amount);
    long now = time.toEpochMilli();
    lastPaidMillis[payer] = Math.max(now, lastPaidMillis[payer]);
    availableCents[payer] -= cents;
    if (credit) {
      pendingCredits.add(new Credit(now + creditDelayMillis, receiver, cents));
    }
  }

  /** Credits due by {@code nowMillis} become spendable (event times are nearly in order). */
  private void settleCredits(long nowMillis) {
    while (!pendingCredits.isEmpty() && pendingCredits.peek().dueMillis() <= nowMillis) {
      Credit credit = pendingCredits.poll();
      availableCents[credit.receiver()] += credit.cents();
    }
  }
}
