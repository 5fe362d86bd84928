package io.bankstream.core.rules;

import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.RuleCode;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decides one transaction: given the transaction, its payer's profile and what the rules remember
 * about the payer ({@link PayerState}), returns the {@link Decision} and the payer's next state. A
 * pure, deterministic function of its inputs and the {@link RulesConfig}: no clock (the time of a
 * transaction is its event time), no randomness, {@link StrictMath} for every logarithm, so every
 * runner reaches the same decision. All times of day are in America/Sao_Paulo.
 *
 * <p>The {@code default} profile evaluates all five rules, so a rejection lists every rule that
 * rejects, in {@link RuleCode} order:
 *
 * <table>
 *   <caption>Default profile (every number is read from the rules file)</caption>
 *   <tr><th>code</th><th>rejects when</th><th>defaults</th></tr>
 *   <tr><td>{@code SALDO}</td><td>amount &gt; baseline balance − approved total: the payer's
 *       {@code saldo} when the pipeline first saw it, minus the payer's amounts approved since</td>
 *       <td>no parameter</td></tr>
 *   <tr><td>{@code LIMITE}</td><td>amount &gt; the payer's limit for the modality</td>
 *       <td>no parameter</td></tr>
 *   <tr><td>{@code PIX_NOTURNO}</td><td>modality is PIX, and the event time is in [nightStart,
 *       24:00) ∪ [00:00, nightEnd), and amount &gt; limit</td><td>20:00, 06:00,
 *       R$ 1,000.00</td></tr>
 *   <tr><td>{@code VELOCIDADE}</td><td>the payer's transactions already seen (approved or not) with
 *       event time in (t − window, t] number maxTransactions or more</td><td>10 in 60 s: the 11th
 *       and later are rejected</td></tr>
 *   <tr><td>{@code RISCO}</td><td>score &gt; threshold, where score = w<sub>d</sub>·distance +
 *       w<sub>a</sub>·amount + w<sub>h</sub>·hour, rounded to 4 decimals</td><td>threshold 0.8;
 *       w<sub>d</sub> 0.40, w<sub>a</sub> 0.45, w<sub>h</sub> 0.15</td></tr>
 *   <tr><td>distance</td><td>min(1, km / distanceScaleKm), km = great-circle distance between
 *       the capitals of the transaction's UF and the payer's home UF</td><td>1,500 km</td></tr>
 *   <tr><td>amount</td><td>clamp(log<sub>10</sub>(amount / usual) / log<sub>10</sub>(
 *       amountRatioScale), 0, 1); usual = e<sup>ema</sup>, ema = moving average of ln(amount) of
 *       the payer's approved transactions of the modality, ema ← ema + α·(ln amount − ema), before
 *       this transaction, starting at ln(default usual amount)</td><td>ratio scale 10, α 0.2;
 *       usual PIX 80, BOLETO 250, TED 1,500, DOC 800</td></tr>
 *   <tr><td>hour</td><td>hourRisk[hour of day]</td><td>1.0 for 00:00–05:59, 0 for 06:00–19:59,
 *       0.5 for 20:00–23:59</td></tr>
 * </table>
 *
 * <p>The default profile then checks the version's aggregate limits ({@link RulesConfig#limits()}),
 * in the order they are declared, each rejecting with its own code: the payer's {@code sum} of
 * approved amounts, {@code count} of transactions or number of {@code distinctUfs} over (t −
 * window, t], this transaction included, above {@code max}.
 *
 * <p>The {@code seed} profile is the university seed's rule as its code computes it ({@code
 * streaming_etl.py}): approved when saldo &gt; amount, amount &lt; the modality's limit and
 * t5·t6·t7/3 ≤ threshold, all three checked, every comparison strict as the seed's.
 *
 * <table>
 *   <caption>Seed profile</caption>
 *   <tr><th>code</th><th>rejects when</th><th>defaults</th></tr>
 *   <tr><td>{@code SALDO}</td><td>amount ≥ the payer's static balance: {@code saldo +
 *       total_debitado} as last read, which the seed profile's own approvals never lower (the seed
 *       never debited); and, as the ledger may not go below zero, also amount &gt; the available
 *       balance of the default profile</td><td>no parameter</td></tr>
 *   <tr><td>{@code LIMITE}</td><td>amount ≥ the payer's limit for the modality</td>
 *       <td>no parameter</td></tr>
 *   <tr><td>{@code RISCO}</td><td>t5·t6·t7 / 3 &gt; threshold, the score rounded to 4 decimals;
 *       t5 = √(Δlat² + Δlon²), the Euclidean distance in degrees between the capitals of the
 *       transaction's UF and the payer's home UF; t6 = 1 if amount &gt; largeAmount else 0; t7 =
 *       (hour − 12) / 12, signed, hour = the hour of day 0 to 23 in hourZone</td><td>threshold 6,
 *       largeAmount R$ 2,000.00, hourZone UTC</td></tr>
 * </table>
 *
 * <p>Whatever the profile, the decision carries the risk score and its components rounded to 4
 * decimals ({@code distance}, {@code amount}, {@code hour}, plus {@code distanceKm} to 0.1 km and
 * {@code usualAmount} to the cent for explanation; or {@code t5}, {@code t6}, {@code t7}), and the
 * payer's next state: an approved transaction adds its amount to the approved total and teaches the
 * usual amount; every transaction is remembered for the velocity window and the aggregate limits.
 *
 * <p>Out-of-order events: the order in which transactions are evaluated (the payer's Kafka order)
 * decides, not their event times. A transaction evaluated after one with a later event time sees
 * the balance and usual amount the earlier-evaluated ones left, and is counted against the event
 * times the velocity state still remembers: those within one window of the latest, at most {@code
 * maxTransactions} of them (see {@link PayerState}). So {@code VELOCIDADE} is exact for events in
 * event-time order and never rejects an event strictly earlier than the payer's latest one.
 */
public final class ApprovalEngine implements Serializable {

  /** Decimal places of the risk score and its components. */
  public static final int SCORE_SCALE = 4;

  private static final double NOON = 12.0;

  private final RulesConfig config;
  private final int version;

  /** An engine applying {@code config} as the start-up rules, version 0. */
  public ApprovalEngine(RulesConfig config) {
    this(config, 0);
  }

  /**
   * An engine applying {@code config} as rules version {@code version}, which every decision
   * records.
   */
  public ApprovalEngine(RulesConfig config, int version) {
    this.config = Objects.requireNonNull(config, "config");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    this.version = version;
  }

  /** The rules version this engine's decisions record. */
  public int version() {
    return version;
  }

  /** The configuration this engine applies. */
  public RulesConfig config() {
    return config;
  }

  /**
   * The outcome of {@link #evaluate}: the decision on the transaction, and the payer's state to
   * keep for its next one.
   *
   * @param decision approved or rejected, with the rules that rejected and the risk score
   * @param next the payer's state after this transaction
   */
  public record Evaluation(Decision decision, PayerState next) implements Serializable {
    public Evaluation {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(next, "next");
    }
  }

  /**
   * Decides {@code tx} under the configured profile.
   *
   * @param tx the transaction; its event time is the only time the rules use
   * @param payer the profile of {@code tx}'s payer: home UF and limits (its balance is used only
   *     through {@code state})
   * @param state what the rules remember about the payer, {@link PayerState#initial} the first time
   * @return the decision and the payer's next state
   * @throws IllegalArgumentException if {@code payer} is not the payer of {@code tx}
   */
  public Evaluation evaluate(Transaction tx, UserProfile payer, PayerState state) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(state, "state");
    if (!tx.payerId().equals(payer.id())) {
      throw new IllegalArgumentException(
          "payer " + payer.id() + " is not the payer of transaction " + tx.id());
    }
    List<String> rejectedBy = new ArrayList<>();
    Risk risk =
        config.profile() == RuleProfile.SEED
            ? seedRules(tx, payer, state, rejectedBy)
            : defaultRules(tx, payer, state, rejectedBy);
    boolean approved = rejectedBy.isEmpty();
    Decision decision =
        new Decision(
            approved, rejectedBy, risk.score(), risk.components(), config.profile().id(), version);
    return new Evaluation(decision, state.after(tx, approved, config));
  }

  /** The default profile's rules, in {@link RuleCode} order, then the aggregate limits. */
  private Risk defaultRules(
      Transaction tx, UserProfile payer, PayerState state, List<String> rejectedBy) {
    BigDecimal amount = tx.amount();
    if (amount.compareTo(state.availableBalance()) > 0) {
      rejectedBy.add(RuleCode.SALDO.name());
    }
    if (amount.compareTo(payer.limitFor(tx.modality())) > 0) {
      rejectedBy.add(RuleCode.LIMITE.name());
    }
    if (tx.modality() == PaymentModality.PIX
        && config.pixNoturno().isNight(tx.eventTime())
        && amount.compareTo(config.pixNoturno().limit()) > 0) {
      rejectedBy.add(RuleCode.PIX_NOTURNO.name());
    }
    Instant time = tx.eventTime();
    if (state.eventsBetween(time.minus(config.velocidade().window()), time)
        >= config.velocidade().maxTransactions()) {
      rejectedBy.add(RuleCode.VELOCIDADE.name());
    }
    Risk risk = defaultRisk(tx, payer, state);
    if (risk.score() > config.risco().threshold()) {
      rejectedBy.add(RuleCode.RISCO.name());
    }
    for (RulesConfig.AggregateLimit limit : config.limits()) {
      if (limit.covers(tx.modality()) && state.measure(limit, tx).compareTo(limit.max()) > 0) {
        rejectedBy.add(limit.code());
      }
    }
    return risk;
  }

  /**
   * The seed's three checks, each strict as the seed's code wrote it, and the ledger's own guard:
   * see the class comment.
   */
  private Risk seedRules(
      Transaction tx, UserProfile payer, PayerState state, List<String> rejectedBy) {
    BigDecimal amount = tx.amount();
    if (!(state.baselineBalance().compareTo(amount) > 0)
        || amount.compareTo(state.availableBalance()) > 0) {
      rejectedBy.add(RuleCode.SALDO.name());
    }
    if (!(amount.compareTo(payer.limitFor(tx.modality())) < 0)) {
      rejectedBy.add(RuleCode.LIMITE.name());
    }
    Risk risk = seedRisk(tx, payer, config.seed());
    if (risk.score() > config.seed().threshold()) {
      rejectedBy.add(RuleCode.RISCO.name());
    }
    return risk;
  }

  private Risk defaultRisk(Transaction tx, UserProfile payer, PayerState state) {
    RulesConfig.Risco risco = config.risco();
    double distanceKm = tx.region().distanceKm(payer.homeRegion());
    double distance = Math.min(1.0, distanceKm / risco.distanceScaleKm());
    double usual = state.usualAmount(tx.modality(), risco.usualAmount(tx.modality()));
    double ratio = tx.amount().doubleValue() / usual;
    double amount =
        clamp(StrictMath.log10(ratio) / StrictMath.log10(risco.amountRatioScale()), 0.0, 1.0);
    double hour = risco.hourRiskAt(tx.eventTime());
    double score =
        risco.weights().distance() * distance
            + risco.weights().amount() * amount
            + risco.weights().hour() * hour;
    Map<String, Double> components = new TreeMap<>();
    components.put("distance", round(distance, SCORE_SCALE));
    components.put("amount", round(amount, SCORE_SCALE));
    components.put("hour", round(hour, SCORE_SCALE));
    components.put("distanceKm", round(distanceKm, 1));
    components.put("usualAmount", round(usual, 2));
    return new Risk(round(score, SCORE_SCALE), components);
  }

  private static Risk seedRisk(Transaction tx, UserProfile payer, RulesConfig.Seed seed) {
    Region from = tx.region();
    Region home = payer.homeRegion();
    double dLat = from.latitude() - home.latitude();
    double dLon = from.longitude() - home.longitude();
    double t5 = StrictMath.sqrt(dLat * dLat + dLon * dLon);
    double t6 = tx.amount().compareTo(seed.largeAmount()) > 0 ? 1.0 : 0.0;
    int hourOfDay = LocalTime.ofInstant(tx.eventTime(), seed.hourZone()).getHour();
    double t7 = (hourOfDay - NOON) / NOON;
    Map<String, Double> components = new TreeMap<>();
    components.put("t5", round(t5, SCORE_SCALE));
    components.put("t6", t6);
    components.put("t7", round(t7, SCORE_SCALE));
    return new Risk(round(t5 * t6 * t7 / 3.0, SCORE_SCALE), components);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  /** {@code value} rounded half-up to {@code places} decimals (decimal, not binary, rounding). */
  static double round(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  private record Risk(double score, Map<String, Double> components) {}
}
