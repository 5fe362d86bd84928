package io.bankstream.producer.traffic;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Generates the labelled stream that {@code ./bankstream produce} publishes: normal transactions
 * drawn from a {@link TrafficModel}, fraud {@link Scenario}s and {@link MalformedKind malformed}
 * records, one {@link GeneratedRecord} per {@link #next()} call. Everything random comes from the
 * injected {@link Random} and every event time from the injected {@link EventClock}, so the same
 * users, seed and clock give the same records, byte for byte. A scenario of several records is
 * queued and handed out by the following calls, so its records are consecutive. Not thread-safe.
 *
 * <p><b>Rates are fractions of records.</b> Each time the queue is empty the generator draws the
 * next event time {@code t} and one uniform number that picks malformed, fraud or normal. Let
 * {@code M = malformedRate}, {@code F = fraudRate} and {@code S} the mean size ({@link
 * Scenario#meanSize()}) of the fraud scenarios allowed at {@code t}, picked with equal weight
 * (6.125 by day, 5.1 at night when {@code NIGHT_PIX} is allowed too). With probabilities {@code a}
 * (malformed, 1 record), {@code b} (fraud, {@code S} records on average) and {@code 1 - a - b}
 * (normal, 1 record), a draw yields on average {@code E = 1 + b(S - 1)} records; asking for the
 * shares {@code a / E = M} and {@code b S / E = F} gives
 *
 * <pre>
 *   E = S / (S(1 - F) + F),   a = M S / (S(1 - F) + F),   b = F / (S(1 - F) + F).
 * </pre>
 *
 * <p>({@code b} is the probability {@code f / (S(1 - f) + f)} of starting a fraud scenario; the
 * malformed probability is scaled by the same {@code E} so that fraud bursts do not dilute the
 * malformed share.) Since {@code b S = F E} holds at every hour, the shares hold over the whole
 * stream even though {@code S} changes between day and night. A fraud scenario that falls back to a
 * normal record (no suitable payer) makes the fraud share slightly lower; with generated users that
 * is very rare.
 *
 * <p><b>Night.</b> {@link TrafficModel#isNight} is the window [20:00, 06:00) in São Paulo. Since a
 * rule could read its ends either way, the generator is conservative on both sides: the R$ 1,000
 * cap on a normal PIX applies on the closed window [20:00, 06:00], and {@code NIGHT_PIX} is only
 * chosen in the open window (20:00, 06:00).
 *
 * <p><b>Valid by construction.</b> Every normal and fraud record's value is {@code
 * TransactionCodec.encode} of its {@link GeneratedRecord#transaction()}, with distinct payer and
 * receiver drawn from the users; the key is the payer's id. Normal records are compliant with
 * {@code LIMITE} and {@code PIX_NOTURNO} (see {@link TrafficModel}); {@code VELOCIDADE} is met as
 * long as the user count is large against the rate (one payer of {@code N} users makes on average
 * {@code rate / N} records per second), and {@code RISCO} depends on the pipeline's formula.
 */
public final class TransactionGenerator {

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

  private static final List<Scenario> DAY_SCENARIOS =
      List.of(
          Scenario.VELOCITY_BURST,
          Scenario.ACCOUNT_TAKEOVER,
          Scenario.BALANCE_DRAIN,
          Scenario.LIMIT_PROBING);
  private static final List<Scenario> NIGHT_SCENARIOS =
      List.of(
          Scenario.VELOCITY_BURST,
          Scenario.ACCOUNT_TAKEOVER,
          Scenario.BALANCE_DRAIN,
          Scenario.LIMIT_PROBING,
          Scenario.NIGHT_PIX);
  private static final MalformedKind[] MALFORMED_KINDS = MalformedKind.values();
  private static final PaymentModality[] MODALITIES = PaymentModality.values();

  private final List<UserProfile> users;
  private final Set<UUID> userIds;
  private final TrafficModel model;
  private final EventClock clock;
  private final Random random;
  private final double fraudRate;
  private final double malformedRate;
  private final WeightedSampler<PaymentModality> modalities;
  private final WeightedSampler<Region> regionsByPopulation;
  private final Map<Region, WeightedSampler<Region>> farRegions = new EnumMap<>(Region.class);
  private final TransactionCodec codec = new TransactionCodec();
  private final ArrayDeque<GeneratedRecord> queue = new ArrayDeque<>();
  private final Map<String, Long> countsByLabel = new TreeMap<>();
  private long generated;

  /**
   * A generator over {@code users} (at least 2, distinct ids; their order matters for
   * reproducibility) with the given traffic model, event clock, randomness, and shares of fraud and
   * malformed records ({@code 0 <= rate}, {@code fraudRate + malformedRate < 1}).
   *
   * @throws IllegalArgumentException naming the argument that is out of range
   */
  public TransactionGenerator(
      List<UserProfile> users,
      TrafficModel model,
      EventClock clock,
      Random random,
      double fraudRate,
      double malformedRate) {
    Objects.requireNonNull(users, "users");
    this.model = Objects.requireNonNull(model, "model");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.users = List.copyOf(users);
    if (this.users.size() < 2) {
      throw new IllegalArgumentException("users must hold at least 2 users: " + users.size());
    }
    this.userIds = new HashSet<>();
    for (UserProfile user : this.users) {
      if (!userIds.add(user.id())) {
        throw new IllegalArgumentException("users holds the id " + user.id() + " twice");
      }
    }
    if (!(fraudRate >= 0 && fraudRate < 1)) {
      throw new IllegalArgumentException("fraudRate must be in [0, 1): " + fraudRate);
    }
    if (!(malformedRate >= 0 && malformedRate < 1)) {
      throw new IllegalArgumentException("malformedRate must be in [0, 1): " + malformedRate);
    }
    if (!(fraudRate + malformedRate < 1)) {
      throw new IllegalArgumentException(
          "fraudRate + malformedRate must be below 1: " + fraudRate + " + " + malformedRate);
    }
    this.fraudRate = fraudRate;
    this.malformedRate = malformedRate;
    double[] mix = new double[MODALITIES.length];
    for (int i = 0; i < MODALITIES.length; i++) {
      mix[i] = model.modalityMix().get(MODALITIES[i]);
    }
    this.modalities = new WeightedSampler<>(List.of(MODALITIES), mix);
    this.regionsByPopulation = Sampling.regionsByPopulation();
    for (Region home : Region.values()) {
      WeightedSampler<Region> far =
          Sampling.regionsByPopulation(Sampling.regionsAtLeast(home, TAKEOVER_MIN_DISTANCE_KM));
      if (far != null) {
        farRegions.put(home, far);
      }
    }
  }

  /** The next record: the rest of a queued scenario, or a fresh draw. */
  public GeneratedRecord next() {
    if (queue.isEmpty()) {
      refill();
    }
    GeneratedRecord record = queue.poll();
    generated++;
    countsByLabel.merge(record.label(), 1L, Long::sum);
    return record;
  }

  /** How many records {@link #next()} has returned. */
  public long generated() {
    return generated;
  }

  /** How many records {@link #next()} has returned per label, sorted by label; a snapshot. */
  public Map<String, Long> countsByLabel() {
    return Collections.unmodifiableMap(new TreeMap<>(countsByLabel));
  }

  private void refill() {
    Instant time = clock.next();
    List<Scenario> allowed = allowedFraudScenarios(time);
    double meanSize = meanSize(allowed);
    double denominator = meanSize * (1 - fraudRate) + fraudRate;
    double malformedProbability = malformedRate * meanSize / denominator;
    double fraudProbability = fraudRate / denominator;
    double u = random.nextDouble();
    if (u < malformedProbability) {
      queue.add(malformed(MALFORMED_KINDS[random.nextInt(MALFORMED_KINDS.length)], time));
    } else if (u < malformedProbability + fraudProbability) {
      queue.addAll(scenario(allowed.get(random.nextInt(allowed.size())), time));
    } else {
      queue.add(normal(time));
    }
  }

  /**
   * Test hook: the records of one occurrence of {@code scenario} at the clock's next time, not
   * counted and not queued. Throws if {@code NIGHT_PIX} is asked for by day.
   */
  List<GeneratedRecord> generateScenario(Scenario scenario) {
    Instant time = clock.next();
    if (scenario == Scenario.NIGHT_PIX && !surelyNight(time)) {
      throw new IllegalStateException("NIGHT_PIX needs a night event time, not " + time);
    }
    return scenario(scenario, time);
  }

  /** Test hook: one {@code kind} record at the clock's next time, not counted and not queued. */
  GeneratedRecord generateMalformed(MalformedKind kind) {
    return malformed(kind, clock.next());
  }

  /** The fraud scenarios allowed at {@code time}: {@code NIGHT_PIX} only at night. */
  static List<Scenario> allowedFraudScenarios(Instant time) {
    return surelyNight(time) ? NIGHT_SCENARIOS : DAY_SCENARIOS;
  }

  /**
   * Whether a PIX at {@code time} may fall under {@code PIX_NOTURNO} under any reading of the
   * window's ends: [20:00, 06:00].
   */
  static boolean mayBeNight(Instant time) {
    return TrafficModel.isNight(time)
        || LocalTime.ofInstant(time, TrafficModel.ZONE).equals(TrafficModel.NIGHT_END);
  }

  /** Whether {@code time} is night under every reading of the window's ends: (20:00, 06:00). */
  static boolean surelyNight(Instant time) {
    return TrafficModel.isNight(time)
        && !LocalTime.ofInstant(time, TrafficModel.ZONE).equals(TrafficModel.NIGHT_START);
  }

  private static double meanSize(List<Scenario> scenarios) {
    double sum = 0;
    for (Scenario scenario : scenarios) {
      sum += scenario.meanSize();
    }
    return sum / scenarios.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Normal traffic.

  private GeneratedRecord normal(Instant time) {
    return valid(normalTransaction(randomUserIndex(), time), Scenario.NORMAL);
  }

  private Transaction normalTransaction(int payerIndex, Instant time) {
    UserProfile payer = users.get(payerIndex);
    Region region =
        random.nextDouble() < model.homeRegionProbability()
            ? payer.homeRegion()
            : regionsByPopulation.sample(random);
    PaymentModality modality = modalities.sample(random);
    BigDecimal amount = normalAmount(payer, modality, time);
    return transaction(payerIndex, region, modality, time, amount);
  }

  /**
   * A log-normal amount, redrawn up to {@link TrafficModel#MAX_RESAMPLES} times while above the cap
   * (the limit; for a PIX at night also R$ 1,000), then clamped to it.
   */
  private BigDecimal normalAmount(UserProfile payer, PaymentModality modality, Instant time) {
    BigDecimal cap = payer.limitFor(modality);
    if (modality == PaymentModality.PIX && mayBeNight(time)) {
      cap = cap.min(TrafficModel.NIGHT_PIX_CAP);
    }
    LogNormal distribution = model.amounts().get(modality);
    for (int draw = 0; draw <= TrafficModel.MAX_RESAMPLES; draw++) {
      BigDecimal amount = Sampling.cents(distribution.sample(random)).max(TrafficModel.MIN_AMOUNT);
      if (amount.compareTo(cap) <= 0) {
        return amount;
      }
    }
    // A limit below one cent cannot be met by a positive amount; only hand-made users have one.
    return cap.signum() > 0 ? cap.setScale(Money.SCALE, RoundingMode.DOWN) : Sampling.ofCents(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Fraud scenarios.

  private List<GeneratedRecord> scenario(Scenario scenario, Instant time) {
    return switch (scenario) {
      case NORMAL -> List.of(normal(time));
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
          valid(
              transaction(payerIndex, payer.homeRegion(), PaymentModality.PIX, at, amount),
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
          valid(
              transaction(payerIndex, region, PaymentModality.PIX, time, amount),
              Scenario.ACCOUNT_TAKEOVER));
    }
    return List.of(normal(time));
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
            valid(
                transaction(
                    payerIndex,
                    payer.homeRegion(),
                    PaymentModality.TED,
                    at,
                    Sampling.ofCents(parts[i])),
                Scenario.BALANCE_DRAIN));
      }
      return records;
    }
    return List.of(normal(time));
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
          valid(
              transaction(payerIndex, payer.homeRegion(), modality, at, amount),
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
        valid(
            transaction(payerIndex, payer.homeRegion(), PaymentModality.PIX, time, amount),
            Scenario.NIGHT_PIX));
  }

  // ---------------------------------------------------------------------------------------------
  // Malformed records.

  private GeneratedRecord malformed(MalformedKind kind, Instant time) {
    Transaction base = normalTransaction(randomUserIndex(), time);
    if (kind == MalformedKind.UNKNOWN_USER) {
      UUID stranger = Sampling.uuid(random);
      while (userIds.contains(stranger)) {
        stranger = Sampling.uuid(random);
      }
      Transaction unknown =
          new Transaction(
              base.id(),
              stranger,
              base.receiverId(),
              base.region(),
              base.modality(),
              base.eventTime(),
              base.amount());
      return new GeneratedRecord(stranger.toString(), codec.encode(unknown), kind.label(), unknown);
    }
    byte[] body = MalformedBodies.body(kind, base, codec.encode(base), random);
    return new GeneratedRecord(base.payerId().toString(), body, kind.label(), null);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces.

  private int randomUserIndex() {
    return random.nextInt(users.size());
  }

  /** A transaction by the user at {@code payerIndex} to a uniformly drawn other user. */
  private Transaction transaction(
      int payerIndex, Region region, PaymentModality modality, Instant time, BigDecimal amount) {
    int receiverIndex = random.nextInt(users.size() - 1);
    if (receiverIndex >= payerIndex) {
      receiverIndex++;
    }
    return new Transaction(
        Sampling.uuid(random),
        users.get(payerIndex).id(),
        users.get(receiverIndex).id(),
        region,
        modality,
        time,
        amount);
  }

  private GeneratedRecord valid(Transaction transaction, Scenario scenario) {
    return new GeneratedRecord(
        transaction.payerId().toString(), codec.encode(transaction), scenario.label(), transaction);
  }

  /** {@code amount}, or one cent if it is not positive (only for hand-made users' limits). */
  private static BigDecimal positive(BigDecimal amount) {
    return amount.signum() > 0 ? amount : Sampling.ofCents(1);
  }
}
