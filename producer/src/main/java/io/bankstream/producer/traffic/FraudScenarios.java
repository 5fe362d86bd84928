package io.bankstream.producer.traffic;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the records of the fraud {@link Scenario}s for a {@link TransactionGenerator}: who pays,
 * how many payments, of what modality, where and for how much, as each scenario's documentation
 * says. It draws from the generator's {@link Random} and {@link EventClock} in a fixed order, so
 * the same seed gives the same scenarios; the transactions themselves (receiver, id, encoding) and
 * the normal record a scenario falls back to come from the generator through {@link Drafts}. Not
 * thread-safe.
 */
final class FraudScenarios {

  /** How many payers a scenario tries before it gives up (and emits a normal record). */
  static final int MAX_PAYER_ATTEMPTS = 100;

  static final int BURST_MIN_RECORDS = 12;
  static final int BURST_MAX_RECORDS = 20;
  static final BigDecimal BURST_MIN_AMOUNT = Money.of("5.00");
  static final BigDecimal BURST_MAX_AMOUNT = Money.of("60.00");

  static final double TAKEOVER_MIN_DISTANCE_KM = 1_500;
  static final BigDecimal TAKEOVER_MIN_AMOUNT = Money.of("800.00");
  static final BigDecimal TAKEOVER_MAX_AMOUNT = Money.of("3200.00");

  static final int DRAIN_MIN_RECORDS = 3;
  static final int DRAIN_MAX_RECORDS = 6;

  /** A drain's total is more than this times the balance... */
  static final BigDecimal DRAIN_MIN_FACTOR = new BigDecimal("1.2");

  /** ...and, when the limit allows, at most this times the balance. */
  static final BigDecimal DRAIN_MAX_FACTOR = new BigDecimal("1.5");

  static final int PROBING_MIN_RECORDS = 2;
  static final int PROBING_MAX_RECORDS = 4;
  static final BigDecimal PROBING_MAX_FACTOR = new BigDecimal("1.05");

  static final BigDecimal NIGHT_PIX_MIN_AMOUNT = Money.of("1000.01");
  static final BigDecimal NIGHT_PIX_MAX_AMOUNT = Money.of("3000.00");

  private static final PaymentModality[] MODALITIES = PaymentModality.values();

  /** What a scenario takes from its generator. */
  interface Drafts {

    /** A transaction by the user at {@code payerIndex} to another user. */
    Transaction transaction(
        int payerIndex, Region region, PaymentModality modality, Instant time, BigDecimal amount);

    /** The record of a valid {@code transaction}, labelled with {@code scenario}. */
    GeneratedRecord valid(Transaction transaction, Scenario scenario);

    /** A normal record at {@code time}: the fallback when no user suits a scenario. */
    GeneratedRecord normal(Instant time);
  }

  private final List<UserProfile> users;
  private final EventClock clock;
  private final Random random;
  private final Drafts drafts;
  private final Map<Region, WeightedSampler<Region>> farRegions = new EnumMap<>(Region.class);

  /** Scenarios over {@code users}, drawing from {@code clock} and {@code random}. */
  FraudScenarios(List<UserProfile> users, EventClock clock, Random random, Drafts drafts) {
    this.users = users;
    this.clock = clock;
    this.random = random;
    this.drafts = drafts;
    for (Region home : Region.values()) {
      WeightedSampler<Region> far =
          Sampling.regionsByPopulation(Sampling.regionsAtLeast(home, TAKEOVER_MIN_DISTANCE_KM));
      if (far != null) {
        farRegions.put(home, far);
      }
    }
  }

  /**
   * The records of one occurrence of {@code scenario} at {@code time}, consecutive; a single normal
   * record for {@code NORMAL}, or when no user suits the scenario.
   */
  List<GeneratedRecord> build(Scenario scenario, Instant time) {
    return switch (scenario) {
      case NORMAL -> List.of(drafts.normal(time));
      case VELOCITY_BURST -> velocityBurst(time);
      case ACCOUNT_TAKEOVER -> accountTakeover(time);
      case BALANCE_DRAIN -> balanceDrain(time);
      case LIMIT_PROBING -> limitProbing(time);
      case NIGHT_PIX -> nightPix(time);
    };
  }

  private List<GeneratedRecord> velocityBurst(Instant time) {
    int payerIndex = randomUserIndex();
    UserProfile payer = users.get(payerIndex);
    int count = random.nextInt(BURST_MIN_RECORDS, BURST_MAX_RECORDS + 1);
    BigDecimal high = BURST_MAX_AMOUNT.min(payer.limitFor(PaymentModality.PIX));
    BigDecimal low = BURST_MIN_AMOUNT.min(high);
    List<GeneratedRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant at = i == 0 ? time : clock.nextInBurst();
      BigDecimal amount = positive(Sampling.uniformAmount(random, low, high));
      records.add(
          drafts.valid(
              drafts.transaction(payerIndex, payer.homeRegion(), PaymentModality.PIX, at, amount),
              Scenario.VELOCITY_BURST));
    }
    return records;
  }

  private List<GeneratedRecord> accountTakeover(Instant time) {
    for (int attempt = 0; attempt < MAX_PAYER_ATTEMPTS; attempt++) {
      int payerIndex = randomUserIndex();
      UserProfile payer = users.get(payerIndex);
      BigDecimal high =
          TAKEOVER_MAX_AMOUNT.min(payer.balance()).min(payer.limitFor(PaymentModality.PIX));
      WeightedSampler<Region> far = farRegions.get(payer.homeRegion());
      if (far == null || high.compareTo(TAKEOVER_MIN_AMOUNT) < 0) {
        continue;
      }
      Region region = far.sample(random);
      BigDecimal amount =
          Sampling.uniformAmount(random, TAKEOVER_MIN_AMOUNT, high.setScale(2, RoundingMode.DOWN));
      return List.of(
          drafts.valid(
              drafts.transaction(payerIndex, region, PaymentModality.PIX, time, amount),
              Scenario.ACCOUNT_TAKEOVER));
    }
    return List.of(drafts.normal(time));
  }

  private List<GeneratedRecord> balanceDrain(Instant time) {
    for (int attempt = 0; attempt < MAX_PAYER_ATTEMPTS; attempt++) {
      int payerIndex = randomUserIndex();
      UserProfile payer = users.get(payerIndex);
      long limit =
          Sampling.toCents(payer.limitFor(PaymentModality.TED).setScale(2, RoundingMode.DOWN));
      long balance = Sampling.toCents(payer.balance().setScale(2, RoundingMode.CEILING));
      // Strictly more than 1.2 times the balance, and at least one cent per payment.
      long minTotal =
          new BigDecimal(balance)
                  .multiply(DRAIN_MIN_FACTOR)
                  .setScale(0, RoundingMode.FLOOR)
                  .longValueExact()
              + 1;
      int count = random.nextInt(DRAIN_MIN_RECORDS, DRAIN_MAX_RECORDS + 1);
      while (count < DRAIN_MAX_RECORDS && count * limit < minTotal) {
        count++;
      }
      minTotal = Math.max(minTotal, count);
      if (limit <= 0 || count * limit < minTotal) {
        continue;
      }
      long maxTotal =
          Math.min(
              count * limit,
              new BigDecimal(balance)
                  .multiply(DRAIN_MAX_FACTOR)
                  .setScale(0, RoundingMode.FLOOR)
                  .longValueExact());
      long total = Sampling.uniformCents(random, minTotal, Math.max(minTotal, maxTotal));
      long[] parts = split(total, count, limit);
      List<GeneratedRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Instant at = i == 0 ? time : clock.nextInBurst();
        records.add(
            drafts.valid(
                drafts.transaction(
                    payerIndex,
                    payer.homeRegion(),
                    PaymentModality.TED,
                    at,
                    Sampling.ofCents(parts[i])),
                Scenario.BALANCE_DRAIN));
      }
      return records;
    }
    return List.of(drafts.normal(time));
  }

  /**
   * {@code total} cents split into {@code count} parts of 1 to {@code max} cents each, jittered
   * around an even split; requires {@code count <= total <= count * max}.
   */
  private long[] split(long total, int count, long max) {
    long[] parts = new long[count];
    long sum = 0;
    for (int i = 0; i < count; i++) {
      double share = (double) total / count * (0.7 + 0.6 * random.nextDouble());
      parts[i] = Math.max(1, Math.min(max, (long) share));
      sum += parts[i];
    }
    // Move the difference onto the parts that have room, in order.
    for (int i = 0; sum != total && i < count; i++) {
      long change =
          sum < total
              ? Math.min(total - sum, max - parts[i])
              : -Math.min(sum - total, parts[i] - 1);
      parts[i] += change;
      sum += change;
    }
    return parts;
  }

  private List<GeneratedRecord> limitProbing(Instant time) {
    int payerIndex = randomUserIndex();
    UserProfile payer = users.get(payerIndex);
    PaymentModality modality = MODALITIES[random.nextInt(MODALITIES.length)];
    BigDecimal limit = payer.limitFor(modality);
    long low = Sampling.toCents(limit.setScale(2, RoundingMode.FLOOR)) + 1;
    long high =
        Math.max(
            low,
            Sampling.toCents(limit.multiply(PROBING_MAX_FACTOR).setScale(2, RoundingMode.FLOOR)));
    int count = random.nextInt(PROBING_MIN_RECORDS, PROBING_MAX_RECORDS + 1);
    List<GeneratedRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant at = i == 0 ? time : clock.nextInBurst();
      BigDecimal amount = Sampling.ofCents(Sampling.uniformCents(random, low, high));
      records.add(
          drafts.valid(
              drafts.transaction(payerIndex, payer.homeRegion(), modality, at, amount),
              Scenario.LIMIT_PROBING));
    }
    return records;
  }

  private List<GeneratedRecord> nightPix(Instant time) {
    int payerIndex = -1;
    BigDecimal high = NIGHT_PIX_MAX_AMOUNT;
    for (int attempt = 0; attempt < MAX_PAYER_ATTEMPTS; attempt++) {
      payerIndex = randomUserIndex();
      UserProfile payer = users.get(payerIndex);
      BigDecimal room =
          NIGHT_PIX_MAX_AMOUNT.min(payer.balance()).min(payer.limitFor(PaymentModality.PIX));
      if (room.compareTo(NIGHT_PIX_MIN_AMOUNT) >= 0) {
        high = room.setScale(2, RoundingMode.DOWN);
        break;
      }
    }
    UserProfile payer = users.get(payerIndex);
    BigDecimal amount = Sampling.uniformAmount(random, NIGHT_PIX_MIN_AMOUNT, high);
    return List.of(
        drafts.valid(
            drafts.transaction(payerIndex, payer.homeRegion(), PaymentModality.PIX, time, amount),
            Scenario.NIGHT_PIX));
  }

  private int randomUserIndex() {
    return random.nextInt(users.size());
  }

  /** {@code amount}, or one cent if it is not positive (only for hand-made users' limits). */
  private static BigDecimal positive(BigDecimal amount) {
    return amount.signum() > 0 ? amount : Sampling.ofCents(1);
  }
}
