package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.aPayer;
import static io.bankstream.core.rules.RulesFixtures.aTransaction;
import static io.bankstream.core.rules.RulesFixtures.defaultEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesFixtures.Session;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PIX_NOTURNO: a PIX in [20:00, 06:00) São Paulo time is at most R$ 1,000.00. All transactions here
 * are in the payer's home UF, so the risk score stays at most 0.6 and never interferes.
 */
class PixNoturnoRuleTest {

  private static Decision pix(String time, String amount) {
    return new Session(defaultEngine(), aPayer().build())
        .submit(aTransaction().modality(PaymentModality.PIX).at(time).amount(amount));
  }

  @ParameterizedTest(name = "a R$ 1,000.01 PIX at {0} is night: {1}")
  @CsvSource({
    "19:59:59.999, false",
    "20:00:00, true",
    "23:59:59.999, true",
    "00:00:00, true",
    "02:00:00, true",
    "05:59:59.999, true",
    "06:00:00, false",
    "12:00:00, false"
  })
  void theNightIsFromEightPmInclusiveToSixAmExclusive(String time, boolean night) {
    Decision decision = pix(time, "1000.01");

    assertThat(decision.rejectedBy().contains("PIX_NOTURNO")).isEqualTo(night);
  }

  @Test
  void atNightAPixOfExactlyTheLimitIsApproved() {
    assertThat(pix("20:00", "1000.00").approved()).isTrue();
    assertThat(pix("05:59:59.999", "999.99").approved()).isTrue();
  }

  @Test
  void atNightAPixOneCentAboveTheLimitIsRejected() {
    assertThat(pix("20:00", "1000.01").rejectedBy()).containsExactly("PIX_NOTURNO");
    assertThat(pix("05:59:59.999", "1000.01").rejectedBy()).containsExactly("PIX_NOTURNO");
  }

  @Test
  void byDayALargePixIsNotConcerned() {
    assertThat(pix("06:00", "5000.00").approved()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = PaymentModality.class,
      names = {"TED", "DOC", "BOLETO"})
  void otherModalitiesAreNotConcerned(PaymentModality modality) {
    Decision decision =
        new Session(defaultEngine(), aPayer().build())
            .submit(aTransaction().modality(modality).at("02:00").amount("5000.00"));

    assertThat(decision.rejectedBy()).doesNotContain("PIX_NOTURNO");
  }

  @Test
  void theNightAndTheLimitComeFromTheConfig() {
    RulesConfig config =
        RulesLoader.fromYaml(
            "pixNoturno: { nightStart: \"01:00\", nightEnd: \"05:00\", limit: 200.00 }");
    ApprovalEngine engine = new ApprovalEngine(config);

    Decision beforeNight =
        new Session(engine, aPayer().build())
            .submit(aTransaction().at("00:59:59").amount("200.01"));
    Decision atNight =
        new Session(engine, aPayer().build()).submit(aTransaction().at("01:00").amount("200.01"));
    Decision atTheLimit =
        new Session(engine, aPayer().build()).submit(aTransaction().at("04:59").amount("200.00"));
    Decision afterNight =
        new Session(engine, aPayer().build()).submit(aTransaction().at("05:00").amount("200.01"));

    assertThat(beforeNight.approved()).isTrue();
    assertThat(atNight.rejectedBy()).containsExactly("PIX_NOTURNO");
    assertThat(atTheLimit.approved()).isTrue();
    assertThat(afterNight.approved()).isTrue();
  }
}
