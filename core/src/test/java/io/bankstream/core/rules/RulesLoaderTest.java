package io.bankstream.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bankstream.model.PaymentModality;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules file: defaults, partial overrides, and a refusal naming the field for a bad one. */
class RulesLoaderTest {

  @TempDir Path dir;

  @Test
  void theBundledFileGivesEveryValueAndLoadsAsAnyFile() throws URISyntaxException {
    Path bundled =
        Path.of(
            Objects.requireNonNull(
                    RulesLoader.class.getResource(RulesLoader.DEFAULT_RULES_RESOURCE))
                .toURI());

    assertThat(RulesLoader.fromCompleteYaml(RulesLoader.defaultRulesYaml()))
        .isEqualTo(RulesConfig.defaults());
    assertThat(RulesLoader.load(bundled)).isEqualTo(RulesConfig.defaults());
  }

  @Test
  void aCompleteDocumentWithoutAValueIsRefusedNamingIt() {
    String withoutWindow = RulesLoader.defaultRulesYaml().replace("  window: 60s\n", "");

    assertThatThrownBy(() -> RulesLoader.fromCompleteYaml(withoutWindow))
        .isInstanceOf(RulesConfigException.class)
        .hasMessage("velocidade.window: is missing");
  }

  @Test
  void anEmptyFileIsTheDefaults() {
    assertThat(RulesLoader.fromYaml("")).isEqualTo(RulesConfig.defaults());
    assertThat(RulesLoader.fromYaml("# nothing to change\n")).isEqualTo(RulesConfig.defaults());
    assertThat(RulesLoader.fromYaml("risco:\nseed:\n")).isEqualTo(RulesConfig.defaults());
  }

  @Test
  void aPartialFileOverridesOnlyWhatItNames() {
    RulesConfig config =
        RulesLoader.fromYaml(
            """
            profile: seed
            velocidade:
              window: 2m
            risco:
              weights: { distance: 0.5, amount: 0.3, hour: 0.2 }
              usualAmount: { pix: 120.50 }
            """);

    RulesConfig defaults = RulesConfig.defaults();
    RulesConfig.Risco risco = defaults.risco();
    Map<PaymentModality, BigDecimal> usual = new EnumMap<>(risco.usualAmount());
    usual.put(PaymentModality.PIX, new BigDecimal("120.50"));
    RulesConfig expected =
        new RulesConfig(
            RuleProfile.SEED,
            defaults.pixNoturno(),
            new RulesConfig.Velocidade(
                defaults.velocidade().maxTransactions(), Duration.ofMinutes(2)),
            new RulesConfig.Risco(
                risco.threshold(),
                new RulesConfig.Weights(0.5, 0.3, 0.2),
                risco.distanceScaleKm(),
                risco.amountRatioScale(),
                risco.usualAmountAlpha(),
                usual,
                risco.hourRisk()),
            defaults.seed(),
            defaults.limits());
    assertThat(config).isEqualTo(expected);
  }

  @Test
  void readsEveryValueItIsGiven() {
    RulesConfig config =
        RulesLoader.fromYaml(
            """
            profile: default
            pixNoturno: { nightStart: "21:30", nightEnd: "05:00:30", limit: 500 }
            velocidade: { maxTransactions: 5, window: PT30S }
            risco:
              threshold: 0.75
              weights: { distance: 0.3, amount: 0.5, hour: 0.2 }
              distanceScaleKm: 2000
              amountRatioScale: 20
              usualAmountAlpha: 0.1
              usualAmount: { PIX: 90, BOLETO: 300, TED: 2000, DOC: 1000 }
              hourRisk: [1, 1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.25, 0.5, 0.75]
            seed: { threshold: 4.5 }
            """);

    assertThat(config.pixNoturno().nightStart()).isEqualTo(LocalTime.of(21, 30));
    assertThat(config.pixNoturno().nightEnd()).isEqualTo(LocalTime.of(5, 0, 30));
    assertThat(config.pixNoturno().limit()).isEqualTo(new BigDecimal("500.00"));
    assertThat(config.velocidade().maxTransactions()).isEqualTo(5);
    assertThat(config.velocidade().window()).isEqualTo(Duration.ofSeconds(30));
    RulesConfig.Risco risco = config.risco();
    assertThat(risco.threshold()).isEqualTo(0.75);
    assertThat(risco.weights().distance()).isEqualTo(0.3);
    assertThat(risco.weights().amount()).isEqualTo(0.5);
    assertThat(risco.weights().hour()).isEqualTo(0.2);
    assertThat(risco.distanceScaleKm()).isEqualTo(2000);
    assertThat(risco.amountRatioScale()).isEqualTo(20);
    assertThat(risco.usualAmountAlpha()).isEqualTo(0.1);
    assertThat(risco.usualAmount())
        .containsEntry(PaymentModality.PIX, new BigDecimal("90.00"))
        .containsEntry(PaymentModality.BOLETO, new BigDecimal("300.00"))
        .containsEntry(PaymentModality.TED, new BigDecimal("2000.00"))
        .containsEntry(PaymentModality.DOC, new BigDecimal("1000.00"));
    assertThat(risco.hourRisk().get(5)).isEqualTo(0.5);
    assertThat(risco.hourRisk().get(23)).isEqualTo(0.75);
    assertThat(config.seed().threshold()).isEqualTo(4.5);
  }

  @Test
  void durationsAreWrittenWithAUnit() {
    assertThat(RulesLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(RulesLoader.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(RulesLoader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(RulesLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(RulesLoader.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    for (String notADuration : List.of("60", "60 seconds", "1.5s", "PT")) {
      assertThatThrownBy(() -> RulesLoader.parseDuration(notADuration))
          .isInstanceOf(RulesConfigException.class)
          .hasMessage("'" + notADuration + "' is not a duration (write e.g. 60s)");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          risco: { weights: { amount: 1.7 } }          | risco.weights.amount: must be between 0 and 1, was 1.7
          velocidade: { window: 60 seconds }           | velocidade.window: '60 seconds' is not a duration (write e.g. 60s)
          velocidade: { window: 60 }                   | velocidade.window: '60' is not a duration
          velocidade: { window: 0s }                   | velocidade.window: must be more than 0 and at most 24h, was 0ms
          velocidade: { window: 25h }                  | velocidade.window: must be more than 0 and at most 24h
          velocidade: { maxTransactions: 10.5 }        | velocidade.maxTransactions: must be a whole number, was 10.5
          velocidade: { maxTransactions: 0 }           | velocidade.maxTransactions: must be a whole number from 1 to 1000, was 0
          profile: sed                                 | profile: must be one of default, seed, was 'sed'
          risco: { weights: { distance: 0.6 } }        | risco.weights: must sum to 1, they sum to 1.2
          pixNoturno: { limit: -5 }                    | pixNoturno.limit: must be a positive amount
          pixNoturno: { limit: 0 }                     | pixNoturno.limit: must be a positive amount
          pixNoturno: { limit: 1000.001 }              | pixNoturno.limit: must be a positive amount with at most two decimals, was 1000.001
          pixNoturno: { limit: lots }                  | pixNoturno.limit: must be a number, was 'lots'
          pixNoturno: { nightStart: 2000 }             | pixNoturno.nightStart: '2000' is not a time of day (write e.g. "20:00")
          pixNoturno: { nightStart: "25:00" }          | pixNoturno.nightStart: '25:00' is not a time of day
          pixNoturno: { nightStart: "06:00" }          | pixNoturno.nightEnd: must differ from pixNoturno.nightStart
          pixNoturno: { nightStrat: "20:00" }          | pixNoturno.nightStrat: unknown field (known: nightStart, nightEnd, limit)
          risco: { treshold: 0.9 }                     | risco.treshold: unknown field (known: threshold, weights, distanceScaleKm, amountRatioScale, usualAmountAlpha, usualAmount, hourRisk)
          risco: { threshold: 1.5 }                    | risco.threshold: must be between 0 and 1, was 1.5
          risco: { threshold: }                        | risco.threshold: has no value
          risco: { threshold: [0.8] }                  | risco.threshold: must be a number, was a list
          risco: 0.8                                   | risco: must be a mapping of threshold, weights
          risco: { distanceScaleKm: 0 }                | risco.distanceScaleKm: must be a positive number of km, was 0
          risco: { amountRatioScale: 1 }               | risco.amountRatioScale: must be more than 1, was 1
          risco: { usualAmountAlpha: 0 }               | risco.usualAmountAlpha: must be more than 0 and at most 1, was 0
          risco: { usualAmount: { CHEQUE: 10 } }       | risco.usualAmount.CHEQUE: unknown field (known: PIX, TED, DOC, BOLETO)
          risco: { usualAmount: { PIX: 0 } }          | risco.usualAmount.PIX: must be a positive amount
          risco: { usualAmount: { pix: 1, PIX: 2 } }   | risco.usualAmount.PIX: PIX is given twice
          risco: { hourRisk: [1, 1] }                  | risco.hourRisk: must be a list of 24 numbers (hours 0 to 23), has 2
          risco: { hourRisk: 1 }                       | risco.hourRisk: must be a list of numbers, was 1
          saldo: { minimum: 0 }                        | saldo: unknown field (known: profile, pixNoturno, velocidade, risco, seed, limits)
          seed: { threshold: -1 }                      | seed.threshold: must be a number, 0 or more, was -1
          seed: { threshold: abc }                     | seed.threshold: must be a number, was 'abc'
          velocidade: { maxTransactions: abc }         | velocidade.maxTransactions: must be a whole number, was abc
          velocidade: { window: [60s] }                | velocidade.window: must be a single value, was a list
          profile: [seed]                              | profile: must be a single value, was a list
          pixNoturno: { limit: }                       | pixNoturno.limit: has no value
          risco: { usualAmount: 5 }                    | risco.usualAmount: must be a mapping of PIX, TED, DOC, BOLETO, was 5
          risco: { hourRisk: [1, abc] }                | risco.hourRisk[1]: must be a number, was 'abc'
          sald:                                        | sald: unknown field (known: profile, pixNoturno, velocidade, risco, seed, limits)
          seed: { largeAmount: 0 }                     | seed.largeAmount: must be a positive amount
          seed: { hourZone: Mars/Olympus }             | seed.hourZone: 'Mars/Olympus' is not a time zone (write e.g. UTC or America/Sao_Paulo)
          limits: 5                                    | limits: must be a list
          limits: [ { code: soma, measure: sum, window: 1h, max: 10 } ]                     | limits[0].code: must be 2 to 32 upper-case letters, digits or _, starting with a letter, was 'soma'
          limits: [ { code: SALDO, measure: sum, window: 1h, max: 10 } ]                    | limits[0].code: 'SALDO' is a built-in rule's code; give the limit its own
          limits: [ { code: SOMA, measure: avg, window: 1h, max: 10 } ]                     | limits[0].measure: must be one of sum, count, distinctUfs, was 'avg'
          limits: [ { code: SOMA, measure: sum, window: 2d, max: 10 } ]                     | limits[0].window: '2d' is not a duration (write e.g. 60s)
          limits: [ { code: SOMA, measure: sum, window: 25h, max: 10 } ]                    | limits[0].window: must be more than 0 and at most 24h
          limits: [ { code: SOMA, measure: sum, window: 1h, max: 10.001 } ]                 | limits[0].max: must be a positive amount with at most two decimals, was 10.001
          limits: [ { code: CONTA, measure: count, window: 1h, max: 2.5 } ]                 | limits[0].max: must be a whole number from 1 to 1000 for count, was 2.5
          limits: [ { code: UFS, measure: distinctUfs, window: 1h, max: 27 } ]              | limits[0].max: must be a whole number from 1 to 26 for distinctUfs, was 27
          limits: [ { code: SOMA, measure: sum, window: 1h, max: 10, modality: CHEQUE } ]   | limits[0].modality: must be ANY or one of PIX, TED, DOC, BOLETO, was 'CHEQUE'
          limits: [ { code: SOMA, measure: sum, window: 1h } ]                              | limits[0].max: is missing
          limits: [ { code: SOMA, measure: sum, window: 1h, max: 10, mx: 2 } ]              | limits[0].mx: unknown field (known: code, description, measure, window, max, modality)
          limits: [ { code: A1, measure: count, window: 1h, max: 3 }, { code: A1, measure: count, window: 2h, max: 5 } ] | limits[1].code: 'A1' is the code of an earlier limit; each limit needs its own
          """)
  void refusesABadFileNamingTheField(String yaml, String expectedMessage) {
    assertThatThrownBy(() -> RulesLoader.fromYaml(yaml))
        .isInstanceOf(RulesConfigException.class)
        .hasMessageStartingWith(expectedMessage);
  }

  @Test
  void theFieldAtFaultIsAlsoAvailableAlone() {
    RulesConfigException e =
        catchThrowableOfType(
            RulesConfigException.class,
            () -> RulesLoader.fromYaml("risco:\n  weights:\n    amount: 1.7\n"));

    assertThat(e.field()).contains("risco.weights.amount");
    assertThat(e.problem()).isEqualTo("must be between 0 and 1, was 1.7");
  }

  @Test
  void anHourRiskOutOfRangeIsNamedByItsIndex() {
    String hours = "0, ".repeat(23) + "1.5";

    assertThatThrownBy(() -> RulesLoader.fromYaml("risco: { hourRisk: [" + hours + "] }"))
        .hasMessage("risco.hourRisk[23]: must be between 0 and 1, was 1.5");
  }

  @Test
  void malformedYamlIsRefusedWithItsLine() {
    String yaml = "risco:\n  threshold: 0.8\n   weights: 3\n";

    assertThatThrownBy(() -> RulesLoader.fromYaml(yaml))
        .isInstanceOf(RulesConfigException.class)
        .hasMessageStartingWith("line 3, column 11: malformed YAML: ")
        .hasMessageContaining("mapping values are not allowed here");
  }

  @Test
  void anUnclosedQuoteIsRefusedWithTheLineWhereTheProblemIs() {
    assertThatThrownBy(() -> RulesLoader.fromYaml("pixNoturno:\n  nightStart: \"20:00\n"))
        .hasMessageStartingWith("line 3, column 1: malformed YAML: while scanning a quoted scalar");
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThatThrownBy(() -> RulesLoader.fromYaml("profile: default\nprofile: seed\n"))
        .hasMessage("line 2, column 8: malformed YAML: a key is given twice ('profile')");
  }

  @Test
  void aFileThatIsNotAMappingIsRefused() {
    assertThatThrownBy(() -> RulesLoader.fromYaml("- profile: seed\n"))
        .hasMessage(
            "the rules file must be a mapping of sections (profile, pixNoturno, velocidade, risco,"
                + " seed, limits), was a list");
  }

  @Test
  void aMissingFileIsRefusedWithItsPath() {
    Path missing = dir.resolve("no-such-rules.yaml");

    assertThatThrownBy(() -> RulesLoader.load(missing))
        .isInstanceOf(RulesConfigException.class)
        .hasMessage("rules file " + missing + ": not found");
  }

  @Test
  void aBadFileIsRefusedWithItsPathAndTheField() throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "velocidade:\n  window: soon\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RulesLoader.load(file))
        .isInstanceOf(RulesConfigException.class)
        .hasMessage(
            "rules file " + file + ": velocidade.window: 'soon' is not a duration (write e.g. 60s)")
        .extracting(e -> ((RulesConfigException) e).field())
        .isEqualTo(java.util.Optional.of("velocidade.window"));
  }

  @Test
  void aDocumentIsRefusedAsTextAsItIsInAFile() throws IOException {
    String yaml = "risco:\n  weights: { amount: 1.7 }\n";
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);

    RulesConfigException fromText =
        catchThrowableOfType(RulesConfigException.class, () -> RulesLoader.fromYaml(yaml));
    RulesConfigException fromFile =
        catchThrowableOfType(RulesConfigException.class, () -> RulesLoader.load(file));

    assertThat(fromFile.field()).isEqualTo(fromText.field()).contains("risco.weights.amount");
    assertThat(fromFile.problem()).isEqualTo(fromText.problem());
    assertThat(fromFile).hasMessage("rules file " + file + ": " + fromText.getMessage());
  }

  @Test
  void aCountMayEndInPointZero() {
    RulesConfig config = RulesLoader.fromYaml("velocidade: { maxTransactions: 12.0 }");

    assertThat(config.velocidade().maxTransactions()).isEqualTo(12);
  }

  @Test
  void aGoodFileIsLoaded() throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "seed:\n  threshold: 5\n", StandardCharsets.UTF_8);

    assertThat(RulesLoader.load(file).seed().threshold()).isEqualTo(5.0);
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "profile: padr\u00e3o\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageEndingWith(": is not UTF-8 text");
  }

  @Test
  void theProfileCanBeOverriddenByName() {
    assertThat(RulesConfig.defaults().withProfile("seed").profile()).isEqualTo(RuleProfile.SEED);
    assertThatThrownBy(() -> RulesConfig.defaults().withProfile("SEED"))
        .isInstanceOf(RulesConfigException.class)
        .hasMessage("profile: must be one of default, seed, was 'SEED'");
  }
}
