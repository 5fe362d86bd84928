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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed profile as the seed's code computes it ({@code streaming_etl.py}, read 2026-12-04):
 * approved when saldo &gt; amount, amount &lt; limit and t5 * t6 * t7 / 3 &lt;= 6, with t5 the
 * Euclidean distance in degrees between the UF capitals, t6 = 1 above R$ 2,000 else 0, and t7 =
 * (hour - 12) / 12, signed, the hour in UTC (the seed's Spark session zone). Every number below is
 * computed by hand. Capitals: SP (-23.55, -46.63), RJ (-22.91, -43.17), AM (-3.12, -60.02). The
 * payer lives in SP; the fixtures' times are São Paulo's, UTC-3, so 20:30 there is 23:30 UTC.
 */
class SeedProfileTest {

  /** t5 from SP to AM: sqrt(20.43² + 13.39²) = sqrt(417.3849 + 179.2921) = sqrt(596.677). */
  private static final double T5_AM = 24.427;

  private final Session session = new Session(seedEngine(), aPayer().build());

  /** A session of the seed profile with {@code seed} for its section and {@code limits}. */
  private static Session seedSession(
      RulesConfig.Seed seed, List<RulesConfig.AggregateLimit> limits) {
    RulesConfig rules = RulesConfig.defaults().withProfile(RuleProfile.SEED).withLimits(limits);
    RulesConfig withSeed =
        new RulesConfig(
            rules.profile(),
            rules.pixNoturno(),
            rules.velocidade(),
            rules.risco(),
            seed,
            rules.limits());
    return new Session(new ApprovalEngine(withSeed), aPayer().build());
  }

  @Test
  void aLargePaymentFarAwayLateInTheUtcEveningIsRejectedByRisk() {
    // 20:30 in São Paulo is 23:30 UTC: t7 = (23 - 12) / 12 = 0.9167; t6 = 1 (2,500 > 2,000);
    // score = 24.42697 * 1 * 0.91667 / 3 = 7.4638 > 6.
    Decision decision =
        session.submit(aTransaction().region(Region.AM).at("20:30").amount("2500.00"));

    assertThat(decision.riskComponents())
        .containsOnly(entry("t5", T5_AM), entry("t6", 1.0), entry("t7", 0.9167));
    assertThat(decision.riskScore()).isEqualTo(7.4638);
    assertThat(decision.rejectedBy()).containsExactly("RISCO");
    assertThat(decision.profile()).isEqualTo("seed");
  }

  @Test
  void theHourIsSignedSoTheSmallHoursScoreBelowZeroAndAreApproved() {
    // 00:30 in São Paulo is 03:30 UTC: t7 = (3 - 12) / 12 = -0.75; score = -6.1067, approved.
    // The seed's formula is not |hour - 12|: its small hours lower the score.
    Decision decision =
        session.submit(aTransaction().region(Region.AM).at("00:30").amount("2500.00"));

    assertThat(decision.riskComponents()).contains(entry("t7", -0.75));
    assertThat(decision.riskScore()).isEqualTo(-6.1067);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void theScoreCrossesSixBetweenTwentyAndTwentyOneUtc() {
    // 17:59 SP = 20:59 UTC: t7 = 8/12, score = 24.42697 * 0.66667 / 3 = 5.4282, approved.
    // 18:00 SP = 21:00 UTC: t7 = 9/12, score = 24.42697 * 0.75 / 3 = 6.1067, rejected.
    Decision before =
        session.submit(aTransaction().region(Region.AM).at("17:59").amount("2000.01"));
    Decision after = session.submit(aTransaction().region(Region.AM).at("18:00").amount("2000.01"));

    assertThat(before.riskScore()).isEqualTo(5.4282);
    assertThat(before.approved()).isTrue();
    assertThat(after.riskScore()).isEqualTo(6.1067);
    assertThat(after.rejectedBy()).containsExactly("RISCO");
  }

  @Test
  void t6IsOneOnlyStrictlyAboveTwoThousand() {
    // 2,000.00 is not above 2,000: t6 = 0 and the score is 0 however far and late.
    Decision atTheLine =
        session.submit(aTransaction().region(Region.AM).at("20:30").amount("2000.00"));
    Decision aCentAbove =
        session.submit(aTransaction().region(Region.AM).at("20:30").amount("2000.01"));

    assertThat(atTheLine.riskComponents()).contains(entry("t6", 0.0));
    assertThat(atTheLine.riskScore()).isEqualTo(0.0);
    assertThat(atTheLine.approved()).isTrue();
    assertThat(aCentAbove.riskComponents()).contains(entry("t6", 1.0));
    assertThat(aCentAbove.rejectedBy()).containsExactly("RISCO");
  }

  @Test
  void atNoonUtcTheScoreIsZeroHoweverFarAndLarge() {
    // 09:00 SP = 12:00 UTC: t7 = 0.
    Decision decision =
        session.submit(aTransaction().region(Region.AM).at("09:00").amount("9000.00"));

    assertThat(decision.riskScore()).isEqualTo(0.0);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aNearbyLargePaymentStaysUnderTheThreshold() {
    // SP to RJ: t5 = sqrt(0.64² + 3.46²) = sqrt(12.3812) = 3.5187; 20:30 SP: t7 = 0.9167;
    // score = 3.51869 * 1 * 0.91667 / 3 = 1.0752.
    Decision decision =
        session.submit(aTransaction().region(Region.RJ).at("20:30").amount("5000.00"));

    assertThat(decision.riskComponents()).contains(entry("t5", 3.5187));
    assertThat(decision.riskScore()).isEqualTo(1.0752);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aThresholdOfExactlyTheScoreApproves() {
    Session exact =
        seedSession(
            new RulesConfig.Seed(7.4638, new BigDecimal("2000.00"), ZoneId.of("UTC")), List.of());

    Decision decision =
        exact.submit(aTransaction().region(Region.AM).at("20:30").amount("2500.00"));

    assertThat(decision.riskScore()).isEqualTo(7.4638);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void theHourZoneIsData() {
    // Read in São Paulo, 20:30 is hour 20: t7 = 8/12, score 5.4282, approved.
    Session local =
        seedSession(
            new RulesConfig.Seed(6.0, new BigDecimal("2000.00"), RulesConfig.ZONE), List.of());

    Decision decision =
        local.submit(aTransaction().region(Region.AM).at("20:30").amount("2500.00"));

    assertThat(decision.riskScore()).isEqualTo(5.4282);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void balanceAndLimitAreStrict() {
    Session poor =
        new Session(
            seedEngine(), aPayer().balance("100.00").limit(PaymentModality.TED, "50.00").build());

    // saldo > amount: 100.00 > 100.00 is false, so SALDO (the default profile approves it).
    assertThat(poor.submit(aTransaction().amount("100.00")).rejectedBy()).containsExactly("SALDO");
    // amount < limit: 50.00 < 50.00 is false, so LIMITE.
    assertThat(
            poor.submit(aTransaction().modality(PaymentModality.TED).amount("50.00")).rejectedBy())
        .containsExactly("LIMITE");
    assertThat(poor.submit(aTransaction().modality(PaymentModality.TED).amount("49.99")).approved())
        .isTrue();
  }

  @Test
  void theBalanceIsStaticButTheLedgerStillGuardsIt() {
    Session payer = new Session(seedEngine(), aPayer().balance("150.00").build());

    // 150.00 > 100.00: approved. The seed never lowered saldo, so 150 > 100 holds again...
    assertThat(payer.submit(aTransaction().amount("100.00")).approved()).isTrue();
    // ...but only 50.00 is left in the ledger, which may not go below zero: SALDO.
    assertThat(payer.submit(aTransaction().amount("100.00")).rejectedBy()).containsExactly("SALDO");
    // 40.00 fits both: approved.
    assertThat(payer.submit(aTransaction().amount("40.00")).approved()).isTrue();
  }

  @Test
  void aggregateLimitsDoNotApplyToTheSeedProfile() {
    Session payer =
        seedSession(
            RulesConfig.defaults().seed(),
            List.of(
                new RulesConfig.AggregateLimit(
                    "CONTA_1H",
                    "",
                    RulesConfig.Measure.COUNT,
                    Duration.ofHours(1),
                    BigDecimal.ONE,
                    "ANY")));

    payer.submit(aTransaction().at("12:00"));

    assertThat(payer.submit(aTransaction().at("12:01")).approved()).isTrue();
  }
}
