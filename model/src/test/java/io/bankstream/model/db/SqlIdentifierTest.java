package io.bankstream.model.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlIdentifierTest {

  @ParameterizedTest
  @ValueSource(strings = {"bank", "bank_etl", "_x", "bank_dashboard2", "a"})
  void plainLowerCaseIdentifiersPass(String name) {
    assertThat(SqlIdentifier.require("database", name)).isEqualTo(name);
  }

  @Test
  void sixtyThreeCharactersPassAndSixtyFourAreRefused() {
    assertThat(SqlIdentifier.require("user", "u".repeat(63))).hasSize(63);
    assertThatThrownBy(() -> SqlIdentifier.require("user", "u".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user must be");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Bank",
        "1bank",
        "bank-etl",
        "bank etl",
        "bank;drop table usuarios",
        "bank\"",
        "bank'--",
        "bänk",
        "bank\n"
      })
  void anythingElseIsRefusedNamingTheField(String name) {
    assertThatThrownBy(() -> SqlIdentifier.require("dashboard user", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dashboard user must be a lower-case SQL identifier");
  }
}
