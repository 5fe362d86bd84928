package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.seedEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.RuleCode;
import org.junit.jupiter.api.Test;

/**
 * The seed profile: SALDO, LIMITE and RISCO when t5 * t6 * t7 / 3 > 6, with t5 the Euclidean
 * distance in degrees between the UF capitals, t6 the amount over the payer's mean amount (this one
 * included) and t7 = |hour - 12| / 12. Capitals: SP (-23.55, -46.63), RJ (-22.91, -43.17), AM
 * (-3.12, -60.02). The payer lives in SP.
 */
class SeedProfileTest {

  private final Session session = new Session(seedEngine(), aPayer().build());

  @Test
  void aFirstTransactionFarAwayAtMidnightIsRejectedByRisk() {
    // t5 = sqrt((-3.12 + 23.55)^2 + (-60.02 + 46.63)^2) = sqrt(20.43^2 + 13.39^2)
    //    = sqrt(417.3849 + 179.2921) = sqrt(596.6770) = 24.4270
    // t6 = 50 / mean(50) = 1; t7 = |0 - 12| / 12 = 1; score = 24.4270 * 1 * 1 / 3 = 8.1423 > 6.
    Decision decision =
        session.submit(aTransaction().region(Region.AM).at("00:30").amount("50.00"));

    assertThat(decision.riskComponents())
        .containsOnly(entry("t5", 24.427), entry("t6", 1.0), entry("t7", 1.0));
    assertThat(decision.riskScore()).isEqualTo(8.1423);
    assertThat(decision.rejectedBy()).containsExactly(RuleCode.RISCO);
    assertThat(decision.profile()).isEqualTo("seed");
  }

  @Test
  void aNearbyTripleOfTheMeanAtThreeInTheMorningIsApproved() {
    // Three R$ 100.00 at home at noon: t5 = 0, score 0, approved.
    for (int i = 0; i < 3; i++) {
      assertThat(session.submit(aTransaction().at("12:0" + i).amount("100.00")).riskScore())
          .isEqualTo(0.0);
    }
    // t5 = sqrt((-22.91 + 23.55)^2 + (-43.17 + 46.63)^2) = sqrt(0.64^2 + 3.46^2)
    //    = sqrt(0.4096 + 11.9716) = sqrt(12.3812) = 3.5187
    // mean = (300 + 900) / 4 = 300, t6 = 900 / 300 = 3; t7 = |3 - 12| / 12 = 0.75
    // score = 3.51869 * 3 * 0.75 / 3 = 2.6390 <= 6.
    Decision decision =
        session.submit(aTransaction().region(Region.RJ).at("03:00").amount("900.00"));

    assertThat(decision.riskComponents())
        .containsOnly(entry("t5", 3.5187), entry("t6", 3.0), entry("t7", 0.75));
    assertThat(decision.riskScore()).isEqualTo(2.639);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aNearbyAmountTenTimesAboveTheHistoryAtMidnightIsRejectedByRisk() {
    for (int i = 0; i < 9; i++) {
      session.submit(aTransaction().at("12:0" + i).amount("10.00"));
    }
    // mean = (9 * 10 + 10000) / 10 = 1009, t6 = 10000 / 1009 = 9.9108; t7 = |0 - 12| / 12 = 1
    // score = 3.51869 * 9.91080 * 1 / 3 = 34.8731 / 3 = 11.6244 > 6.
    Decision decision =
        session.submit(
            aTransaction()
                .region(Region.RJ)
                .modality(PaymentModality.TED)
                .at("00:15")
                .amount("10000.00"));

    assertThat(decision.riskComponents())
        .containsOnly(entry("t5", 3.5187), entry("t6", 9.9108), entry("t7", 1.0));
    assertThat(decision.riskScore()).isEqualTo(11.6244);
    assertThat(decision.rejectedBy()).containsExactly(RuleCode.RISCO);
  }

  @Test
  void atNoonTheScoreIsZeroHoweverFarAndLarge() {
    // t7 = |12 - 12| / 12 = 0.
    Decision decision =
        session.submit(aTransaction().region(Region.RR).at("12:59").amount("90000.00"));

    assertThat(decision.riskScore()).isEqualTo(0.0);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void theHourIsTheWholeHourOfDayInSaoPaulo() {
    // 23:59 -> hour 23 -> t7 = 11 / 12 = 0.9167; 13:00 -> 1 / 12 = 0.0833.
    assertThat(session.submit(aTransaction().at("23:59")).riskComponents())
        .contains(entry("t7", 0.9167));
    assertThat(session.submit(aTransaction().at("13:00")).riskComponents())
        .contains(entry("t7", 0.0833));
  }

  @Test
  void theMeanCountsRejectedTransactionsToo() {
    Session poor = new Session(seedEngine(), aPayer().balance("100.00").build());
    // Rejected by SALDO, still part of the mean: (500 + 100) / 2 = 300, t6 = 100 / 300 = 0.3333.
    assertThat(poor.submit(aTransaction().amount("500.00")).rejectedBy())
        .containsExactly(RuleCode.SALDO);

    assertThat(poor.submit(aTransaction().amount("100.00")).riskComponents())
        .contains(entry("t6", 0.3333));
  }

  @Test
  void aThresholdOfExactlyTheScoreApproves() {
    // The first example scores 8.1423: with the threshold at 8.1423 it is approved.
    RulesConfig config = RulesLoader.fromYaml("{ profile: seed, seed: { threshold: 8.1423 } }");

    Decision decision =
        new Session(new ApprovalEngine(config), aPayer().build())
            .submit(aTransaction().region(Region.AM).at("00:30").amount("50.00"));

    assertThat(decision.riskScore()).isEqualTo(8.1423);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void balanceAndLimitAreCheckedAsInTheDefaultProfile() {
    Session payer =
        new Session(
            seedEngine(), aPayer().balance("1000.00").limit(PaymentModality.TED, "600.00").build());

    assertThat(
            payer
                .submit(aTransaction().modality(PaymentModality.TED).amount("600.01"))
                .rejectedBy())
        .containsExactly(RuleCode.LIMITE);
    assertThat(
            payer.submit(aTransaction().modality(PaymentModality.TED).amount("600.00")).approved())
        .isTrue();
    assertThat(payer.submit(aTransaction().amount("400.01")).rejectedBy())
        .containsExactly(RuleCode.SALDO);
    assertThat(payer.submit(aTransaction().amount("400.00")).approved()).isTrue();
  }

  @Test
  void thereIsNoNightPixLimitAndNoVelocityLimit() {
    for (int i = 0; i < 15; i++) {
      Decision decision = session.submit(aTransaction().at("02:00:" + (10 + i)).amount("2000.00"));
      assertThat(decision.approved()).as("transaction %d", i + 1).isTrue();
    }
  }
}
