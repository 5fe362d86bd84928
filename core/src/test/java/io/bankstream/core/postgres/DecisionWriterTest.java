package io.bankstream.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How {@link DecisionWriter} turns a decision's score and components into column values. */
class DecisionWriterTest {

  @Test
  void theRiskScoreIsRoundedHalfUpToFourDecimals() {
    assertThat(DecisionWriter.storedRiskScore(0.12345)).isEqualTo(new BigDecimal("0.1235"));
    assertThat(DecisionWriter.storedRiskScore(0.12344)).isEqualTo(new BigDecimal("0.1234"));
    assertThat(DecisionWriter.storedRiskScore(0.8)).isEqualTo(new BigDecimal("0.8000"));
    assertThat(DecisionWriter.storedRiskScore(0)).isEqualTo(new BigDecimal("0.0000"));
  }

  @Test
  void theRiskScoreIsClampedToTheColumnsRange() {
    assertThat(DecisionWriter.storedRiskScore(99.99994)).isEqualTo(new BigDecimal("99.9999"));
    assertThat(DecisionWriter.storedRiskScore(99.99995)).isEqualTo(new BigDecimal("99.9999"));
    assertThat(DecisionWriter.storedRiskScore(1e9)).isEqualTo(new BigDecimal("99.9999"));
    assertThat(DecisionWriter.storedRiskScore(Double.POSITIVE_INFINITY))
        .isEqualTo(new BigDecimal("99.9999"));
    assertThat(DecisionWriter.storedRiskScore(-1e9)).isEqualTo(new BigDecimal("-99.9999"));
  }

  @Test
  void aRiskScoreThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> DecisionWriter.storedRiskScore(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a number");
  }

  @Test
  void theComponentsBecomeAJsonObject() {
    Map<String, Double> components = new TreeMap<>();
    components.put("amount", 0.25);
    components.put("distance", 1.0e-7);
    components.put("name \"with\" quotes", 2.0);

    assertThat(DecisionWriter.componentsJson(components))
        .isEqualTo("{\"amount\":0.25,\"distance\":1.0E-7,\"name \\\"with\\\" quotes\":2.0}");
    assertThat(DecisionWriter.componentsJson(Map.of())).isEqualTo("{}");
  }

  @Test
  void aComponentThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> DecisionWriter.componentsJson(Map.of("hour", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hour");
  }
}
