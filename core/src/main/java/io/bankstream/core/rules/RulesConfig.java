package io.bankstream.core.rules;

import io.bankstream.model.Decision;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.RuleCode;
import io.bankstream.model.json.TransactionCodec;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every number the approval rules use, as data laid out as the rules file is: the profile that
 * decides, then one record per section of the file ({@link PixNoturno}, {@link Velocidade}, {@link
 * Risco}, {@link Seed}, a list of {@link AggregateLimit}s) whose components are that section's
 * keys. {@link RulesLoader} binds a rules file onto these records; {@link #defaults()} is the
 * bundled {@code rules/default-rules.yaml}, which also says what each value means. Each record's
 * constructor refuses a value the rules cannot use with a {@link RulesConfigException} naming the
 * field by its path in the file ({@code risco.weights.amount}), so an invalid configuration never
 * reaches a decision. {@code SALDO} and {@code LIMITE} have no parameter: the balance and the
 * limits come from the payer.
 *
 * @param profile the rule set that decides ({@code profile})
 * @param pixNoturno the night and the most a PIX may be in it ({@code pixNoturno})
 * @param velocidade how many transactions a payer may make in a window ({@code velocidade})
 * @param risco the default profile's risk score ({@code risco})
 * @param seed the seed profile's rule ({@code seed})
 * @param limits the default profile's aggregate limits per payer, each with its own code ({@code
 *     limits}), in the order they are checked and listed in a decision
 */
public record RulesConfig(
    RuleProfile profile,
    PixNoturno pixNoturno,
    Velocidade velocidade,
    Risco risco,
    Seed seed,
    List<AggregateLimit> limits)
    implements Serializable {

  /** The zone of the night and of the hour of day: America/Sao_Paulo. */
  public static final ZoneId ZONE = TransactionCodec.LOCAL_ZONE;

  /** The largest {@link Velocidade#maxTransactions()}: it bounds the per-payer state. */
  public static final int MAX_VELOCITY_COUNT = 1_000;

  /** The longest {@link Velocidade#window()}. */
  public static final Duration MAX_VELOCITY_WINDOW = Duration.ofDays(1);

  /** How far from 1 the sum of the three weights may be. */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-9;

  /** Hours in a day: the length of {@link Risco#hourRisk()}. */
  public static final int HOURS_PER_DAY = 24;

  /** The most aggregate limits one rules version may hold. */
  public static final int MAX_LIMITS = 20;

  public RulesConfig {
    require(profile != null, "profile", "must be one of " + profileIds());
    Objects.requireNonNull(pixNoturno, "pixNoturno");
    Objects.requireNonNull(velocidade, "velocidade");
    Objects.requireNonNull(risco, "risco");
    Objects.requireNonNull(seed, "seed");
    require(limits != null, "limits", "must be a list of limits (or [] for none)");
    require(
        limits.size() <= MAX_LIMITS,
        "limits",
        "may hold at most " + MAX_LIMITS + " limits, has " + limits.size());
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      AggregateLimit limit = limits.get(i);
      require(limit != null, "limits[" + i + "]", "has no value");
      require(
          codes.add(limit.code()),
          "limits[" + i + "].code",
          "'" + limit.code() + "' is the code of an earlier limit; each limit needs its own");
    }
    limits = List.copyOf(limits);
  }

  /** The longest window of {@link #limits()}, zero when there is none. */
  public Duration longestLimitWindow() {
    return limits.stream()
        .map(AggregateLimit::window)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /**
   * {@code PIX_NOTURNO}: a PIX made in the night [{@code nightStart}, {@code nightEnd}) in {@link
   * #ZONE}, which crosses midnight when it starts after it ends, may be at most {@code limit}
   * reais.
   */
  public record PixNoturno(LocalTime nightStart, LocalTime nightEnd, BigDecimal limit)
      implements Serializable {
    public PixNoturno {
      require(nightStart != null, "pixNoturno.nightStart", "must be a time of day");
      require(nightEnd != null, "pixNoturno.nightEnd", "must be a time of day");
      require(
          !nightEnd.equals(nightStart),
          "pixNoturno.nightEnd",
          "must differ from pixNoturno.nightStart (" + nightStart + "), or the night is empty");
      limit = requireAmount(limit, "pixNoturno.limit");
    }

    /** Whether {@code instant} falls in the night in {@link #ZONE}. */
    public boolean isNight(Instant instant) {
      LocalTime time = LocalTime.ofInstant(instant, ZONE);
      if (nightStart.isAfter(nightEnd)) {
        return !time.isBefore(nightStart) || time.isBefore(nightEnd);
      }
      return !time.isBefore(nightStart) && time.isBefore(nightEnd);
    }
  }

  /**
   * {@code VELOCIDADE}: the transactions beyond {@code maxTransactions} (1 to {@value
   * #MAX_VELOCITY_COUNT}) in any {@code window} of event time (more than 0, at most a day) are
   * rejected.
   */
  public record Velocidade(int maxTransactions, Duration window) implements Serializable {
    public Velocidade {
      require(
          maxTransactions >= 1 && maxTransactions <= MAX_VELOCITY_COUNT,
          "velocidade.maxTransactions",
          "must be a whole number from 1 to " + MAX_VELOCITY_COUNT + ", was " + maxTransactions);
      require(window != null, "velocidade.window", "must be a duration, e.g. 60s");
      require(
          window.compareTo(Duration.ZERO) > 0 && window.compareTo(MAX_VELOCITY_WINDOW) <= 0,
          "velocidade.window",
          "must be more than 0 and at most 24h, was " + window.toMillis() + "ms");
    }
  }

  /**
   * The default profile's {@code RISCO}: the distance, amount and hour components (each scaled by
   * {@code distanceScaleKm}, {@code amountRatioScale} and {@code hourRisk} into [0, 1]) weighted by
   * {@code weights}; a score above {@code threshold} rejects. {@code usualAmount} is a payer's
   * usual amount per modality until it has approved transactions of it, {@code usualAmountAlpha}
   * how fast the usual amount then follows them. The rules file explains each value.
   */
  public record Risco(
      double threshold,
      Weights weights,
      double distanceScaleKm,
      double amountRatioScale,
      double usualAmountAlpha,
      Map<PaymentModality, BigDecimal> usualAmount,
      List<Double> hourRisk)
      implements Serializable {
    public Risco {
      requireUnit(threshold, "risco.threshold");
      Objects.requireNonNull(weights, "weights");
      require(
          Double.isFinite(distanceScaleKm) && distanceScaleKm > 0,
          "risco.distanceScaleKm",
          "must be a positive number of km, was " + format(distanceScaleKm));
      require(
          Double.isFinite(amountRatioScale) && amountRatioScale > 1,
          "risco.amountRatioScale",
          "must be more than 1, was " + format(amountRatioScale));
      require(
          usualAmountAlpha > 0 && usualAmountAlpha <= 1,
          "risco.usualAmountAlpha",
          "must be more than 0 and at most 1, was " + format(usualAmountAlpha));
      require(usualAmount != null, "risco.usualAmount", "must give an amount per modality");
      EnumMap<PaymentModality, BigDecimal> usual = new EnumMap<>(PaymentModality.class);
      for (PaymentModality modality : PaymentModality.values()) {
        String field = "risco.usualAmount." + modality.name();
        BigDecimal amount = usualAmount.get(modality);
        require(amount != null, field, "is missing");
        usual.put(modality, requireAmount(amount, field));
      }
      usualAmount = Collections.unmodifiableMap(usual);
      String hours = "must be a list of " + HOURS_PER_DAY + " numbers";
      require(hourRisk != null, "risco.hourRisk", hours);
      require(
          hourRisk.size() == HOURS_PER_DAY,
          "risco.hourRisk",
          hours + " (hours 0 to 23), has " + hourRisk.size());
      List<Double> checked = new ArrayList<>(HOURS_PER_DAY);
      for (int hour = 0; hour < HOURS_PER_DAY; hour++) {
        Double risk = hourRisk.get(hour);
        requireUnit(risk == null ? Double.NaN : risk, "risco.hourRisk[" + hour + "]");
        checked.add(risk);
      }
      hourRisk = List.copyOf(checked);
    }

    /** A payer's usual amount of {@code modality} before any approved transaction of it. */
    public BigDecimal usualAmount(PaymentModality modality) {
      return usualAmount.get(modality);
    }

    /** The hour component of the score at {@code instant}: its hour of day's {@link #hourRisk}. */
    public double hourRiskAt(Instant instant) {
      return hourRisk.get(LocalTime.ofInstant(instant, ZONE).getHour());
    }
  }

  /** The weights of the risk score's components, each 0 to 1, together summing to 1. */
  public record Weights(double distance, double amount, double hour) implements Serializable {
    public Weights {
      requireUnit(distance, "risco.weights.distance");
      requireUnit(amount, "risco.weights.amount");
      requireUnit(hour, "risco.weights.hour");
      // Summed as decimals, so 0.40 + 0.45 + 0.15 is exactly 1 and a bad sum prints as written.
      BigDecimal sum =
          BigDecimal.valueOf(distance)
              .add(BigDecimal.valueOf(amount))
              .add(BigDecimal.valueOf(hour));
      require(
          sum.subtract(BigDecimal.ONE).abs().doubleValue() <= WEIGHT_SUM_TOLERANCE,
          "risco.weights",
          "must sum to 1, they sum to " + sum.stripTrailingZeros().toPlainString());
    }
  }

  /**
   * The seed profile's rule, as the seed's code computes it: {@code RISCO} when the score {@code t5
   * * t6 * t7 / 3} is above {@code threshold}, where {@code t6} is 1 for an amount above {@code
   * largeAmount} and 0 otherwise, and {@code t7 = (hour - 12) / 12} with the hour of day in {@code
   * hourZone} (the seed's Spark session zone, UTC in its containers).
   */
  public record Seed(double threshold, BigDecimal largeAmount, ZoneId hourZone)
      implements Serializable {
    public Seed {
      require(
          Double.isFinite(threshold) && threshold >= 0,
          "seed.threshold",
          "must be a number, 0 or more, was " + format(threshold));
      largeAmount = requireAmount(largeAmount, "seed.largeAmount");
      require(hourZone != null, "seed.hourZone", "must be a time zone, e.g. UTC");
    }
  }

  /** What an {@link AggregateLimit} measures over its window. */
  public enum Measure {
    /** The sum of the payer's approved amounts, this transaction's included. */
    SUM("sum"),
    /** How many transactions the payer made, approved or not, this one included. */
    COUNT("count"),
    /** How many different UFs the payer's transactions came from, this one's included. */
    DISTINCT_UFS("distinctUfs");

    private final String id;

    Measure(String id) {
      this.id = id;
    }

    /** The measure's name in the rules file: {@code sum}, {@code count} or {@code distinctUfs}. */
    public String id() {
      return id;
    }

    /** The measure named {@code id}, or a {@link RulesConfigException} listing the names. */
    static Measure parse(String id) {
      for (Measure measure : values()) {
        if (measure.id.equals(id)) {
          return measure;
        }
      }
      throw new RulesConfigException("must be one of sum, count, distinctUfs, was '" + id + "'");
    }
  }

  /**
   * An aggregate limit per payer over a window of event time, in the shape banks' limits take: a
   * transaction is rejected with {@code code} when its payer's {@code measure} over ({@code t -
   * window}, {@code t]}, this transaction included, is above {@code max}. {@code modality} {@code
   * ANY} counts and checks every transaction; a modality counts and checks that modality's only.
   *
   * @param code the rule code a rejection lists, e.g. {@code SOMA_PIX_1H}; upper case, not a
   *     built-in code
   * @param description what the limit is for, shown with it; may be empty
   * @param measure what is measured
   * @param window how far back from the transaction's event time (more than 0, at most 24 h)
   * @param max the most the measure may be: an amount for {@code sum}, a whole number otherwise
   * @param modality {@code ANY} or the one modality the limit is about
   */
  public record AggregateLimit(
      String code,
      String description,
      Measure measure,
      Duration window,
      BigDecimal max,
      String modality)
      implements Serializable {

    /** The {@link #modality} that stands for every modality. */
    public static final String ANY = "ANY";

    /** The most transactions a payer's state remembers for the limits (see {@link PayerState}). */
    public static final int MAX_COUNT = 1_000;

    public AggregateLimit {
      require(
          code != null && Decision.CODE.matcher(code).matches(),
          "code",
          "must be 2 to 32 upper-case letters, digits or _, starting with a letter, was "
              + (code == null ? "nothing" : "'" + code + "'"));
      require(
          !RuleCode.isBuiltIn(code),
          "code",
          "'" + code + "' is a built-in rule's code; give the limit its own");
      description = description == null ? "" : description;
      require(measure != null, "measure", "must be one of sum, count, distinctUfs");
      require(window != null, "window", "must be a duration, e.g. 1h");
      require(
          window.compareTo(Duration.ZERO) > 0 && window.compareTo(MAX_VELOCITY_WINDOW) <= 0,
          "window",
          "must be more than 0 and at most 24h, was " + window.toMillis() + "ms");
      require(max != null, "max", "must be a number");
      if (measure == Measure.SUM) {
        max = requireAmount(max, "max");
      } else {
        int most = measure == Measure.COUNT ? MAX_COUNT : Region.values().length - 1;
        require(
            max.stripTrailingZeros().scale() <= 0
                && max.compareTo(BigDecimal.ONE) >= 0
                && max.compareTo(BigDecimal.valueOf(most)) <= 0,
            "max",
            "must be a whole number from 1 to "
                + most
                + " for "
                + measure.id()
                + ", was "
                + max.toPlainString());
        max = max.setScale(0, RoundingMode.UNNECESSARY);
      }
      String given = modality == null ? ANY : modality.trim().toUpperCase(Locale.ROOT);
      require(
          given.equals(ANY) || PaymentModality.fromContract(given).isPresent(),
          "modality",
          "must be ANY or one of PIX, TED, DOC, BOLETO, was '" + modality + "'");
      modality = given.equals(ANY) ? ANY : PaymentModality.fromContract(given).get().name();
    }

    /** Whether this limit counts and checks transactions of {@code candidate}. */
    public boolean covers(PaymentModality candidate) {
      return modality.equals(ANY) || modality.equals(candidate.name());
    }
  }

  /** The rules of {@code rules/default-rules.yaml} on the classpath, the only copy of them. */
  public static RulesConfig defaults() {
    return RulesLoader.defaults();
  }

  /** This configuration with {@code profile} deciding instead. */
  public RulesConfig withProfile(RuleProfile profile) {
    return new RulesConfig(profile, pixNoturno, velocidade, risco, seed, limits);
  }

  /** This configuration with {@code limits} as its aggregate limits instead. */
  public RulesConfig withLimits(List<AggregateLimit> limits) {
    return new RulesConfig(profile, pixNoturno, velocidade, risco, seed, limits);
  }

  /**
   * This configuration with the profile named {@code profileId} ({@code default} or {@code seed})
   * deciding instead, e.g. from a command-line option that overrides the rules file.
   *
   * @throws RulesConfigException naming {@code profile} if {@code profileId} names no profile
   */
  public RulesConfig withProfile(String profileId) {
    return withProfile(parseProfile(profileId));
  }

  /** The profile named {@code profileId}, or a {@link RulesConfigException} naming the field. */
  static RuleProfile parseProfile(String profileId) {
    return RuleProfile.fromId(profileId)
        .orElseThrow(
            () ->
                new RulesConfigException(
                    "profile", "must be one of " + profileIds() + ", was '" + profileId + "'"));
  }

  private static String profileIds() {
    return String.join(", ", Arrays.stream(RuleProfile.values()).map(RuleProfile::id).toList());
  }

  private static void require(boolean condition, String field, String problem) {
    if (!condition) {
      throw new RulesConfigException(field, problem);
    }
  }

  private static void requireUnit(double value, String field) {
    require(value >= 0 && value <= 1, field, "must be between 0 and 1, was " + format(value));
  }

  private static BigDecimal requireAmount(BigDecimal amount, String field) {
    require(amount != null, field, "must be a positive amount");
    require(
        amount.signum() > 0 && amount.stripTrailingZeros().scale() <= Money.SCALE,
        field,
        "must be a positive amount with at most two decimals, was " + amount.toPlainString());
    require(
        amount.compareTo(Money.MAX_AMOUNT) <= 0,
        field,
        "must be at most " + Money.MAX_AMOUNT.toPlainString() + ", was " + amount.toPlainString());
    return amount.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
  }

  /** {@code value} as a person writes it: 1.7, 6, 0.25 (no trailing zeros, no exponent). */
  private static String format(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
