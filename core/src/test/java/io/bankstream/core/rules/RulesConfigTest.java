package io.bankstream.core.rules;

import static io.bankstream.core.rules.RulesFixtures.saoPaulo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.PaymentModality;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules' numbers as data: the defaults, the checks on every field, and serializability. */
class RulesConfigTest {

  @Test
  void theDefaultsAreThoseOfTheSpec() {
    RulesConfig defaults = RulesConfig.defaults();

    assertThat(defaults.profile()).isEqualTo(RuleProfile.DEFAULT);
    assertThat(defaults.nightStart()).isEqualTo(LocalTime.of(20, 0));
    assertThat(defaults.nightEnd()).isEqualTo(LocalTime.of(6, 0));
    assertThat(defaults.nightPixLimit()).isEqualTo(new BigDecimal("1000.00"));
    assertThat(defaults.velocityMaxTransactions()).isEqualTo(10);
    assertThat(defaults.velocityWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.riskThreshold()).isEqualTo(0.8);
    assertThat(defaults.distanceWeight()).isEqualTo(0.40);
    assertThat(defaults.amountWeight()).isEqualTo(0.45);
    assertThat(defaults.hourWeight()).isEqualTo(0.15);
    assertThat(defaults.distanceScaleKm()).isEqualTo(1500);
    assertThat(defaults.amountRatioScale()).isEqualTo(10);
    assertThat(defaults.usualAmountAlpha()).isEqualTo(0.2);
    assertThat(defaults.defaultUsualAmount(PaymentModality.PIX)).isEqualTo(new BigDecimal("80.00"));
    assertThat(defaults.defaultUsualAmount(PaymentModality.BOLETO))
        .isEqualTo(new BigDecimal("250.00"));
    assertThat(defaults.defaultUsualAmount(PaymentModality.TED))
        .isEqualTo(new BigDecimal("1500.00"));
    assertThat(defaults.defaultUsualAmount(PaymentModality.DOC))
        .isEqualTo(new BigDecimal("800.00"));
    assertThat(defaults.hourRisk()).hasSize(24);
    assertThat(defaults.seedRiskThreshold()).isEqualTo(6.0);
  }

  @Test
  void theNightCrossesMidnightWhenItStartsAfterItEnds() {
    RulesConfig defaults = RulesConfig.defaults();

    assertThat(defaults.isNight(saoPaulo("19:59:59.999"))).isFalse();
    assertThat(defaults.isNight(saoPaulo("20:00"))).isTrue();
    assertThat(defaults.isNight(saoPaulo("00:00"))).isTrue();
    assertThat(defaults.isNight(saoPaulo("05:59:59.999"))).isTrue();
    assertThat(defaults.isNight(saoPaulo("06:00"))).isFalse();
  }

  @Test
  void weightsSummingToOneWithinRoundingAreAccepted() {
    RulesConfig thirds =
        RulesConfig.defaults().toBuilder()
            .distanceWeight(1.0 / 3)
            .amountWeight(1.0 / 3)
            .hourWeight(1.0 / 3)
            .build();

    assertThat(thirds.distanceWeight()).isEqualTo(1.0 / 3);
  }

  @Test
  void weightsNotSummingToOneAreRefused() {
    assertThatThrownBy(() -> RulesConfig.defaults().toBuilder().distanceWeight(0.41).build())
        .isInstanceOf(RulesConfigException.class)
        .hasMessage("risco.weights: must sum to 1, they sum to 1.01");
  }

  @Test
  void everyModalityNeedsAUsualAmount() {
    assertThatThrownBy(
            () ->
                RulesConfig.defaults().toBuilder()
                    .defaultUsualAmount(PaymentModality.DOC, null)
                    .build())
        .hasMessage("risco.usualAmount.DOC: is missing");
  }

  @Test
  void aNanIsRefused() {
    assertThatThrownBy(() -> RulesConfig.defaults().toBuilder().riskThreshold(Double.NaN).build())
        .hasMessage("risco.threshold: must be between 0 and 1, was NaN");
  }

  @Test
  void theHourRiskListIsCopied() {
    List<Double> hours = new java.util.ArrayList<>(Collections.nCopies(24, 0.0));
    RulesConfig config = RulesConfig.defaults().toBuilder().hourRisk(hours).build();
    hours.set(0, 1.0);

    assertThat(config.hourRisk().get(0)).isEqualTo(0.0);
  }

  @Test
  void survivesJavaSerializationAsBeamWouldShipIt() throws IOException, ClassNotFoundException {
    RulesConfig config = RulesConfig.defaults().withProfile(RuleProfile.SEED);

    assertThat(roundTrip(config)).isEqualTo(config);
    assertThat(roundTrip(new ApprovalEngine(config)).config()).isEqualTo(config);
  }

  @SuppressWarnings("unchecked") // the object written is the one read back
  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
