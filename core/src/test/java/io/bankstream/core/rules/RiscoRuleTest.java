package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RISCO, default profile: score = 0.40 distance + 0.45 amount + 0.15 hour, rounded to 4 decimals;
 * above 0.8 rejects. distance = min(1, km / 1500); amount = clamp(log10(amount / usual), 0, 1) with
 * usual PIX R$ 80 for a new payer; hour = 1 at 00:00-05:59, 0.5 at 20:00-23:59, else 0. The payer
 * lives in SP; capitals: SP-AM 2,689.4 km, SP-RJ 360.6 km (great circle).
 */
class RiscoRuleTest {

  /** The decision on {@code tx} as a new payer's first transaction. */
  private static Decision first(RulesFixtures.TransactionBuilder tx) {
    return new Session(defaultEngine(), aPayer().build()).submit(tx);
  }

  @Test
  void farAwayTenTimesTheUsualAmountInTheDeepNightScoresOne() {
    // SP -> AM: 2,689 km > 1,500 -> distance 1. R$ 2,000 / 80 = 25 >= 10 -> amount 1.
    // 02:00 -> hour 1. Score 0.40 + 0.45 + 0.15 = 1.0 > 0.8. Also a night PIX above R$ 1,000.
    Decision decision = first(aTransaction().region(Region.AM).at("02:00").amount("2000.00"));

    assertThat(decision.riskScore()).isEqualTo(1.0);
    assertThat(decision.riskComponents())
        .contains(
            entry("distance", 1.0),
            entry("amount", 1.0),
            entry("hour", 1.0),
            entry("distanceKm", 2689.4),
            entry("usualAmount", 80.0));
    assertThat(decision.rejectedBy()).containsExactly("PIX_NOTURNO", "RISCO");
    assertThat(decision.profile()).isEqualTo("default");
  }

  @Test
  void theUsualAmountAtHomeAtNoonScoresZero() {
    Decision decision = first(aTransaction().region(Region.SP).at("12:00").amount("80.00"));

    assertThat(decision.riskScore()).isEqualTo(0.0);
    assertThat(decision.riskComponents())
        .containsOnly(
            entry("distance", 0.0),
            entry("amount", 0.0),
            entry("hour", 0.0),
            entry("distanceKm", 0.0),
            entry("usualAmount", 80.0));
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aNearbyUfSomewhatAboveTheUsualAmountInTheEveningScoresEachComponentInPart() {
    // SP -> RJ: 360.6 km / 1500 = 0.2404. R$ 252.98 / 80 = 3.1623 ~ sqrt(10) -> log10 = 0.5000.
    // 21:00 -> 0.5. Score 0.40 * 0.24042 + 0.45 * 0.49999 + 0.15 * 0.5
    //   = 0.09617 + 0.22500 + 0.07500 = 0.3962.
    Decision decision = first(aTransaction().region(Region.RJ).at("21:00").amount("252.98"));

    assertThat(decision.riskComponents())
        .contains(
            entry("distance", 0.2404),
            entry("amount", 0.5),
            entry("hour", 0.5),
            entry("distanceKm", 360.6));
    assertThat(decision.riskScore()).isEqualTo(0.3962);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void anAmountBelowTheUsualOneAddsNoRisk() {
    Decision decision = first(aTransaction().amount("1.00"));

    assertThat(decision.riskComponents()).contains(entry("amount", 0.0));
  }

  @ParameterizedTest(name = "{0} -> hour component {1}")
  @CsvSource({
    "00:00, 1.0",
    "05:59:59.999, 1.0",
    "06:00, 0.0",
    "19:59:59.999, 0.0",
    "20:00, 0.5",
    "23:59:59.999, 0.5"
  })
  void theHourComponentFollowsTheNightCurve(String time, double hour) {
    Decision decision = first(aTransaction().at(time));

    assertThat(decision.riskComponents()).contains(entry("hour", hour));
  }

  @Test
  void aScoreOfExactlyTheThresholdIsApproved() {
    // Far (distance 1, 0.40) at 02:00 (hour 1, 0.15): the amount component decides.
    // R$ 287.57 / 80 = 3.594625, log10 = 0.555654; 0.45 * 0.555654 = 0.250044;
    // 0.40 + 0.250044 + 0.15 = 0.800044 -> 0.8000, not above 0.8.
    Decision decision = first(aTransaction().region(Region.AM).at("02:00").amount("287.57"));

    assertThat(decision.riskComponents()).contains(entry("amount", 0.5557));
    assertThat(decision.riskScore()).isEqualTo(0.8);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aScoreJustAboveTheThresholdIsRejected() {
    // One cent more: R$ 287.58 / 80 = 3.59475, log10 = 0.555669; 0.45 * 0.555669 = 0.250051;
    // 0.800051 -> 0.8001 > 0.8.
    Decision decision = first(aTransaction().region(Region.AM).at("02:00").amount("287.58"));

    assertThat(decision.riskScore()).isEqualTo(0.8001);
    assertThat(decision.rejectedBy()).containsExactly("RISCO");
  }

  @Test
  void theThresholdComesFromTheConfigAndOnlyAScoreAboveItRejects() {
    RulesConfig atOne = RulesLoader.fromYaml("risco: { threshold: 1.0 }");
    RulesConfig justBelowOne = RulesLoader.fromYaml("risco: { threshold: 0.9999 }");

    Decision underOne =
        new Session(new ApprovalEngine(atOne), aPayer().build())
            .submit(aTransaction().region(Region.AM).at("02:00").amount("900.00"));
    Decision underJustBelowOne =
        new Session(new ApprovalEngine(justBelowOne), aPayer().build())
            .submit(aTransaction().region(Region.AM).at("02:00").amount("900.00"));

    assertThat(underOne.riskScore()).isEqualTo(1.0);
    assertThat(underOne.approved()).isTrue();
    assertThat(underJustBelowOne.rejectedBy()).containsExactly("RISCO");
  }

  @Test
  void atHomeNoAmountAndNoHourCanReachTheThreshold() {
    // distance 0: the score is at most 0.45 + 0.15 = 0.6.
    Decision decision = first(aTransaction().at("03:00").amount("900.00"));

    assertThat(decision.riskScore()).isEqualTo(0.6);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void theWeightsAndScalesComeFromTheConfig() {
    RulesConfig config =
        RulesLoader.fromYaml(
            """
            risco:
              weights: { distance: 0.5, amount: 0.5, hour: 0.0 }
              distanceScaleKm: 3000
              amountRatioScale: 100
            """);

    // SP -> AM 2,689.4 km / 3000 = 0.89647; R$ 800 / 80 = 10 -> log10(10) / log10(100) = 0.5.
    // 0.5 * 0.89647 + 0.5 * 0.5 = 0.69824 -> 0.6982.
    Decision decision =
        new Session(new ApprovalEngine(config), aPayer().build())
            .submit(aTransaction().region(Region.AM).at("02:00").amount("800.00"));

    assertThat(decision.riskComponents())
        .contains(entry("distance", 0.8965), entry("amount", 0.5), entry("hour", 1.0));
    assertThat(decision.riskScore()).isEqualTo(0.6982);
  }

  @Test
  void aTransactionTrippingEveryRuleListsThemAllInRuleOrder() {
    Session session =
        new Session(
            defaultEngine(),
            aPayer().balance("1500.00").limit(PaymentModality.PIX, "1200.00").build());
    for (int i = 0; i < 10; i++) {
      // R$ 1.00 at home at 02:00: score 0.15, approved; the balance falls to 1,490.00.
      assertThat(session.submit(aTransaction().at("02:00:0" + i).amount("1.00")).approved())
          .isTrue();
    }

    // R$ 2,000.00 PIX from AM at 02:00:30: above the balance left (1,490), the PIX limit (1,200)
    // and the night limit (1,000); the 11th in 60 s; score 1.0.
    Decision decision =
        session.submit(aTransaction().region(Region.AM).at("02:00:30").amount("2000.00"));

    assertThat(decision.approved()).isFalse();
    assertThat(decision.rejectedBy())
        .containsExactly("SALDO", "LIMITE", "PIX_NOTURNO", "VELOCIDADE", "RISCO");
    assertThat(decision.riskScore()).isEqualTo(1.0);
  }
}
