package io.bankstream.producer.traffic;

import java.util.Set;

/**
 * What a generated record is: legitimate traffic or one of five labelled fraud scenarios. The
 * {@link #label()} travels verbatim in the {@link GeneratedRecord#LABEL_HEADER} Kafka header, so a
 * consumer can compare the pipeline's decisions with the intent; {@link #expectedRules()} names the
 * SPEC section 5 rule codes the scenario is built to trip. A scenario may trip further rules as a
 * side effect (said below); those are not listed. Every record of a scenario is valid under the
 * contract and its payer and receiver are existing users; receivers are drawn uniformly among the
 * other users, record by record.
 *
 * <table>
 *   <caption>Scenarios</caption>
 *   <tr><th>label</th><th>records</th><th>targets</th></tr>
 *   <tr><td>{@code normal}</td><td>1</td><td>none</td></tr>
 *   <tr><td>{@code fraud:velocity_burst}</td><td>12 to 20</td><td>VELOCIDADE</td></tr>
 *   <tr><td>{@code fraud:account_takeover}</td><td>1</td><td>RISCO</td></tr>
 *   <tr><td>{@code fraud:balance_drain}</td><td>3 to 6</td><td>SALDO</td></tr>
 *   <tr><td>{@code fraud:limit_probing}</td><td>2 to 4</td><td>LIMITE</td></tr>
 *   <tr><td>{@code fraud:night_pix}</td><td>1</td><td>PIX_NOTURNO</td></tr>
 * </table>
 */
public enum Scenario {

  /**
   * Legitimate traffic drawn from {@link TrafficModel}: within the payer's limit, and at most R$
   * 1,000 for a PIX at night. Expected to be approved unless the payer's balance has run out.
   */
  NORMAL("normal", Set.of(), 1),

  /**
   * One payer, 12 to 20 PIX payments of R$ 5.00 to 60.00 each (within the PIX limit), made in the
   * payer's home UF, the first at the clock's time and the rest at {@link
   * EventClock#nextInBurst()}, so the whole burst spans well under 60 s of event time. Trips {@code
   * VELOCIDADE} on the ones beyond the 10th.
   */
  VELOCITY_BURST("fraud:velocity_burst", Set.of("VELOCIDADE"), 16),

  /**
   * One PIX made from a UF whose capital is at least 1,500 km from the payer's home UF (drawn by
   * population among those), of R$ 800.00 to 3,200.00 (10 to 40 times the normal PIX median), and
   * at most the payer's balance and PIX limit: the payer is drawn among users whose balance and PIX
   * limit both allow R$ 800 (a bounded number of tries, else a normal record is produced instead).
   * At the clock's time. Trips {@code RISCO} (distance and unusual amount), and also {@code
   * PIX_NOTURNO} when it falls at night with an amount above R$ 1,000.
   */
  ACCOUNT_TAKEOVER("fraud:account_takeover", Set.of("RISCO"), 1),

  /**
   * One payer, 3 to 6 TED payments in the home UF, the first at the clock's time and the rest at
   * {@link EventClock#nextInBurst()}, each at most the payer's TED limit and together more than 1.2
   * times the payer's balance (a payer whose TED limit makes that impossible in 6 payments is
   * replaced, a bounded number of tries, else a normal record is produced instead). Trips {@code
   * SALDO} on the later ones, as long as nothing credits the payer in between.
   */
  BALANCE_DRAIN("fraud:balance_drain", Set.of("SALDO"), 4.5),

  /**
   * One payer, 2 to 4 payments in one modality (uniform among the four) in the home UF, the first
   * at the clock's time and the rest at {@link EventClock#nextInBurst()}, each amount a whole
   * number of cents strictly above the payer's limit for that modality and at most 1.05 times it.
   * Trips {@code LIMITE}; also {@code SALDO} when the limit exceeds the balance, and {@code
   * PIX_NOTURNO} for a PIX at night.
   */
  LIMIT_PROBING("fraud:limit_probing", Set.of("LIMITE"), 3),

  /**
   * One PIX in the payer's home UF of R$ 1,000.01 to 3,000.00, within the payer's PIX limit and
   * balance when possible (a bounded number of tries to find such a payer). Only chosen when the
   * event time is at night in America/Sao_Paulo (strictly between 20:00 and 06:00); at other hours
   * another fraud scenario is chosen. Trips {@code PIX_NOTURNO}.
   */
  NIGHT_PIX("fraud:night_pix", Set.of("PIX_NOTURNO"), 1);

  private final String label;
  private final Set<String> expectedRules;
  private final double meanSize;

  Scenario(String label, Set<String> expectedRules, double meanSize) {
    this.label = label;
    this.expectedRules = expectedRules;
    this.meanSize = meanSize;
  }

  /** The label, as written in the {@link GeneratedRecord#LABEL_HEADER} header. */
  public String label() {
    return label;
  }

  /** The SPEC section 5 rule codes this scenario is built to trip; empty for {@link #NORMAL}. */
  public Set<String> expectedRules() {
    return expectedRules;
  }

  /** The mean number of records of one occurrence (the midpoint of its range). */
  public double meanSize() {
    return meanSize;
  }

  /** Whether this is a fraud scenario, that is anything but {@link #NORMAL}. */
  public boolean isFraud() {
    return this != NORMAL;
  }
}
