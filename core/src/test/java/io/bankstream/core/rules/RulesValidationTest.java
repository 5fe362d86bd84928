package io.bankstream.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem of a rules document, each with its field's path, not only the first. */
class RulesValidationTest {

  private static List<String> problems(String yaml) {
    return RulesValidation.problems(yaml).stream().map(RulesConfigException::getMessage).toList();
  }

  @Test
  void aValidDocumentHasNone() {
    assertThat(problems("pixNoturno: { limit: 500 }")).isEmpty();
    assertThat(problems(RulesDocument.yaml(RulesConfig.defaults()))).isEmpty();
  }

  @Test
  void reportsEveryBadFieldInDocumentOrder() {
    assertThat(
            problems(
                """
                profile: sed
                pixNoturno: { limit: -5, nightStrat: "20:00" }
                velocidade: { window: 0s }
                risco: { weights: { amount: 1.7 }, treshold: 0.9 }
                limits:
                  - { code: soma, measure: avg, window: 1h, max: 10 }
                  - { code: UFS_1H, measure: distinctUfs, window: 1h, max: 30 }
                """))
        .containsExactlyInAnyOrder(
            "profile: must be one of default, seed, was 'sed'",
            "pixNoturno.nightStrat: unknown field (known: nightStart, nightEnd, limit)",
            "pixNoturno.limit: must be a positive amount with at most two decimals, was -5",
            "velocidade.window: must be more than 0 and at most 24h, was 0ms",
            "risco.treshold: unknown field (known: threshold, weights, distanceScaleKm,"
                + " amountRatioScale, usualAmountAlpha, usualAmount, hourRisk)",
            "risco.weights.amount: must be between 0 and 1, was 1.7",
            "limits[0].code: must be 2 to 32 upper-case letters, digits or _, starting with a"
                + " letter, was 'soma'",
            "limits[0].measure: must be one of sum, count, distinctUfs, was 'avg'",
            "limits[1].max: must be a whole number from 1 to 26 for distinctUfs, was 30");
  }

  @Test
  void malformedYamlIsOneProblemWithItsLine() {
    assertThat(problems("pixNoturno: { limit: 500\nvelocidade: ["))
        .singleElement()
        .asString()
        .contains("malformed YAML");
  }
}
