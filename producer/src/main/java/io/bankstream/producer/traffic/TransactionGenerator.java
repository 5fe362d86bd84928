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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
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
 *
 * <p><b>Pace.</b> Given a {@link PayerPace}, normal traffic also keeps each payer's pace, balance
 * and places within bounds whatever the rate, as {@link PayerPace} describes: a payer paid at least
 * a minute before, an amount within what the payer has, one UF away from home. That takes a {@link
 * PayerBook} of every user, and the book's away UFs are drawn from {@code random} when the
 * generator is made. Without one (the constructor without it) payers are uniform and amounts and
 * UFs independent of the payer's past, the model the tests of the distributions check.
 */
public final class TransactionGenerator extends CountingRecordSource {

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
  private final Map<UUID, Integer> indexById;
  private final PayerBook book;
  private final TrafficModel model;
  private final EventClock clock;
  private final Random random;
  private final double fraudRate;
  private final double malformedRate;
  private final WeightedSampler<PaymentModality> modalities;
  private final WeightedSampler<Region> regionsByPopulation;
  private final FraudScenarios fraud;
  private final TransactionCodec codec = new TransactionCodec();
  private final ArrayDeque<GeneratedRecord> queue = new ArrayDeque<>();

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
    this(users, model, clock, random, fraudRate, malformedRate, null);
  }

  /**
   * As the constructor without {@code pace}, with normal payers kept within {@code pace} (see the
   * class's Pace paragraph).
   *
   * @throws IllegalArgumentException naming the argument that is out of range
   */
  public TransactionGenerator(
      List<UserProfile> users,
      TrafficModel model,
      EventClock clock,
      Random random,
      double fraudRate,
      double malformedRate,
      PayerPace pace) {
    Objects.requireNonNull(users, "users");
    this.model = Objects.requireNonNull(model, "model");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.users = List.copyOf(users);
    if (this.users.size() < 2) {
      throw new IllegalArgumentException("users must hold at least 2 users: " + users.size());
    }
    this.indexById = new HashMap<>(this.users.size() * 2);
    for (int i = 0; i < this.users.size(); i++) {
      if (indexById.put(this.users.get(i).id(), i) != null) {
        throw new IllegalArgumentException(
            "users holds the id " + this.users.get(i).id() + " twice");
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
    this.fraud = new FraudScenarios(this.users, clock, random, new ScenarioDrafts());
    this.book = pace == null ? null : new PayerBook(this.users, pace, random);
  }

  /** The next record: the rest of a queued scenario, or a fresh draw. */
  @Override
  protected GeneratedRecord draw() {
    if (queue.isEmpty()) {
      refill();
    }
    return queue.poll();
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
      queue.addAll(fraud.build(allowed.get(random.nextInt(allowed.size())), time));
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
    return fraud.build(scenario, time);
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
    int payer = book == null ? randomUserIndex() : book.drawPayer(time, random);
    return valid(normalTransaction(payer, time), Scenario.NORMAL);
  }

  private Transaction normalTransaction(int payerIndex, Instant time) {
    UserProfile payer = users.get(payerIndex);
    Region region;
    if (random.nextDouble() < model.homeRegionProbability()) {
      region = payer.homeRegion();
    } else {
      region = book == null ? regionsByPopulation.sample(random) : book.awayRegion(payerIndex);
    }
    PaymentModality modality = modalities.sample(random);
    BigDecimal amount = normalAmount(payerIndex, modality, time);
    return transaction(payerIndex, region, modality, time, amount);
  }

  /**
   * A log-normal amount, redrawn up to {@link TrafficModel#MAX_RESAMPLES} times while above the cap
   * (the limit; for a PIX at night also R$ 1,000; under a pace also what the payer has), then
   * clamped to it.
   */
  private BigDecimal normalAmount(int payerIndex, PaymentModality modality, Instant time) {
    BigDecimal cap = users.get(payerIndex).limitFor(modality);
    if (book != null) {
      cap = cap.min(book.available(payerIndex));
    }
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
  // Malformed records.

  private GeneratedRecord malformed(MalformedKind kind, Instant time) {
    Transaction base = normalTransaction(randomUserIndex(), time);
    if (kind == MalformedKind.UNKNOWN_USER) {
      UUID stranger = Sampling.uuid(random);
      while (indexById.containsKey(stranger)) {
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

  /** The record of a valid transaction; under a pace, booked as paid (a normal one as credited). */
  private GeneratedRecord valid(Transaction transaction, Scenario scenario) {
    if (book != null) {
      book.pay(
          indexById.get(transaction.payerId()),
          indexById.get(transaction.receiverId()),
          transaction.amount(),
          transaction.eventTime(),
          scenario == Scenario.NORMAL);
    }
    return new GeneratedRecord(
        transaction.payerId().toString(), codec.encode(transaction), scenario.label(), transaction);
  }

  /** The generator's transactions and records, as the fraud scenarios build on them. */
  private final class ScenarioDrafts implements FraudScenarios.Drafts {

    @Override
    public Transaction transaction(
        int payerIndex, Region region, PaymentModality modality, Instant time, BigDecimal amount) {
      return TransactionGenerator.this.transaction(payerIndex, region, modality, time, amount);
    }

    @Override
    public GeneratedRecord valid(Transaction transaction, Scenario scenario) {
      return TransactionGenerator.this.valid(transaction, scenario);
    }

    @Override
    public GeneratedRecord normal(Instant time) {
      return TransactionGenerator.this.normal(time);
    }
  }
}
