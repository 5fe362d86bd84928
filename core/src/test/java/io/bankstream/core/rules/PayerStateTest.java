package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.bundledDefaultsEngine;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.rules.RulesFixtures.Session;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-payer state: where it starts, what it keeps, and that it survives serialization. */
class PayerStateTest {

  @Test
  void startsFromThePayersBalanceWithNothingApproved() {
    PayerState state = PayerState.initial(aPayer().balance("1234.56").build());

    assertThat(state.baselineBalance()).isEqualByComparingTo("1234.56");
    assertThat(state.approvedTotal()).isEqualByComparingTo("0");
    assertThat(state.availableBalance()).isEqualByComparingTo("1234.56");
    assertThat(state.recentEventTimes()).isEmpty();
    assertThat(state.usualLogAmounts()).isEmpty();
    assertThat(state.history()).isEmpty();
  }

  @Test
  void remembersEveryTransactionForTheLimitsApprovedOrNot() {
    Session session = new Session(bundledDefaultsEngine(), aPayer().balance("100.00").build());

    session.submit(aTransaction().amount("60.00"));
    session.submit(aTransaction().amount("60.00"));

    assertThat(session.state().history())
        .extracting(PayerState.Recent::approved)
        .containsExactly(true, false);
    assertThat(session.state().approvedTotal()).isEqualByComparingTo("60.00");
  }

  @Test
  void theEvaluationIsPureTheSameInputsGiveTheSameOutputs() {
    ApprovalEngine engine = defaultEngine();
    PayerState state = PayerState.initial(aPayer().build());
    var tx = aTransaction().amount("700.00").build();

    ApprovalEngine.Evaluation first = engine.evaluate(tx, aPayer().build(), state);
    ApprovalEngine.Evaluation second = engine.evaluate(tx, aPayer().build(), state);

    assertThat(second).isEqualTo(first);
    assertThat(state).isEqualTo(PayerState.initial(aPayer().build()));
  }

  @Test
  void keepsItsEventTimesSorted() {
    Instant t = RulesFixtures.NOON;
    PayerState state =
        new PayerState(
            BigDecimal.TEN,
            BigDecimal.ZERO,
            List.of(t.plusSeconds(2), t, t.plusSeconds(1)),
            Map.of(),
            List.of());

    assertThat(state.recentEventTimes()).containsExactly(t, t.plusSeconds(1), t.plusSeconds(2));
  }

  @Test
  void refusesAnApprovedTotalAboveTheBaseline() {
    assertThatThrownBy(
            () ->
                new PayerState(
                    BigDecimal.TEN, new BigDecimal("10.01"), List.of(), Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAProfileThatIsNotTheTransactionsPayer() {
    var stranger =
        new io.bankstream.model.UserProfile(
            UUID.fromString("00000000-0000-4000-8000-000000000001"),
            io.bankstream.model.Region.SP,
            BigDecimal.TEN,
            aPayer().build().limits(),
            Instant.EPOCH);

    assertThatThrownBy(
            () ->
                defaultEngine()
                    .evaluate(aTransaction().build(), stranger, PayerState.initial(stranger)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the payer");
  }
}
