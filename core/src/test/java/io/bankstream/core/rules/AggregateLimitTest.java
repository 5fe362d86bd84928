package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aggregate limits of a rules version, per payer over a window of event time ({@code (t -
 * window, t]}, this transaction included): {@code sum} of approved amounts, {@code count} of
 * transactions approved or not, {@code distinctUfs}; each rejecting with its own code, after the
 * built-in rules.
 */
class AggregateLimitTest {

  private static Session session(String limitsYaml) {
    RulesConfig rules = RulesLoader.fromYaml(limitsYaml);
    return new Session(new ApprovalEngine(rules), aPayer().build());
  }

  @Test
  void aSumLimitCountsApprovedAmountsInTheWindowAndThisOne() {
    Session payer =
        session(
            "limits: [ { code: SOMA_1H, measure: sum, window: 1h, max: 1000.00, modality: PIX } ]");

    assertThat(payer.submit(aTransaction().at("12:00").amount("600.00")).approved()).isTrue();
    // 600 + 400 = 1,000: not above the limit.
    assertThat(payer.submit(aTransaction().at("12:10").amount("400.00")).approved()).isTrue();
    // 1,000 + 0.01 is above: rejected, and the rejected one does not count afterwards.
    assertThat(payer.submit(aTransaction().at("12:20").amount("0.01")).rejectedBy())
        .containsExactly("SOMA_1H");
    // A TED is another modality: the PIX limit neither counts nor checks it.
    assertThat(
            payer
                .submit(aTransaction().modality(PaymentModality.TED).at("12:25").amount("5000.00"))
                .approved())
        .isTrue();
    // 12:00's 600 leaves the window (t - 1 h, t] at 13:00 exactly: 400 + 600 = 1,000 fits.
    assertThat(payer.submit(aTransaction().at("13:00").amount("600.00")).approved()).isTrue();
  }

  @Test
  void aCountLimitCountsRejectedTransactionsToo() {
    Session payer =
        session("limits: [ { code: CONTA_10MIN, measure: count, window: 10m, max: 3 } ]");

    List<Decision> decisions =
        List.of(
            payer.submit(aTransaction().at("12:00")),
            payer.submit(aTransaction().at("12:01")),
            payer.submit(aTransaction().at("12:02")),
            payer.submit(aTransaction().at("12:03")),
            payer.submit(aTransaction().at("12:04")),
            // 12:00 has left (12:00, 12:10]; 12:01 to 12:04 remain: 4 + 1 = 5 > 3.
            payer.submit(aTransaction().at("12:10")),
            // 12:03 to 12:10 remain in (12:03, 12:13]: 12:04, 12:10 and this one: 3.
            payer.submit(aTransaction().at("12:13")));

    assertThat(decisions)
        .extracting(Decision::approved)
        .containsExactly(true, true, true, false, false, false, true);
    assertThat(decisions.get(3).rejectedBy()).containsExactly("CONTA_10MIN");
  }

  @Test
  void aDistinctUfLimitCountsTheUfsTheTransactionsCameFrom() {
    Session payer =
        session("limits: [ { code: UFS_1H, measure: distinctUfs, window: 1h, max: 2 } ]");

    assertThat(payer.submit(aTransaction().at("12:00").region(Region.SP)).approved()).isTrue();
    assertThat(payer.submit(aTransaction().at("12:05").region(Region.RJ)).approved()).isTrue();
    assertThat(payer.submit(aTransaction().at("12:06").region(Region.SP)).approved()).isTrue();
    assertThat(payer.submit(aTransaction().at("12:07").region(Region.MG)).rejectedBy())
        .containsExactly("UFS_1H");
  }

  @Test
  void limitsAreListedAfterTheBuiltInRulesInTheOrderDeclared() {
    Session payer =
        session(
            """
            pixNoturno: { limit: 100.00 }
            limits:
              - { code: SOMA_1H, measure: sum, window: 1h, max: 100.00 }
              - { code: CONTA_1H, measure: count, window: 1h, max: 1 }
            """);
    payer.submit(aTransaction().at("22:00").amount("10.00"));

    Decision decision = payer.submit(aTransaction().at("22:01").amount("150.00"));

    assertThat(decision.rejectedBy()).containsExactly("PIX_NOTURNO", "SOMA_1H", "CONTA_1H");
  }

  @Test
  void withoutLimitsThePayerStateKeepsNoHistory() {
    Session payer = session("limits: []");

    payer.submit(aTransaction().at("12:00"));

    assertThat(payer.state().history()).isEmpty();
  }

  @Test
  void theHistoryKeepsOnlyTheLongestWindow() {
    Session payer =
        session(
            """
            limits:
              - { code: CONTA_10MIN, measure: count, window: 10m, max: 100 }
              - { code: SOMA_30MIN, measure: sum, window: 30m, max: 100000.00 }
            """);

    payer.submit(aTransaction().at("12:00"));
    payer.submit(aTransaction().at("12:20"));
    payer.submit(aTransaction().at("12:31"));

    assertThat(payer.state().history())
        .extracting(PayerState.Recent::eventTime)
        .containsExactly(RulesFixtures.saoPaulo("12:20"), RulesFixtures.saoPaulo("12:31"));
  }
}
