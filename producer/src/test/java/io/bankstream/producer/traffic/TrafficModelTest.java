package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficModelTest {

  private static final Instant EIGHT_PM = at(2024, 6, 3, 20, 0);
  private static final Instant SIX_AM = at(2024, 6, 3, 6, 0);

  @Test
  void defaultsAreTheDocumentedNumbers() {
    TrafficModel model = TrafficModel.defaults();
    assertThat(model.modalityShare(PaymentModality.PIX)).isCloseTo(0.70, within(1e-12));
    assertThat(model.modalityShare(PaymentModality.BOLETO)).isCloseTo(0.15, within(1e-12));
    assertThat(model.modalityShare(PaymentModality.TED)).isCloseTo(0.10, within(1e-12));
    assertThat(model.modalityShare(PaymentModality.DOC)).isCloseTo(0.05, within(1e-12));
    assertThat(model.amounts().get(PaymentModality.PIX)).isEqualTo(new LogNormal(80, 1.2));
    assertThat(model.amounts().get(PaymentModality.TED)).isEqualTo(new LogNormal(1_500, 1.0));
    assertThat(model.hourWeights()).hasSize(24);
    assertThat(model.hourWeightSum()).isCloseTo(100, within(1e-9));
    double night = 0;
    for (int hour = 0; hour < 24; hour++) {
      night += hour >= 20 || hour < 6 ? model.hourShare(hour) : 0;
    }
    assertThat(night).isCloseTo(0.155, within(1e-9));
    assertThat(model.homeRegionProbability()).isEqualTo(0.92);
  }

  @Test
  void nightIsFromEightPmToSixAmInSaoPaulo() {
    assertThat(TrafficModel.isNight(EIGHT_PM.minusMillis(1))).isFalse();
    assertThat(TrafficModel.isNight(EIGHT_PM)).isTrue();
    assertThat(TrafficModel.isNight(SIX_AM.minusMillis(1))).isTrue();
    assertThat(TrafficModel.isNight(SIX_AM)).isFalse();
    // 22:00 UTC is 19:00 in São Paulo.
    assertThat(TrafficModel.isNight(Instant.parse("2024-06-03T22:00:00Z"))).isFalse();
  }

  @Test
  void theGeneratorIsConservativeAtTheEndsOfTheNight() {
    assertThat(TransactionGenerator.mayBeNight(SIX_AM)).isTrue();
    assertThat(TransactionGenerator.mayBeNight(SIX_AM.plusMillis(1))).isFalse();
    assertThat(TransactionGenerator.mayBeNight(EIGHT_PM)).isTrue();
    assertThat(TransactionGenerator.surelyNight(EIGHT_PM)).isFalse();
    assertThat(TransactionGenerator.surelyNight(EIGHT_PM.plusMillis(1))).isTrue();
    assertThat(TransactionGenerator.surelyNight(SIX_AM)).isFalse();
    assertThat(TransactionGenerator.allowedFraudScenarios(EIGHT_PM.plusMillis(1)))
        .contains(Scenario.NIGHT_PIX);
    assertThat(TransactionGenerator.allowedFraudScenarios(SIX_AM))
        .doesNotContain(Scenario.NIGHT_PIX, Scenario.NORMAL)
        .hasSize(4);
  }

  @Test
  void everyUfHasAUfAtLeast1500KmAway() {
    for (Region home : Region.values()) {
      assertThat(Sampling.regionsAtLeast(home, FraudScenarios.TAKEOVER_MIN_DISTANCE_KM))
          .as("UFs far from %s", home)
          .isNotEmpty()
          .doesNotContain(home);
    }
  }

  @Test
  void refusesIncompleteOrOutOfRangeParameters() {
    TrafficModel defaults = TrafficModel.defaults();
    Map<PaymentModality, Double> noDoc = new EnumMap<>(defaults.modalityMix());
    noDoc.remove(PaymentModality.DOC);
    assertThatThrownBy(
            () -> new TrafficModel(noDoc, defaults.amounts(), defaults.hourWeights(), 0.92))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modalityMix");
    assertThatThrownBy(
            () ->
                new TrafficModel(
                    defaults.modalityMix(),
                    defaults.amounts(),
                    defaults.hourWeights().subList(0, 23),
                    0.92))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hourWeights");
    assertThatThrownBy(
            () ->
                new TrafficModel(
                    defaults.modalityMix(), defaults.amounts(), Collections.nCopies(24, 0.0), 0.92))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hourWeights");
    assertThatThrownBy(
            () ->
                new TrafficModel(
                    defaults.modalityMix(), defaults.amounts(), defaults.hourWeights(), 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("homeRegionProbability");
    assertThatThrownBy(() -> new LogNormal(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("median");
  }
}
