package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.NOON;
import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VELOCIDADE: a payer's transaction is rejected when 10 or more of its transactions already have an
 * event time in (t - 60 s, t]. All transactions here are R$ 50.00 PIX at home by day, so no other
 * rule interferes.
 */
class VelocidadeRuleTest {

  private static final Instant T0 = NOON;
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Duration SIXTY_SECONDS = Duration.ofSeconds(60);
  private static final Duration ONE_MS = Duration.ofMillis(1);

  private final Session session = new Session(defaultEngine(), aPayer().build());

  /** Ten transactions at T0, T0 + 1 s, ..., T0 + 9 s, all approved. */
  private void tenTransactionsFromT0() {
    for (int i = 0; i < 10; i++) {
      assertThat(session.submit(aTransaction().at(T0.plus(ONE_SECOND.multipliedBy(i)))).approved())
          .as("transaction %d", i + 1)
          .isTrue();
    }
  }

  @Test
  void theTenthTransactionInTheWindowIsApproved() {
    for (int i = 0; i < 9; i++) {
      session.submit(aTransaction().at(T0.plus(ONE_SECOND.multipliedBy(i))));
    }

    assertThat(session.submit(aTransaction().at(T0.plusSeconds(30))).approved()).isTrue();
  }

  @Test
  void theEleventhTransactionInTheWindowIsRejected() {
    tenTransactionsFromT0();

    Decision eleventh = session.submit(aTransaction().at(T0.plusSeconds(30)));

    assertThat(eleventh.rejectedBy()).containsExactly("VELOCIDADE");
  }

  @Test
  void anEventExactlySixtySecondsAfterTheFirstNoLongerCountsIt() {
    tenTransactionsFromT0();

    // The window is (T0, T0 + 60 s]: T0 itself is out, nine remain.
    Decision atSixtySeconds = session.submit(aTransaction().at(T0.plus(SIXTY_SECONDS)));

    assertThat(atSixtySeconds.approved()).isTrue();
  }

  @Test
  void anEventOneMillisecondEarlierStillCountsIt() {
    tenTransactionsFromT0();

    Decision at59999 = session.submit(aTransaction().at(T0.plus(SIXTY_SECONDS).minus(ONE_MS)));

    assertThat(at59999.rejectedBy()).containsExactly("VELOCIDADE");
  }

  @Test
  void rejectedTransactionsCountTooSoEveryOneBeyondTheTenthIsRejected() {
    List<Boolean> approvals = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      approvals.add(
          session.submit(aTransaction().at(T0.plus(ONE_SECOND.multipliedBy(i)))).approved());
    }

    assertThat(approvals.subList(0, 10)).containsOnly(true);
    assertThat(approvals.subList(10, 20)).containsOnly(false);
  }

  @Test
  void transactionsAtTheSameInstantCountEachOnce() {
    for (int i = 0; i < 10; i++) {
      session.submit(aTransaction().at(T0));
    }

    assertThat(session.submit(aTransaction().at(T0)).rejectedBy()).containsExactly("VELOCIDADE");
  }

  @Test
  void aBurstThatSlowsDownIsApprovedAgainOnceTheWindowEmpties() {
    tenTransactionsFromT0();

    assertThat(session.submit(aTransaction().at(T0.plusSeconds(59))).approved()).isFalse();
    // (T0 + 9 s, T0 + 69 s] holds only the rejected one at T0 + 59 s.
    assertThat(session.submit(aTransaction().at(T0.plusSeconds(69))).approved()).isTrue();
  }

  @Test
  void theStateRemembersAtMostMaxTransactionsInstantsWithinOneWindowOfTheLatest() {
    for (int i = 0; i < 25; i++) {
      session.submit(aTransaction().at(T0.plusMillis(100L * i)));
    }
    assertThat(session.state().recentEventTimes()).hasSize(10);
    assertThat(session.state().recentEventTimes().get(0)).isEqualTo(T0.plusMillis(1_500));

    session.submit(aTransaction().at(T0.plusSeconds(200)));
    assertThat(session.state().recentEventTimes()).containsExactly(T0.plusSeconds(200));
  }

  @Test
  void anOutOfOrderEventCountsTheRememberedEventsInItsOwnWindow() {
    // Ten events at T0 + 50 s ... T0 + 59 s, then a late one at T0 + 5 s: its window
    // (T0 - 55 s, T0 + 5 s] holds none of them, so it is approved.
    for (int i = 0; i < 10; i++) {
      session.submit(aTransaction().at(T0.plusSeconds(50 + i)));
    }
    assertThat(session.submit(aTransaction().at(T0.plusSeconds(5))).approved()).isTrue();

    // A late one at T0 + 58.5 s: its window (T0 - 1.5 s, T0 + 58.5 s] holds the nine remembered
    // events at T0 + 50 s ... T0 + 58 s (the one at T0 + 5 s was not kept: the state keeps the ten
    // latest), so it is approved too. An event earlier than the latest one seen never finds ten.
    assertThat(session.submit(aTransaction().at(T0.plusMillis(58_500))).approved()).isTrue();

    // In event-time order again, the window (T0 + 0.5 s, T0 + 60.5 s] holds ten: rejected.
    assertThat(session.submit(aTransaction().at(T0.plusMillis(60_500))).rejectedBy())
        .containsExactly("VELOCIDADE");
  }

  @Test
  void anEventOlderThanWhatTheStateRemembersCountsOnlyWhatIsRemembered() {
    // Ten events at T0 ... T0 + 9 s, then one at T0 + 100 s: the first ten are forgotten, being
    // more than 60 s before the latest. A late event at T0 + 9.5 s then sees an empty window.
    tenTransactionsFromT0();
    session.submit(aTransaction().at(T0.plusSeconds(100)));

    assertThat(session.submit(aTransaction().at(T0.plusMillis(9_500))).approved()).isTrue();
  }

  @Test
  void theCountAndTheWindowComeFromTheConfig() {
    RulesConfig config =
        RulesLoader.fromYaml("velocidade: { maxTransactions: 2, window: 10s }\nlimits: []");
    Session strict = new Session(new ApprovalEngine(config), aPayer().build());

    assertThat(strict.submit(aTransaction().at(T0)).approved()).isTrue();
    assertThat(strict.submit(aTransaction().at(T0.plusSeconds(1))).approved()).isTrue();
    assertThat(strict.submit(aTransaction().at(T0.plusSeconds(9))).rejectedBy())
        .containsExactly("VELOCIDADE");
    // (T0 + 0.5 s, T0 + 10.5 s] holds T0 + 1 s and the rejected T0 + 9 s.
    assertThat(strict.submit(aTransaction().at(T0.plusMillis(10_500))).rejectedBy())
        .containsExactly("VELOCIDADE");
    assertThat(strict.submit(aTransaction().at(T0.plusSeconds(30))).approved()).isTrue();
  }
}
