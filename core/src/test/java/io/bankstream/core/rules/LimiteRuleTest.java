package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LIMITE: the amount against the payer's per-transaction limit for the modality. */
class LimiteRuleTest {

  private static UserProfile payerWithLimit(PaymentModality modality, String limit) {
    return aPayer().limit(modality, limit).build();
  }

  @ParameterizedTest
  @EnumSource(PaymentModality.class)
  void approvesJustBelowAndAtTheLimit(PaymentModality modality) {
    Session session = new Session(defaultEngine(), payerWithLimit(modality, "500.00"));

    assertThat(session.submit(aTransaction().modality(modality).amount("499.99")).approved())
        .isTrue();
    assertThat(session.submit(aTransaction().modality(modality).amount("500.00")).approved())
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(PaymentModality.class)
  void rejectsOneCentAboveTheLimit(PaymentModality modality) {
    Session session = new Session(defaultEngine(), payerWithLimit(modality, "500.00"));

    Decision decision = session.submit(aTransaction().modality(modality).amount("500.01"));

    assertThat(decision.rejectedBy()).containsExactly("LIMITE");
  }

  @Test
  void usesTheLimitOfTheTransactionsModalityOnly() {
    UserProfile payer = payerWithLimit(PaymentModality.PIX, "100.00");
    Session session = new Session(defaultEngine(), payer);

    assertThat(
            session
                .submit(aTransaction().modality(PaymentModality.TED).amount("900.00"))
                .approved())
        .isTrue();
    assertThat(
            session
                .submit(aTransaction().modality(PaymentModality.PIX).amount("100.01"))
                .rejectedBy())
        .containsExactly("LIMITE");
  }

  @Test
  void aRejectionByLimitDoesNotDebitTheBalance() {
    Session session =
        new Session(
            defaultEngine(),
            aPayer().balance("1000.00").limit(PaymentModality.PIX, "500.00").build());

    session.submit(aTransaction().amount("600.00"));

    assertThat(session.state().availableBalance()).isEqualByComparingTo("1000.00");
  }
}
