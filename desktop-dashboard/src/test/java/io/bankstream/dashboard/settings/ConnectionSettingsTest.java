package io.bankstream.dashboard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

  @Test
  void withoutEnvironmentItIsTheLocalStack() {
    ConnectionSettings settings = ConnectionSettings.fromEnvironment(Map.of());

    assertThat(settings.redisHost()).isEqualTo("127.0.0.1");
    assertThat(settings.redisPort()).isEqualTo(6379);
    assertThat(settings.redisUri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/bank");
    assertThat(settings.dbUser()).isEqualTo("bank_etl");
    assertThat(settings.refreshSeconds()).isEqualTo(2);
    assertThat(settings.redisPasswordResolved()).isNull();
    // A loopback URL without a password gets the local stack's development password.
    assertThat(settings.databasePassword()).isEqualTo("bank_etl");
  }

  @Test
  void theLocalStacksReadOnlyUserGetsItsOwnDevelopmentPassword() {
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(
            Map.of(ConnectionSettings.ENV_DB_USER, "bank_dashboard"));

    assertThat(settings.databasePassword()).isEqualTo("bank_dashboard");
  }

  @Test
  void theEnvironmentOverridesEveryField() {
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(
            Map.of(
                "BANKSTREAM_REDIS_HOST", "cache.internal",
                "BANKSTREAM_REDIS_PORT", "6380",
                "BANKSTREAM_REDIS_SSL", "true",
                "BANKSTREAM_REDIS_PASSWORD", "redis-secret",
                "BANKSTREAM_JDBC_URL",
                    "jdbc:postgresql://db.internal:5432/bank?sslmode=verify-full",
                "BANKSTREAM_DB_USER", "reader",
                "BANKSTREAM_DB_PASSWORD", "db-secret"));

    assertThat(settings.redisUri()).isEqualTo("rediss://cache.internal:6380");
    assertThat(settings.redisPasswordResolved()).isEqualTo("redis-secret");
    assertThat(settings.dbUser()).isEqualTo("reader");
    assertThat(settings.databasePassword()).isEqualTo("db-secret");
  }

  @Test
  void toStringNeverShowsPasswords() {
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(
            Map.of(
                "BANKSTREAM_REDIS_PASSWORD",
                "redis-secret",
                "BANKSTREAM_DB_PASSWORD",
                "db-secret"));

    assertThat(settings.toString())
        .doesNotContain("redis-secret")
        .doesNotContain("db-secret")
        .contains("dbPassword=****")
        .contains("redis=redis://127.0.0.1:6379");
  }

  @Test
  void aRemoteDatabaseWithoutPasswordIsRefusedNamingTheVariable() {
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(
            Map.of("BANKSTREAM_JDBC_URL", "jdbc:postgresql://db.example.com/bank"));

    assertThatThrownBy(settings::databasePassword).hasMessageContaining("BANKSTREAM_DB_PASSWORD");
  }

  @Test
  void passwordFilesWin(@TempDir Path dir) throws Exception {
    Path db = Files.writeString(dir.resolve("db"), "from-file\n");
    Path redis = Files.writeString(dir.resolve("redis"), " redis-file ");
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(Map.of("BANKSTREAM_DB_PASSWORD", "from-env"))
            .withDatabase("jdbc:postgresql://db.example.com/bank", "bank_etl", db)
            .withRedis("127.0.0.1", 6379, false, redis);

    assertThat(settings.databasePassword()).isEqualTo("from-file");
    assertThat(settings.redisPasswordResolved()).isEqualTo("redis-file");
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThatThrownBy(
            () -> ConnectionSettings.fromEnvironment(Map.of("BANKSTREAM_REDIS_PORT", "70000")))
        .hasMessage("Redis port: must be from 1 to 65535, not 70000");
    assertThatThrownBy(
            () -> ConnectionSettings.fromEnvironment(Map.of("BANKSTREAM_REDIS_PORT", "six")))
        .hasMessage("BANKSTREAM_REDIS_PORT: not a whole number: six");
    assertThatThrownBy(
            () ->
                ConnectionSettings.fromEnvironment(
                    Map.of("BANKSTREAM_JDBC_URL", "jdbc:mysql://x/y")))
        .hasMessage("JDBC URL: must start with jdbc:postgresql://");
    assertThatThrownBy(() -> ConnectionSettings.defaults().withRefreshSeconds(0))
        .hasMessage("Refresh seconds: must be from 1 to 60, not 0");
  }
}
