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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules' numbers as data: the defaults, the checks on every field, and serializability. */
class RulesConfigTest {

  private static final RulesConfig.Risco DEFAULT_RISCO = RulesConfig.defaults().risco();

  @Test
  void theDefaultsAreThoseOfTheSpec() {
    RulesConfig defaults = RulesConfig.defaults();

    assertThat(defaults.profile()).isEqualTo(RuleProfile.DEFAULT);
    assertThat(defaults.pixNoturno().nightStart()).isEqualTo(LocalTime.of(20, 0));
    assertThat(defaults.pixNoturno().nightEnd()).isEqualTo(LocalTime.of(6, 0));
    assertThat(defaults.pixNoturno().limit()).isEqualTo(new BigDecimal("1000.00"));
    assertThat(defaults.velocidade().maxTransactions()).isEqualTo(10);
    assertThat(defaults.velocidade().window()).isEqualTo(Duration.ofSeconds(60));
    RulesConfig.Risco risco = defaults.risco();
    assertThat(risco.threshold()).isEqualTo(0.8);
    assertThat(risco.weights().distance()).isEqualTo(0.40);
    assertThat(risco.weights().amount()).isEqualTo(0.45);
    assertThat(risco.weights().hour()).isEqualTo(0.15);
    assertThat(risco.distanceScaleKm()).isEqualTo(1500);
    assertThat(risco.amountRatioScale()).isEqualTo(10);
    assertThat(risco.usualAmountAlpha()).isEqualTo(0.2);
    assertThat(risco.usualAmount(PaymentModality.PIX)).isEqualTo(new BigDecimal("80.00"));
    assertThat(risco.usualAmount(PaymentModality.BOLETO)).isEqualTo(new BigDecimal("250.00"));
    assertThat(risco.usualAmount(PaymentModality.TED)).isEqualTo(new BigDecimal("1500.00"));
    assertThat(risco.usualAmount(PaymentModality.DOC)).isEqualTo(new BigDecimal("800.00"));
    assertThat(risco.hourRisk()).hasSize(24);
    assertThat(defaults.seed().threshold()).isEqualTo(6.0);
  }

  @Test
  void theNightCrossesMidnightWhenItStartsAfterItEnds() {
    RulesConfig.PixNoturno night = RulesConfig.defaults().pixNoturno();

    assertThat(night.isNight(saoPaulo("19:59:59.999"))).isFalse();
    assertThat(night.isNight(saoPaulo("20:00"))).isTrue();
    assertThat(night.isNight(saoPaulo("00:00"))).isTrue();
    assertThat(night.isNight(saoPaulo("05:59:59.999"))).isTrue();
    assertThat(night.isNight(saoPaulo("06:00"))).isFalse();
  }

  @Test
  void weightsSummingToOneWithinRoundingAreAccepted() {
    RulesConfig.Weights thirds = new RulesConfig.Weights(1.0 / 3, 1.0 / 3, 1.0 / 3);

    assertThat(thirds.distance()).isEqualTo(1.0 / 3);
  }

  @Test
  void weightsNotSummingToOneAreRefused() {
    assertThatThrownBy(() -> new RulesConfig.Weights(0.41, 0.45, 0.15))
        .isInstanceOf(RulesConfigException.class)
        .hasMessage("risco.weights: must sum to 1, they sum to 1.01");
  }

  @Test
  void everyModalityNeedsAUsualAmount() {
    Map<PaymentModality, BigDecimal> withoutDoc = new EnumMap<>(DEFAULT_RISCO.usualAmount());
    withoutDoc.remove(PaymentModality.DOC);

    assertThatThrownBy(() -> risco(DEFAULT_RISCO.threshold(), withoutDoc, DEFAULT_RISCO.hourRisk()))
        .hasMessage("risco.usualAmount.DOC: is missing");
  }

  @Test
  void aNanIsRefused() {
    assertThatThrownBy(
            () -> risco(Double.NaN, DEFAULT_RISCO.usualAmount(), DEFAULT_RISCO.hourRisk()))
        .hasMessage("risco.threshold: must be between 0 and 1, was NaN");
  }

  @Test
  void theHourRiskListIsCopied() {
    List<Double> hours = new ArrayList<>(Collections.nCopies(24, 0.0));
    RulesConfig.Risco risco = risco(DEFAULT_RISCO.threshold(), DEFAULT_RISCO.usualAmount(), hours);
    hours.set(0, 1.0);

    assertThat(risco.hourRisk().get(0)).isEqualTo(0.0);
  }

  /** The default {@code risco} section with these three values instead. */
  private static RulesConfig.Risco risco(
      double threshold, Map<PaymentModality, BigDecimal> usualAmount, List<Double> hourRisk) {
    return new RulesConfig.Risco(
        threshold,
        DEFAULT_RISCO.weights(),
        DEFAULT_RISCO.distanceScaleKm(),
        DEFAULT_RISCO.amountRatioScale(),
        DEFAULT_RISCO.usualAmountAlpha(),
        usualAmount,
        hourRisk);
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
