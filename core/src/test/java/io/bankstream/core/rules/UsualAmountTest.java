package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import org.junit.jupiter.api.Test;

/**
 * The usual amount behind RISCO's amount component: per modality, e^ema where ema moves towards
 * ln(amount) by alpha = 0.2 after each approved transaction, starting from ln(default usual
 * amount). The usual amount a transaction is compared with is the one before it, shown as {@code
 * usualAmount} in its components.
 */
class UsualAmountTest {

  private final Session session = new Session(defaultEngine(), aPayer().build());

  private double usualAmountSeenBy(RulesFixtures.TransactionBuilder tx) {
    return session.submit(tx).riskComponents().get("usualAmount");
  }

  @Test
  void aNewPayerIsComparedWithTheDefaultUsualAmountOfTheModality() {
    assertThat(usualAmountSeenBy(aTransaction().modality(PaymentModality.PIX))).isEqualTo(80.0);
    assertThat(usualAmountSeenBy(aTransaction().modality(PaymentModality.BOLETO))).isEqualTo(250.0);
    assertThat(usualAmountSeenBy(aTransaction().modality(PaymentModality.TED))).isEqualTo(1500.0);
    assertThat(usualAmountSeenBy(aTransaction().modality(PaymentModality.DOC))).isEqualTo(800.0);
  }

  @Test
  void oneApprovedTransactionMovesTheUsualAmountAFifthOfTheWayInLogs() {
    // ema = ln 80 + 0.2 (ln 2000 - ln 80) = ln(80 * 25^0.2) = ln(80 * 1.903654) = ln 152.29.
    assertThat(session.submit(aTransaction().amount("2000.00")).approved()).isTrue();

    assertThat(session.state().usualLogAmounts().get(PaymentModality.PIX))
        .isCloseTo(Math.log(152.2923), within(1e-6));
    assertThat(usualAmountSeenBy(aTransaction())).isEqualTo(152.29);
  }

  @Test
  void aRejectedTransactionDoesNotMoveTheUsualAmount() {
    // Far away and 25 times the usual amount: score 0.85, rejected by RISCO.
    Decision rejected = session.submit(aTransaction().region(Region.AM).amount("2000.00"));
    assertThat(rejected.rejectedBy()).containsExactly("RISCO");

    assertThat(session.state().usualLogAmounts()).isEmpty();
    assertThat(usualAmountSeenBy(aTransaction())).isEqualTo(80.0);
  }

  @Test
  void eachModalityHasItsOwnUsualAmount() {
    session.submit(aTransaction().modality(PaymentModality.PIX).amount("2000.00"));

    assertThat(usualAmountSeenBy(aTransaction().modality(PaymentModality.TED))).isEqualTo(1500.0);
    assertThat(session.state().usualLogAmounts())
        .containsOnlyKeys(PaymentModality.PIX, PaymentModality.TED);
  }

  @Test
  void smallPaymentsLowerTheUsualAmount() {
    // ema = ln 80 + 0.2 (ln 8 - ln 80) = ln(80 * 0.1^0.2) = ln(80 * 0.630957) = ln 50.48.
    session.submit(aTransaction().amount("8.00"));

    assertThat(usualAmountSeenBy(aTransaction())).isEqualTo(50.48);
  }

  @Test
  void aPayerWhoAlwaysPaysTwoThousandIsNoLongerFlaggedForItAfterAFewTransactions() {
    // From AM (distance 1, 0.40), by day, R$ 2,000 against the default 80: amount 1, score 0.85.
    Decision before = session.submit(aTransaction().region(Region.AM).amount("2000.00"));
    assertThat(before.riskScore()).isEqualTo(0.85);
    assertThat(before.rejectedBy()).containsExactly("RISCO");

    // Three R$ 2,000 payments at home (score 0.45, approved) teach the usual amount:
    // ln usual = ln 2000 - 0.8^3 (ln 2000 - ln 80) -> usual = 80 * 25^(1 - 0.512) = 384.84.
    for (int i = 0; i < 3; i++) {
      assertThat(session.submit(aTransaction().amount("2000.00")).approved()).isTrue();
    }

    // From AM again: amount = log10(2000 / 384.84) = 0.71575; 0.40 + 0.45 * 0.71575 = 0.7221.
    Decision after = session.submit(aTransaction().region(Region.AM).amount("2000.00"));
    assertThat(after.riskComponents())
        .contains(entry("usualAmount", 384.84), entry("amount", 0.7157));
    assertThat(after.riskScore()).isEqualTo(0.7221);
    assertThat(after.approved()).isTrue();
  }

  @Test
  void afterManyTransactionsTheUsualAmountIsTheAmount() {
    for (int i = 0; i < 80; i++) {
      session.submit(aTransaction().at(RulesFixtures.NOON.plusSeconds(60L * i)).amount("2000.00"));
    }

    Decision decision =
        session.submit(aTransaction().at(RulesFixtures.AFTERNOON).amount("2000.00"));
    assertThat(decision.riskComponents())
        .contains(entry("usualAmount", 2000.0), entry("amount", 0.0));
  }

  @Test
  void alphaComesFromTheConfig() {
    RulesConfig config = RulesLoader.fromYaml("risco: { usualAmountAlpha: 1.0 }");
    Session forgetful = new Session(new ApprovalEngine(config), aPayer().build());

    forgetful.submit(aTransaction().amount("2000.00"));

    assertThat(forgetful.submit(aTransaction()).riskComponents())
        .contains(entry("usualAmount", 2000.0));
  }
}
