package io.bankstream.dashboard.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {

  private final ConnectionSettings initial =
      ConnectionSettings.fromEnvironment(Map.of("BANKSTREAM_DB_PASSWORD", "db-secret"));
  private final List<ConnectionSettings> applied = new ArrayList<>();
  private final SettingsViewModel model = new SettingsViewModel(initial, applied::add);

  @Test
  void showsTheSettingsInUse() {
    assertThat(model.redisHostProperty().get()).isEqualTo("127.0.0.1");
    assertThat(model.redisPortProperty().get()).isEqualTo("6379");
    assertThat(model.jdbcUrlProperty().get()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/bank");
    assertThat(model.refreshSecondsProperty().get()).isEqualTo("2");
    assertThat(model.problems()).isEmpty();
    assertThat(model.validProperty().get()).isTrue();
    assertThat(model.dirtyProperty().get()).isFalse();
  }

  @Test
  void aBadPortIsNamed() {
    for (String port : List.of("0", "65536", "http", "")) {
      model.redisPortProperty().set(port);

      assertThat(model.problems())
          .containsExactly("Redis port: must be a whole number from 1 to 65535");
      assertThat(model.validProperty().get()).isFalse();
    }
    model.redisPortProperty().set("65535");
    assertThat(model.problems()).isEmpty();
  }

  @Test
  void aUrlThatIsNotPostgresIsNamed() {
    model.jdbcUrlProperty().set("jdbc:mysql://127.0.0.1/bank");

    assertThat(model.problems()).containsExactly("JDBC URL: must start with jdbc:postgresql://");
  }

  @Test
  void everyProblemIsListed() {
    model.redisHostProperty().set(" ");
    model.dbUserProperty().set("");
    model.refreshSecondsProperty().set("120");

    assertThat(model.problems())
        .containsExactly(
            "Redis host: required",
            "Database user: required",
            "Refresh seconds: must be a whole number from 1 to 60");
  }

  @Test
  void applyRefusesInvalidFieldsWithoutCallingBack() {
    model.redisPortProperty().set("99999");

    assertThat(model.apply()).isFalse();

    assertThat(applied).isEmpty();
    assertThat(model.messageProperty().get()).startsWith("Not applied: Redis port:");
  }

  @Test
  void applyHandsTheNewSettingsOverKeepingTheEnvironmentsPasswords() {
    model.redisHostProperty().set(" cache.internal ");
    model.redisPortProperty().set("6380");
    model.redisSslProperty().set(true);
    model.jdbcUrlProperty().set("jdbc:postgresql://db.internal:5432/bank");
    model.dbPasswordFileProperty().set("/run/secrets/db");
    model.refreshSecondsProperty().set("5");
    assertThat(model.dirtyProperty().get()).isTrue();

    assertThat(model.apply()).isTrue();

    assertThat(applied).hasSize(1);
    ConnectionSettings next = applied.get(0);
    assertThat(next.redisUri()).isEqualTo("rediss://cache.internal:6380");
    assertThat(next.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/bank");
    assertThat(next.dbPasswordFile()).isEqualTo(Path.of("/run/secrets/db"));
    assertThat(next.dbPassword()).isEqualTo("db-secret");
    assertThat(next.refreshSeconds()).isEqualTo(5);
    assertThat(model.applied()).isEqualTo(next);
    assertThat(model.dirtyProperty().get()).isFalse();
    assertThat(model.messageProperty().get())
        .isEqualTo(
            "Applied: Redis rediss://cache.internal:6380, PostgreSQL"
                + " jdbc:postgresql://db.internal:5432/bank");
  }

  @Test
  void revertPutsBackTheSettingsInUse() {
    model.redisPortProperty().set("nope");

    model.revert();

    assertThat(model.redisPortProperty().get()).isEqualTo("6379");
    assertThat(model.problems()).isEmpty();
  }
}
