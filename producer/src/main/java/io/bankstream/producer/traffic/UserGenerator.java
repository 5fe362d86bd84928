package io.bankstream.producer.traffic;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * Draws the customers that {@code ./bankstream seed} writes to {@code usuarios}: a deterministic
 * id, a home UF, a balance and one per-transaction limit per modality, every value from the
 * injected {@link Random}, so the same seed gives the same users, ids included. Distributions
 * (log-normal given by median and sigma, clamped, then rounded half-up):
 *
 * <table>
 *   <caption>User distributions</caption>
 *   <tr><th>column</th><th>distribution</th><th>median (R$)</th><th>sigma</th>
 *       <th>clamp (R$)</th><th>rounded to</th></tr>
 *   <tr><td>{@code id_usuario}</td><td>random version-4 UUID from the seed</td>
 *       <td colspan="4"></td></tr>
 *   <tr><td>{@code id_regiao}</td><td>UF weighted by population (2022 census)</td>
 *       <td colspan="4"></td></tr>
 *   <tr><td>{@code saldo}</td><td>log-normal</td><td>8,000</td><td>1.0</td>
 *       <td>[50, 500,000]</td><td>cents</td></tr>
 *   <tr><td>{@code limite_pix}</td><td>log-normal</td><td>3,000</td><td>0.6</td>
 *       <td>[500, 50,000]</td><td>whole reais</td></tr>
 *   <tr><td>{@code limite_ted}</td><td>log-normal</td><td>15,000</td><td>0.7</td>
 *       <td>[1,000, 200,000]</td><td>whole reais</td></tr>
 *   <tr><td>{@code limite_doc}</td><td>log-normal</td><td>5,000</td><td>0.5</td>
 *       <td>[500, 50,000]</td><td>whole reais</td></tr>
 *   <tr><td>{@code limite_boleto}</td><td>log-normal</td><td>8,000</td><td>0.7</td>
 *       <td>[500, 100,000]</td><td>whole reais</td></tr>
 * </table>
 *
 * <p>Draw order per user, which the determinism depends on: id (two longs), home UF, balance, then
 * the limits in the order PIX, TED, DOC, BOLETO.
 */
public final class UserGenerator {

  /**
   * Balance: log-normal median, R$ 8,000: high enough that normal traffic rarely asks for more than
   * the payer has (about 1.6% of normal records at first; a TED above the balance is the usual
   * case), so that SALDO rejections mostly mean a drained or fraudulent account.
   */
  public static final double BALANCE_MEDIAN = 8_000;

  /** Balance: sigma of the logarithm. */
  public static final double BALANCE_SIGMA = 1.0;

  /** Balance: lower clamp, R$ 50.00. */
  public static final BigDecimal BALANCE_MIN = Money.of("50");

  /** Balance: upper clamp, R$ 500,000.00. */
  public static final BigDecimal BALANCE_MAX = Money.of("500000");

  /** PIX limit: median R$ 3,000, sigma 0.6, clamp [500, 50,000]. */
  public static final LimitDistribution PIX_LIMIT =
      new LimitDistribution(new LogNormal(3_000, 0.6), Money.of("500"), Money.of("50000"));

  /** TED limit: median R$ 15,000, sigma 0.7, clamp [1,000, 200,000]. */
  public static final LimitDistribution TED_LIMIT =
      new LimitDistribution(new LogNormal(15_000, 0.7), Money.of("1000"), Money.of("200000"));

  /** DOC limit: median R$ 5,000, sigma 0.5, clamp [500, 50,000]. */
  public static final LimitDistribution DOC_LIMIT =
      new LimitDistribution(new LogNormal(5_000, 0.5), Money.of("500"), Money.of("50000"));

  /** Boleto limit: median R$ 8,000, sigma 0.7, clamp [500, 100,000]. */
  public static final LimitDistribution BOLETO_LIMIT =
      new LimitDistribution(new LogNormal(8_000, 0.7), Money.of("500"), Money.of("100000"));

  private static final LogNormal BALANCE = new LogNormal(BALANCE_MEDIAN, BALANCE_SIGMA);

  private final Random random;
  private final WeightedSampler<Region> regions = Sampling.regionsByPopulation();

  /** A generator drawing from {@code random}; it keeps using it across calls. */
  public UserGenerator(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Draws {@code count} users, each with {@code createdAt} as its creation time. Successive calls
   * continue the same random sequence.
   */
  public List<UserProfile> generate(int count, Instant createdAt) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    List<UserProfile> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      users.add(next(createdAt));
    }
    return users;
  }

  /** The limit distribution of {@code modality}. */
  public static LimitDistribution limitDistribution(PaymentModality modality) {
    return switch (modality) {
      case PIX -> PIX_LIMIT;
      case TED -> TED_LIMIT;
      case DOC -> DOC_LIMIT;
      case BOLETO -> BOLETO_LIMIT;
    };
  }

  private UserProfile next(Instant createdAt) {
    UUID id = Sampling.uuid(random);
    Region home = regions.sample(random);
    BigDecimal balance =
        Sampling.clamp(Sampling.cents(BALANCE.sample(random)), BALANCE_MIN, BALANCE_MAX);
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, limitDistribution(modality).sample(random));
    }
    return new UserProfile(id, home, balance, limits, createdAt);
  }

  /**
   * The distribution of one per-transaction limit: a log-normal draw clamped to {@code [min, max]}
   * and rounded half-up to whole reais (written at scale 2, such as {@code 3120.00}).
   *
   * @param amount the log-normal draw, in reais
   * @param min the lowest limit, whole reais
   * @param max the highest limit, whole reais
   */
  public record LimitDistribution(LogNormal amount, BigDecimal min, BigDecimal max) {

    public LimitDistribution {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.compareTo(max) > 0) {
        throw new IllegalArgumentException("min must not exceed max: " + min + " > " + max);
      }
    }

    /** One limit, in whole reais at scale 2. */
    public BigDecimal sample(Random random) {
      return Sampling.clamp(Sampling.wholeReais(amount.sample(random)), min, max);
    }
  }
}
