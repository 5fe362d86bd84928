package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SALDO: the amount against the payer's available balance, a ledger kept in the payer's state. */
class SaldoRuleTest {

  private final UserProfile payerWith1000 = aPayer().balance("1000.00").build();

  @Test
  void approvesAnAmountJustBelowTheBalance() {
    Session session = new Session(defaultEngine(), payerWith1000);

    assertThat(session.submit(aTransaction().amount("999.99")).approved()).isTrue();
  }

  @Test
  void approvesAnAmountEqualToTheBalance() {
    Session session = new Session(defaultEngine(), payerWith1000);

    assertThat(session.submit(aTransaction().amount("1000.00")).approved()).isTrue();
    assertThat(session.state().availableBalance()).isEqualByComparingTo("0.00");
  }

  @Test
  void rejectsAnAmountOneCentAboveTheBalance() {
    Session session = new Session(defaultEngine(), payerWith1000);

    Decision decision = session.submit(aTransaction().amount("1000.01"));

    assertThat(decision.approved()).isFalse();
    assertThat(decision.rejectedBy()).containsExactly("SALDO");
  }

  @Test
  void approvalsReduceTheAvailableBalanceAndRejectionsDoNot() {
    Session session = new Session(defaultEngine(), payerWith1000);

    assertThat(session.submit(aTransaction().amount("300.00")).approved()).isTrue();
    assertThat(session.state().availableBalance()).isEqualByComparingTo("700.00");
    assertThat(session.submit(aTransaction().amount("400.00")).approved()).isTrue();
    assertThat(session.state().availableBalance()).isEqualByComparingTo("300.00");

    Decision tooMuch = session.submit(aTransaction().amount("300.01"));
    assertThat(tooMuch.rejectedBy()).containsExactly("SALDO");
    assertThat(session.state().availableBalance()).isEqualByComparingTo("300.00");
    assertThat(session.state().approvedTotal()).isEqualByComparingTo("700.00");

    assertThat(session.submit(aTransaction().amount("300.00")).approved()).isTrue();
    assertThat(session.state().availableBalance()).isEqualByComparingTo("0.00");
  }

  @Test
  void aPayerCannotSpendTheSameBalanceTwice() {
    Session session = new Session(defaultEngine(), payerWith1000);

    Decision first = session.submit(aTransaction().amount("800.00"));
    Decision second = session.submit(aTransaction().amount("800.00"));

    assertThat(first.approved()).isTrue();
    assertThat(second.rejectedBy()).containsExactly("SALDO");
    assertThat(session.state().availableBalance()).isEqualByComparingTo("200.00");
  }

  @Test
  void everyModalityDrawsOnTheSameBalance() {
    Session session = new Session(defaultEngine(), payerWith1000);

    List<Boolean> approvals =
        List.of(
            session
                .submit(aTransaction().modality(PaymentModality.PIX).amount("250.00"))
                .approved(),
            session
                .submit(aTransaction().modality(PaymentModality.TED).amount("250.00"))
                .approved(),
            session
                .submit(aTransaction().modality(PaymentModality.DOC).amount("250.00"))
                .approved(),
            session
                .submit(aTransaction().modality(PaymentModality.BOLETO).amount("250.00"))
                .approved(),
            session.submit(aTransaction().modality(PaymentModality.PIX).amount("0.01")).approved());

    assertThat(approvals).containsExactly(true, true, true, true, false);
  }

  @Test
  void theBaselineIsTheBalanceWhenFirstSeenEvenIfTheProfileLaterShowsAnother() {
    ApprovalEngine engine = defaultEngine();
    PayerState state = PayerState.initial(payerWith1000);
    state = engine.evaluate(aTransaction().amount("600.00").build(), payerWith1000, state).next();

    // The sink debited usuarios.saldo: a refreshed profile shows 400.00. Counting the debit again
    // would leave 400 - 600 < 0; the state's ledger still allows exactly 400.00.
    UserProfile refreshed = aPayer().balance("400.00").build();
    Decision exactlyTheRest =
        engine.evaluate(aTransaction().amount("400.00").build(), refreshed, state).decision();
    Decision oneCentMore =
        engine.evaluate(aTransaction().amount("400.01").build(), refreshed, state).decision();

    assertThat(state.baselineBalance()).isEqualByComparingTo("1000.00");
    assertThat(exactlyTheRest.approved()).isTrue();
    assertThat(oneCentMore.rejectedBy()).containsExactly("SALDO");
  }

  @Test
  void aPayerWithAZeroBalanceCannotPayAnything() {
    Session session = new Session(defaultEngine(), aPayer().balance("0.00").build());

    assertThat(session.submit(aTransaction().amount("0.01")).rejectedBy()).containsExactly("SALDO");
    assertThat(session.state().availableBalance()).isEqualByComparingTo(BigDecimal.ZERO);
  }
}
