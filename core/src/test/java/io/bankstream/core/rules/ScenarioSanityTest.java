package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.bundledDefaultsEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default rules against the producer's traffic, built here by hand after its documented
 * scenarios: each fraud scenario trips the rule it targets, normal traffic trips none.
 */
class ScenarioSanityTest {

  private static final List<String> DAY_TIMES =
      List.of("06:00", "09:30", "12:00", "15:45", "19:59");

  /** Every (home UF, UF at least 1,500 km away) pair: where an account takeover happens. */
  static Stream<Arguments> farPairs() {
    return Arrays.stream(Region.values())
        .flatMap(
            home ->
                Arrays.stream(Region.values())
                    .filter(other -> home.distanceKm(other) >= 1500)
                    .map(other -> Arguments.of(home, other)));
  }

  @ParameterizedTest(name = "home {0}, takeover from {1}")
  @MethodSource("farPairs")
  void aTypicalAccountTakeoverByDayScoresAboveTheThreshold(Region home, Region far) {
    // distance 1 (0.40) and at least 10 times the usual R$ 80 (amount 1, 0.45): 0.85 by day.
    for (String amount : List.of("800.00", "1600.00", "3200.00")) {
      for (String time : DAY_TIMES) {
        Decision decision =
            new Session(bundledDefaultsEngine(), aPayer().home(home).build())
                .submit(aTransaction().region(far).at(time).amount(amount));

        assertThat(decision.riskScore()).as("R$ %s at %s", amount, time).isGreaterThan(0.8);
        assertThat(decision.rejectedBy()).containsExactly("RISCO");
      }
    }
  }

  @ParameterizedTest(name = "home {0}")
  @EnumSource(Region.class)
  void aTypicalNormalHomePixIsNotFlaggedAtAnyHour(Region home) {
    // Normal PIX amounts: log-normal, median 80, sigma 1.2; R$ 880 is about median * e^(2 sigma),
    // under the night limit too. At home the score is at most 0.45 + 0.15 = 0.6.
    for (String amount : List.of("1.00", "15.00", "80.00", "250.00", "880.00")) {
      for (int hour = 0; hour < 24; hour++) {
        String time = String.format("%02d:30", hour);
        Decision decision =
            new Session(bundledDefaultsEngine(), aPayer().home(home).build())
                .submit(aTransaction().region(home).at(time).amount(amount));

        assertThat(decision.rejectedBy()).as("R$ %s at %s", amount, time).isEmpty();
      }
    }
  }

  @Test
  void aNormalPaymentInANearbyUfIsNotFlagged() {
    // SP -> RJ (360.6 km: 0.40 * 0.2404 = 0.0962) at three times the usual amount by evening:
    // 0.0962 + 0.45 * log10(3) + 0.15 * 0.5 = 0.0962 + 0.2147 + 0.075 = 0.3859.
    Decision decision =
        new Session(bundledDefaultsEngine(), aPayer().build())
            .submit(aTransaction().region(Region.RJ).at("20:30").amount("240.00"));

    assertThat(decision.riskScore()).isEqualTo(0.3859);
    assertThat(decision.approved()).isTrue();
  }

  @Test
  void aVelocityBurstIsRejectedFromItsFifthPaymentAndByVelocityBeyondTheTenth() {
    Session session = new Session(bundledDefaultsEngine(), aPayer().build());
    List<List<String>> reasons =
        Stream.iterate(0, i -> i + 1)
            .limit(16)
            .map(
                i ->
                    session
                        .submit(
                            aTransaction()
                                .at(RulesFixtures.NOON.plusMillis(1_300L * i))
                                .amount(String.valueOf(5 + 3 * i) + ".00"))
                        .rejectedBy())
            .toList();

    // 1.3 s apart: RAJADA_1MIN (more than 4 in a minute) from the 5th, VELOCIDADE from the 11th.
    assertThat(reasons.subList(0, 4)).allMatch(List::isEmpty);
    assertThat(reasons.subList(4, 10)).allMatch(r -> r.equals(List.of("RAJADA_1MIN")));
    assertThat(reasons.subList(10, 16))
        .allMatch(r -> r.equals(List.of("VELOCIDADE", "RAJADA_1MIN")));
  }

  @Test
  void aNightPixIsRejectedByTheNightLimitOnly() {
    // At home, R$ 3,000 at 23:10: distance 0, amount 1, hour 0.5 -> 0.525, under the threshold.
    Decision decision =
        new Session(bundledDefaultsEngine(), aPayer().build())
            .submit(aTransaction().at("23:10").amount("3000.00"));

    assertThat(decision.rejectedBy()).containsExactly("PIX_NOTURNO");
  }

  @Test
  void aBalanceDrainIsRejectedByBalanceAndTheTedLimitOnTheLaterPayments() {
    Session session = new Session(bundledDefaultsEngine(), aPayer().balance("5000.00").build());
    List<List<String>> reasons =
        Stream.of("2000.00", "2000.00", "2000.00", "2000.00")
            .map(
                amount ->
                    session
                        .submit(aTransaction().modality(PaymentModality.TED).amount(amount))
                        .rejectedBy())
            .toList();

    // The third TED in 10 minutes is one too many (TED_10MIN), and above what is left (SALDO).
    assertThat(reasons)
        .containsExactly(
            List.of(), List.of(), List.of("SALDO", "TED_10MIN"), List.of("SALDO", "TED_10MIN"));
    assertThat(session.state().availableBalance()).isEqualByComparingTo("1000.00");
  }

  @Test
  void limitProbingIsRejectedByLimit() {
    Session session =
        new Session(
            bundledDefaultsEngine(), aPayer().limit(PaymentModality.DOC, "3000.00").build());

    for (String amount : List.of("3000.01", "3075.50", "3150.00")) {
      assertThat(
              session
                  .submit(aTransaction().modality(PaymentModality.DOC).amount(amount))
                  .rejectedBy())
          .as("R$ %s", amount)
          .containsExactly("LIMITE");
    }
  }
}
