package io.bankstream.core.rules;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every number the approval rules use, as data: which profile decides, the night window and night
 * PIX limit, the velocity window, the risk score's weights, scales and threshold, and the seed
 * profile's threshold. {@link #defaults()} holds the values of SPEC section 5; {@link RulesLoader}
 * reads a rules file over them. The constructor refuses any value the rules cannot use with a
 * {@link RulesConfigException} naming the field by its path in the rules file (given in each
 * parameter below), so an invalid configuration never reaches a decision. {@code SALDO} and {@code
 * LIMITE} have no parameter: the balance and the limits come from the payer.
 *
 * @param profile the rule set that decides ({@code profile})
 * @param nightStart start of the night, inclusive, in {@link #ZONE} ({@code pixNoturno.nightStart})
 * @param nightEnd end of the night, exclusive, in {@link #ZONE} ({@code pixNoturno.nightEnd}); the
 *     night is [start, 24:00) ∪ [00:00, end) when start is after end, else [start, end)
 * @param nightPixLimit the most a PIX may be at night, in reais ({@code pixNoturno.limit})
 * @param velocityMaxTransactions how many transactions a payer may make in one window; the ones
 *     beyond are rejected ({@code velocidade.maxTransactions}, 1 to {@value #MAX_VELOCITY_COUNT})
 * @param velocityWindow the velocity window of event time ({@code velocidade.window}, more than 0,
 *     at most a day)
 * @param riskThreshold a default-profile risk score above this rejects ({@code risco.threshold})
 * @param distanceWeight weight of the distance component ({@code risco.weights.distance})
 * @param amountWeight weight of the amount component ({@code risco.weights.amount})
 * @param hourWeight weight of the hour component ({@code risco.weights.hour}); the three weights
 *     sum to 1
 * @param distanceScaleKm the distance at and beyond which the distance component is 1 ({@code
 *     risco.distanceScaleKm})
 * @param amountRatioScale the ratio of amount to usual amount at and beyond which the amount
 *     component is 1; more than 1 ({@code risco.amountRatioScale})
 * @param usualAmountAlpha the smoothing factor of the usual amount's moving average, in (0, 1]
 *     ({@code risco.usualAmountAlpha})
 * @param defaultUsualAmounts a payer's usual amount per modality before it has any approved
 *     transaction of that modality ({@code risco.usualAmount.PIX}, ...); all four, positive
 * @param hourRisk the hour component for each hour of the day 0 to 23 in {@link #ZONE}, each in [0,
 *     1] ({@code risco.hourRisk})
 * @param seedRiskThreshold a seed-profile score above this rejects ({@code seed.threshold})
 */
public record RulesConfig(
    RuleProfile profile,
    LocalTime nightStart,
    LocalTime nightEnd,
    BigDecimal nightPixLimit,
    int velocityMaxTransactions,
    Duration velocityWindow,
    double riskThreshold,
    double distanceWeight,
    double amountWeight,
    double hourWeight,
    double distanceScaleKm,
    double amountRatioScale,
    double usualAmountAlpha,
    Map<PaymentModality, BigDecimal> defaultUsualAmounts,
    List<Double> hourRisk,
    double seedRiskThreshold)
    implements Serializable {

  /** The zone of the night and of the hour of day: America/Sao_Paulo. */
  public static final ZoneId ZONE = TransactionCodec.LOCAL_ZONE;

  /** The largest {@link #velocityMaxTransactions()}: it bounds the per-payer state. */
  public static final int MAX_VELOCITY_COUNT = 1_000;

  /** The longest {@link #velocityWindow()}. */
  public static final Duration MAX_VELOCITY_WINDOW = Duration.ofDays(1);

  /** How far from 1 the sum of the three weights may be. */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-9;

  /** Hours in a day: the length of {@link #hourRisk()}. */
  public static final int HOURS_PER_DAY = 24;

  static final String PROFILE = "profile";
  static final String NIGHT_START = "pixNoturno.nightStart";
  static final String NIGHT_END = "pixNoturno.nightEnd";
  static final String NIGHT_LIMIT = "pixNoturno.limit";
  static final String VELOCITY_MAX = "velocidade.maxTransactions";
  static final String VELOCITY_WINDOW = "velocidade.window";
  static final String RISK_THRESHOLD = "risco.threshold";
  static final String WEIGHTS = "risco.weights";
  static final String DISTANCE_WEIGHT = "risco.weights.distance";
  static final String AMOUNT_WEIGHT = "risco.weights.amount";
  static final String HOUR_WEIGHT = "risco.weights.hour";
  static final String DISTANCE_SCALE = "risco.distanceScaleKm";
  static final String AMOUNT_RATIO_SCALE = "risco.amountRatioScale";
  static final String USUAL_ALPHA = "risco.usualAmountAlpha";
  static final String USUAL_AMOUNT = "risco.usualAmount";
  static final String HOUR_RISK = "risco.hourRisk";
  static final String SEED_THRESHOLD = "seed.threshold";

  private static final List<Double> DEFAULT_HOUR_RISK =
      List.of(
          1.0, 1.0, 1.0, 1.0, 1.0, 1.0, // 00:00 to 05:59, deep night
          0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // 06:00 to 19:59
          0.5, 0.5, 0.5, 0.5); // 20:00 to 23:59, evening

  public RulesConfig {
    require(profile != null, PROFILE, "must be one of default, seed");
    require(nightStart != null, NIGHT_START, "must be a time of day");
    require(nightEnd != null, NIGHT_END, "must be a time of day");
    require(
        !nightEnd.equals(nightStart),
        NIGHT_END,
        "must differ from pixNoturno.nightStart (" + nightStart + "), or the night is empty");
    nightPixLimit = requireAmount(nightPixLimit, NIGHT_LIMIT);
    require(
        velocityMaxTransactions >= 1 && velocityMaxTransactions <= MAX_VELOCITY_COUNT,
        VELOCITY_MAX,
        "must be a whole number from 1 to "
            + MAX_VELOCITY_COUNT
            + ", was "
            + velocityMaxTransactions);
    require(velocityWindow != null, VELOCITY_WINDOW, "must be a duration, e.g. 60s");
    require(
        velocityWindow.compareTo(Duration.ZERO) > 0
            && velocityWindow.compareTo(MAX_VELOCITY_WINDOW) <= 0,
        VELOCITY_WINDOW,
        "must be more than 0 and at most 24h, was " + velocityWindow.toMillis() + "ms");
    requireUnit(riskThreshold, RISK_THRESHOLD);
    requireUnit(distanceWeight, DISTANCE_WEIGHT);
    requireUnit(amountWeight, AMOUNT_WEIGHT);
    requireUnit(hourWeight, HOUR_WEIGHT);
    BigDecimal weightSum =
        BigDecimal.valueOf(distanceWeight)
            .add(BigDecimal.valueOf(amountWeight))
            .add(BigDecimal.valueOf(hourWeight));
    require(
        weightSum.subtract(BigDecimal.ONE).abs().doubleValue() <= WEIGHT_SUM_TOLERANCE,
        WEIGHTS,
        "must sum to 1, they sum to " + weightSum.stripTrailingZeros().toPlainString());
    require(
        Double.isFinite(distanceScaleKm) && distanceScaleKm > 0,
        DISTANCE_SCALE,
        "must be a positive number of km, was " + format(distanceScaleKm));
    require(
        Double.isFinite(amountRatioScale) && amountRatioScale > 1,
        AMOUNT_RATIO_SCALE,
        "must be more than 1, was " + format(amountRatioScale));
    require(
        usualAmountAlpha > 0 && usualAmountAlpha <= 1,
        USUAL_ALPHA,
        "must be more than 0 and at most 1, was " + format(usualAmountAlpha));
    require(defaultUsualAmounts != null, USUAL_AMOUNT, "must give an amount per modality");
    EnumMap<PaymentModality, BigDecimal> usual = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      String field = USUAL_AMOUNT + "." + modality.name();
      BigDecimal amount = defaultUsualAmounts.get(modality);
      require(amount != null, field, "is missing");
      usual.put(modality, requireAmount(amount, field));
    }
    defaultUsualAmounts = Collections.unmodifiableMap(usual);
    require(hourRisk != null, HOUR_RISK, "must be a list of " + HOURS_PER_DAY + " numbers");
    require(
        hourRisk.size() == HOURS_PER_DAY,
        HOUR_RISK,
        "must be a list of " + HOURS_PER_DAY + " numbers (hours 0 to 23), has " + hourRisk.size());
    List<Double> hours = new ArrayList<>(HOURS_PER_DAY);
    for (int hour = 0; hour < HOURS_PER_DAY; hour++) {
      Double risk = hourRisk.get(hour);
      requireUnit(risk == null ? Double.NaN : risk, HOUR_RISK + "[" + hour + "]");
      hours.add(risk);
    }
    hourRisk = List.copyOf(hours);
    require(
        Double.isFinite(seedRiskThreshold) && seedRiskThreshold >= 0,
        SEED_THRESHOLD,
        "must be a number, 0 or more, was " + format(seedRiskThreshold));
  }

  /** The values of SPEC section 5, also written out in {@code rules/default-rules.yaml}. */
  public static RulesConfig defaults() {
    Map<PaymentModality, BigDecimal> usual = new EnumMap<>(PaymentModality.class);
    usual.put(PaymentModality.PIX, Money.of("80"));
    usual.put(PaymentModality.BOLETO, Money.of("250"));
    usual.put(PaymentModality.TED, Money.of("1500"));
    usual.put(PaymentModality.DOC, Money.of("800"));
    return new RulesConfig(
        RuleProfile.DEFAULT,
        LocalTime.of(20, 0),
        LocalTime.of(6, 0),
        Money.of("1000.00"),
        10,
        Duration.ofSeconds(60),
        0.8,
        0.40,
        0.45,
        0.15,
        1_500,
        10,
        0.2,
        usual,
        DEFAULT_HOUR_RISK,
        6.0);
  }

  /** This configuration with {@code profile} deciding instead. */
  public RulesConfig withProfile(RuleProfile profile) {
    return toBuilder().profile(profile).build();
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
                    PROFILE,
                    "must be one of "
                        + String.join(
                            ", ", Arrays.stream(RuleProfile.values()).map(RuleProfile::id).toList())
                        + ", was '"
                        + profileId
                        + "'"));
  }

  /** A builder preset to this configuration's values, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Whether {@code instant} falls in the night of {@code PIX_NOTURNO} in {@link #ZONE}: at or after
   * {@link #nightStart()} and before {@link #nightEnd()}, across midnight when start is after end.
   */
  public boolean isNight(Instant instant) {
    LocalTime time = LocalTime.ofInstant(instant, ZONE);
    if (nightStart.isAfter(nightEnd)) {
      return !time.isBefore(nightStart) || time.isBefore(nightEnd);
    }
    return !time.isBefore(nightStart) && time.isBefore(nightEnd);
  }

  /**
   * The hour component of the risk score at {@code instant}: its hour of day's {@link #hourRisk}.
   */
  public double hourRiskAt(Instant instant) {
    return hourRisk.get(LocalTime.ofInstant(instant, ZONE).getHour());
  }

  /** A payer's usual amount of {@code modality} before any approved transaction of it. */
  public BigDecimal defaultUsualAmount(PaymentModality modality) {
    return defaultUsualAmounts.get(modality);
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
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /**
   * Mutable builder of {@link RulesConfig}, preset by {@link RulesConfig#toBuilder()}; each setter
   * returns the builder and {@link #build()} validates.
   */
  public static final class Builder {
    private RuleProfile profile;
    private LocalTime nightStart;
    private LocalTime nightEnd;
    private BigDecimal nightPixLimit;
    private int velocityMaxTransactions;
    private Duration velocityWindow;
    private double riskThreshold;
    private double distanceWeight;
    private double amountWeight;
    private double hourWeight;
    private double distanceScaleKm;
    private double amountRatioScale;
    private double usualAmountAlpha;
    private final Map<PaymentModality, BigDecimal> defaultUsualAmounts =
        new EnumMap<>(PaymentModality.class);
    private List<Double> hourRisk;
    private double seedRiskThreshold;

    private Builder(RulesConfig from) {
      profile = from.profile;
      nightStart = from.nightStart;
      nightEnd = from.nightEnd;
      nightPixLimit = from.nightPixLimit;
      velocityMaxTransactions = from.velocityMaxTransactions;
      velocityWindow = from.velocityWindow;
      riskThreshold = from.riskThreshold;
      distanceWeight = from.distanceWeight;
      amountWeight = from.amountWeight;
      hourWeight = from.hourWeight;
      distanceScaleKm = from.distanceScaleKm;
      amountRatioScale = from.amountRatioScale;
      usualAmountAlpha = from.usualAmountAlpha;
      defaultUsualAmounts.putAll(from.defaultUsualAmounts);
      hourRisk = from.hourRisk;
      seedRiskThreshold = from.seedRiskThreshold;
    }

    public Builder profile(RuleProfile value) {
      profile = value;
      return this;
    }

    public Builder nightStart(LocalTime value) {
      nightStart = value;
      return this;
    }

    public Builder nightEnd(LocalTime value) {
      nightEnd = value;
      return this;
    }

    public Builder nightPixLimit(BigDecimal value) {
      nightPixLimit = value;
      return this;
    }

    public Builder velocityMaxTransactions(int value) {
      velocityMaxTransactions = value;
      return this;
    }

    public Builder velocityWindow(Duration value) {
      velocityWindow = value;
      return this;
    }

    public Builder riskThreshold(double value) {
      riskThreshold = value;
      return this;
    }

    public Builder distanceWeight(double value) {
      distanceWeight = value;
      return this;
    }

    public Builder amountWeight(double value) {
      amountWeight = value;
      return this;
    }

    public Builder hourWeight(double value) {
      hourWeight = value;
      return this;
    }

    public Builder distanceScaleKm(double value) {
      distanceScaleKm = value;
      return this;
    }

    public Builder amountRatioScale(double value) {
      amountRatioScale = value;
      return this;
    }

    public Builder usualAmountAlpha(double value) {
      usualAmountAlpha = value;
      return this;
    }

    /** Sets the default usual amount of one modality, keeping the others. */
    public Builder defaultUsualAmount(PaymentModality modality, BigDecimal value) {
      defaultUsualAmounts.put(Objects.requireNonNull(modality, "modality"), value);
      return this;
    }

    public Builder hourRisk(List<Double> value) {
      hourRisk = value;
      return this;
    }

    public Builder seedRiskThreshold(double value) {
      seedRiskThreshold = value;
      return this;
    }

    /** The configuration; throws {@link RulesConfigException} naming the first invalid field. */
    public RulesConfig build() {
      return new RulesConfig(
          profile,
          nightStart,
          nightEnd,
          nightPixLimit,
          velocityMaxTransactions,
          velocityWindow,
          riskThreshold,
          distanceWeight,
          amountWeight,
          hourWeight,
          distanceScaleKm,
          amountRatioScale,
          usualAmountAlpha,
          defaultUsualAmounts,
          hourRisk,
          seedRiskThreshold);
    }
  }
}
