package io.bankstream.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which version decides a transaction: the newest (highest number) whose effective time is at or
 * before the transaction's event time, whatever the order versions are known in; version 0, the
 * start-up rules, where none is in force.
 */
class RuleVersionsTest {

  private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
  private static final RulesConfig STARTUP = RulesConfig.defaults();

  private static RuleVersion version(int number, Instant from, String nightLimit) {
    RulesConfig defaults = RulesConfig.defaults();
    RulesConfig rules =
        new RulesConfig(
            defaults.profile(),
            new RulesConfig.PixNoturno(
                defaults.pixNoturno().nightStart(),
                defaults.pixNoturno().nightEnd(),
                new BigDecimal(nightLimit)),
            defaults.velocidade(),
            defaults.risco(),
            defaults.seed(),
            defaults.limits());
    return new RuleVersion(number, from, rules);
  }

  @Test
  void withNoVersionTheStartupRulesDecideAsVersionZero() {
    RuleVersions versions = RuleVersions.only(STARTUP);

    assertThat(versions.select(T).number()).isZero();
    assertThat(versions.select(T).rules()).isEqualTo(STARTUP);
    assertThat(versions.engineAt(T).version()).isZero();
    assertThat(versions.newest()).isZero();
  }

  @Test
  void aVersionDecidesFromItsEffectiveTimeInclusive() {
    RuleVersions versions = RuleVersions.of(STARTUP, List.of(version(1, T, "500.00")));

    assertThat(versions.select(T.minusMillis(1)).number()).isZero();
    assertThat(versions.select(T).number()).isEqualTo(1);
    assertThat(versions.select(T.plusSeconds(3600)).number()).isEqualTo(1);
  }

  @Test
  void theNewestInForceDecidesEvenIfAnOlderOneTookEffectLater() {
    // Version 2 (effective at T + 1 h) is superseded by version 3, published later with an
    // earlier effective time (T + 30 min): from T + 30 min on, 3 decides; 2 never does.
    RuleVersions versions =
        RuleVersions.of(
            STARTUP,
            List.of(
                version(1, RuleVersionStore.FROM_THE_START, "1000.00"),
                version(3, T.plusSeconds(1800), "300.00"),
                version(2, T.plusSeconds(3600), "500.00")));

    assertThat(versions.select(T).number()).isEqualTo(1);
    assertThat(versions.select(T.plusSeconds(1800)).number()).isEqualTo(3);
    assertThat(versions.select(T.plusSeconds(7200)).number()).isEqualTo(3);
    assertThat(versions.newest()).isEqualTo(3);
  }

  @Test
  void aLaterVersionInForceWinsOverAnEarlierOne() {
    RuleVersions versions =
        RuleVersions.of(
            STARTUP,
            List.of(
                version(1, RuleVersionStore.FROM_THE_START, "1000.00"), version(2, T, "500.00")));

    assertThat(versions.select(T.minusSeconds(1)).number()).isEqualTo(1);
    assertThat(versions.select(T).number()).isEqualTo(2);
    assertThat(versions.engineAt(T).config().pixNoturno().limit()).isEqualByComparingTo("500");
    assertThat(versions.engineAt(T).version()).isEqualTo(2);
  }

  @Test
  void theSelectionDoesNotDependOnTheOrderVersionsAreGivenIn() {
    List<RuleVersion> all =
        List.of(
            version(1, RuleVersionStore.FROM_THE_START, "1000.00"),
            version(2, T, "500.00"),
            version(3, T.plusSeconds(60), "250.00"));
    RuleVersions forward = RuleVersions.of(STARTUP, all);
    List<RuleVersion> reversed = new ArrayList<>(all);
    Collections.reverse(reversed);
    RuleVersions backward = RuleVersions.of(STARTUP, reversed);

    for (long seconds = -120; seconds <= 120; seconds += 30) {
      Instant at = T.plusSeconds(seconds);
      assertThat(backward.select(at)).isEqualTo(forward.select(at));
    }
  }

  @Test
  void addingAVersionReplacesOneOfTheSameNumber() {
    RuleVersions versions =
        RuleVersions.of(STARTUP, List.of(version(1, T, "500.00")))
            .with(version(2, T.plusSeconds(10), "400.00"));

    assertThat(versions.newest()).isEqualTo(2);
    assertThat(versions.select(T.plusSeconds(10)).number()).isEqualTo(2);
  }

  @Test
  void refusesTwoVersionsOfOneNumberOrANumberZero() {
    assertThatThrownBy(
            () -> RuleVersions.of(STARTUP, List.of(version(1, T, "1.00"), version(1, T, "2.00"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleVersions.of(STARTUP, List.of(version(0, T, "1.00"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
