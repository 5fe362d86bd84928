package io.bankstream.producer.traffic;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The documented parameters of normal (legitimate) traffic: which modality, how much, at what hour
 * of the day and from which UF a customer pays. {@link #defaults()} holds the values below; the
 * {@link TransactionGenerator} and {@link EventClock#simulated simulated clock} read them. Normal
 * traffic is compliant by construction with the per-transaction rules the generator can see: an
 * amount never exceeds the payer's limit for its modality ({@code LIMITE}), and a PIX at night
 * never exceeds {@link #NIGHT_PIX_CAP} ({@code PIX_NOTURNO}); a draw above the cap is redrawn up to
 * {@link #MAX_RESAMPLES} times, then clamped to the cap. So a rejection of a record labelled {@code
 * normal} by those rules means the rules rejected legitimate traffic. Amounts are not capped by the
 * balance ({@code SALDO}): balances change as the pipeline approves, which the generator does not
 * know.
 *
 * <table>
 *   <caption>Defaults: modality mix and amount per modality (log-normal)</caption>
 *   <tr><th>modality</th><th>share of records</th><th>median amount (R$)</th><th>sigma</th></tr>
 *   <tr><td>PIX</td><td>0.70</td><td>80</td><td>1.2</td></tr>
 *   <tr><td>BOLETO</td><td>0.15</td><td>250</td><td>1.0</td></tr>
 *   <tr><td>TED</td><td>0.10</td><td>1,500</td><td>1.0</td></tr>
 *   <tr><td>DOC</td><td>0.05</td><td>800</td><td>0.9</td></tr>
 * </table>
 *
 * <p>Every amount is rounded half-up to cents and is at least {@link #MIN_AMOUNT} (R$ 1.00).
 *
 * <table>
 *   <caption>Defaults: relative weight of each hour of the day in America/Sao_Paulo (they sum to
 *   100, so each is the percentage of a day's records in that hour)</caption>
 *   <tr><th>hour</th><th>0</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>6</th>
 *       <th>7</th><th>8</th><th>9</th><th>10</th><th>11</th></tr>
 *   <tr><td>weight</td><td>0.6</td><td>0.4</td><td>0.3</td><td>0.25</td><td>0.3</td><td>0.6</td>
 *       <td>1.5</td><td>3</td><td>5</td><td>6</td><td>6.5</td><td>7</td></tr>
 *   <tr><th>hour</th><th>12</th><th>13</th><th>14</th><th>15</th><th>16</th><th>17</th>
 *       <th>18</th><th>19</th><th>20</th><th>21</th><th>22</th><th>23</th></tr>
 *   <tr><td>weight</td><td>7.5</td><td>7</td><td>6.5</td><td>6.5</td><td>6.5</td><td>7</td>
 *       <td>7.5</td><td>7</td><td>5.5</td><td>4</td><td>2.5</td><td>1.05</td></tr>
 * </table>
 *
 * <p>With these weights 15.5% of a day's records fall at night (20:00 to 06:00).
 *
 * <table>
 *   <caption>Defaults: who pays whom, where</caption>
 *   <tr><th>draw</th><th>distribution</th></tr>
 *   <tr><td>payer</td><td>uniform over the users</td></tr>
 *   <tr><td>receiver</td><td>uniform over the users other than the payer</td></tr>
 *   <tr><td>UF ({@code id_regiao})</td><td>the payer's home UF with probability 0.92; otherwise a
 *       UF drawn by population, which may again be the home UF</td></tr>
 * </table>
 *
 * @param modalityMix relative weight of each modality, all four present, not all zero
 * @param amounts the log-normal amount distribution of each modality, all four present
 * @param hourWeights 24 relative weights, index = hour of day in {@link #ZONE}, not all zero
 * @param homeRegionProbability probability in [0, 1] that a record is made in the payer's home UF
 */
public record TrafficModel(
    Map<PaymentModality, Double> modalityMix,
    Map<PaymentModality, LogNormal> amounts,
    List<Double> hourWeights,
    double homeRegionProbability) {

  /** The zone of the hour profile and of the night: America/Sao_Paulo. */
  public static final ZoneId ZONE = TransactionCodec.LOCAL_ZONE;

  /** Start of the night, inclusive: 20:00 in {@link #ZONE}. */
  public static final LocalTime NIGHT_START = LocalTime.of(20, 0);

  /** End of the night, exclusive: 06:00 in {@link #ZONE}. */
  public static final LocalTime NIGHT_END = LocalTime.of(6, 0);

  /** The central bank's default night limit for a PIX: R$ 1,000.00. */
  public static final BigDecimal NIGHT_PIX_CAP = Money.of("1000.00");

  /** The smallest normal amount: R$ 1.00. */
  public static final BigDecimal MIN_AMOUNT = Money.of("1.00");

  /** How many times an amount above its cap is redrawn before it is clamped to the cap. */
  public static final int MAX_RESAMPLES = 10;

  /** Hours in a day: the length of {@link #hourWeights()}. */
  public static final int HOURS_PER_DAY = 24;

  private static final double DEFAULT_HOME_REGION_PROBABILITY = 0.92;

  private static final List<Double> DEFAULT_HOUR_WEIGHTS =
      List.of(
          0.6, 0.4, 0.3, 0.25, 0.3, 0.6, 1.5, 3.0, 5.0, 6.0, 6.5, 7.0, 7.5, 7.0, 6.5, 6.5, 6.5, 7.0,
          7.5, 7.0, 5.5, 4.0, 2.5, 1.05);

  public TrafficModel {
    modalityMix = completeCopy(modalityMix, "modalityMix");
    amounts = completeCopy(amounts, "amounts");
    double mixSum = 0;
    for (double weight : modalityMix.values()) {
      requireWeight(weight, "modalityMix");
      mixSum += weight;
    }
    if (!(mixSum > 0)) {
      throw new IllegalArgumentException("modalityMix must not be all zero");
    }
    Objects.requireNonNull(hourWeights, "hourWeights");
    hourWeights = List.copyOf(hourWeights);
    if (hourWeights.size() != HOURS_PER_DAY) {
      throw new IllegalArgumentException(
          "hourWeights must have " + HOURS_PER_DAY + " entries: " + hourWeights.size());
    }
    double hourSum = 0;
    for (double weight : hourWeights) {
      requireWeight(weight, "hourWeights");
      hourSum += weight;
    }
    if (!(hourSum > 0)) {
      throw new IllegalArgumentException("hourWeights must not be all zero");
    }
    if (!(homeRegionProbability >= 0 && homeRegionProbability <= 1)) {
      throw new IllegalArgumentException(
          "homeRegionProbability must be in [0, 1]: " + homeRegionProbability);
    }
  }

  /** The documented defaults (see the tables above). */
  public static TrafficModel defaults() {
    Map<PaymentModality, Double> mix = new EnumMap<>(PaymentModality.class);
    mix.put(PaymentModality.PIX, 0.70);
    mix.put(PaymentModality.BOLETO, 0.15);
    mix.put(PaymentModality.TED, 0.10);
    mix.put(PaymentModality.DOC, 0.05);
    Map<PaymentModality, LogNormal> amounts = new EnumMap<>(PaymentModality.class);
    amounts.put(PaymentModality.PIX, new LogNormal(80, 1.2));
    amounts.put(PaymentModality.BOLETO, new LogNormal(250, 1.0));
    amounts.put(PaymentModality.TED, new LogNormal(1_500, 1.0));
    amounts.put(PaymentModality.DOC, new LogNormal(800, 0.9));
    return new TrafficModel(mix, amounts, DEFAULT_HOUR_WEIGHTS, DEFAULT_HOME_REGION_PROBABILITY);
  }

  /** The share of a day's records expected in {@code hour} (0 to 23): its weight over the sum. */
  public double hourShare(int hour) {
    return hourWeights.get(hour) / hourWeightSum();
  }

  /** The sum of {@link #hourWeights()}. */
  public double hourWeightSum() {
    double sum = 0;
    for (double weight : hourWeights) {
      sum += weight;
    }
    return sum;
  }

  /** The share of records of {@code modality}: its weight over the sum of the mix. */
  public double modalityShare(PaymentModality modality) {
    double sum = 0;
    for (double weight : modalityMix.values()) {
      sum += weight;
    }
    return modalityMix.get(modality) / sum;
  }

  /**
   * Whether {@code instant} is at night in {@link #ZONE}: at or after {@link #NIGHT_START} (20:00)
   * or before {@link #NIGHT_END} (06:00), the window of the {@code PIX_NOTURNO} rule.
   */
  public static boolean isNight(Instant instant) {
    LocalTime time = LocalTime.ofInstant(instant, ZONE);
    return !time.isBefore(NIGHT_START) || time.isBefore(NIGHT_END);
  }

  private static void requireWeight(double weight, String name) {
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          name + " must hold finite non-negative weights: " + weight);
    }
  }

  private static <V> Map<PaymentModality, V> completeCopy(
      Map<PaymentModality, V> map, String name) {
    Objects.requireNonNull(map, name);
    EnumMap<PaymentModality, V> copy = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      V value = map.get(modality);
      if (value == null) {
        throw new IllegalArgumentException(name + " has no entry for " + modality);
      }
      copy.put(modality, value);
    }
    return Collections.unmodifiableMap(copy);
  }
}
