package io.bankstream.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rules configuration written out reads back the same, and two compare field by field. */
class RulesDocumentTest {

  private static final String CHANGED =
      """
      profile: default
      pixNoturno: { nightStart: "21:30", nightEnd: "05:00:30", limit: 500 }
      velocidade: { maxTransactions: 5, window: 90s }
      risco: { threshold: 0.75, weights: { distance: 0.3, amount: 0.5, hour: 0.2 } }
      seed: { threshold: 4.5, largeAmount: 1500.50, hourZone: America/Sao_Paulo }
      limits:
        - { code: SOMA_PIX_1H, description: "PIX per hour", measure: sum, window: 1h, max: 5000.00, modality: pix }
        - { code: UFS_1H, measure: distinctUfs, window: 1h, max: 2 }
      """;

  @Test
  void theDefaultsReadBackTheSame() {
    RulesConfig defaults = RulesConfig.defaults();

    assertThat(RulesLoader.fromYaml(RulesDocument.yaml(defaults))).isEqualTo(defaults);
  }

  @Test
  void everyValueReadsBackTheSame() {
    RulesConfig changed = RulesLoader.fromYaml(CHANGED);

    assertThat(RulesLoader.fromYaml(RulesDocument.yaml(changed))).isEqualTo(changed);
  }

  @Test
  void theDiffNamesEachChangedFieldWithBothValues() {
    RulesConfig defaults = RulesConfig.defaults().withLimits(List.of());
    RulesConfig changed =
        RulesLoader.fromYaml(
            """
            pixNoturno: { limit: 500 }
            limits: [ { code: UFS_1H, measure: distinctUfs, window: 1h, max: 2 } ]
            """);

    assertThat(RulesDocument.diff(defaults, changed))
        .containsExactly(
            new RulesDocument.Change("pixNoturno.limit", "1000.00", "500.00"),
            new RulesDocument.Change("limits", "[]", null),
            new RulesDocument.Change("limits.UFS_1H", null, "distinctUfs over 1h above 2, ANY"));
    assertThat(RulesDocument.diff(RulesConfig.defaults(), changed))
        .extracting(RulesDocument.Change::field)
        .containsExactly(
            "pixNoturno.limit",
            "limits.RAJADA_1MIN",
            "limits.TED_10MIN",
            "limits.SOMA_1H",
            "limits.UFS_1H");
    assertThat(RulesDocument.diff(changed, changed)).isEmpty();
  }

  @Test
  void durationsAreWrittenInTheLargestExactUnit() {
    assertThat(RulesDocument.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(RulesDocument.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(RulesDocument.duration(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(RulesDocument.duration(Duration.ofHours(2))).isEqualTo("2h");
  }
}
