package io.bankstream.dashboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.dashboard.settings.ConnectionSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class DashboardMainTest {

  private final List<String[]> launched = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return DashboardMain.run(
        args, env, launched::add, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void optionsWinOverTheEnvironmentWhichWinsOverTheDefaults() {
    ConnectionSettings settings =
        DashboardMain.settings(
            List.of(
                "--redis-host", "cache.internal",
                "--jdbc-url", "jdbc:postgresql://db.internal:5432/bank",
                "--refresh-seconds", "5",
                "--db-password-file", "/run/secrets/db",
                "--redis-password-file", "/run/secrets/redis"),
            Map.of(
                "BANKSTREAM_REDIS_HOST", "ignored",
                "BANKSTREAM_REDIS_PORT", "6390",
                "BANKSTREAM_DB_USER", "reader",
                "BANKSTREAM_DB_PASSWORD", "from-env"));

    assertThat(settings.redisUri()).isEqualTo("redis://cache.internal:6390");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/bank");
    assertThat(settings.dbUser()).isEqualTo("reader");
    assertThat(settings.dbPassword()).isEqualTo("from-env");
    assertThat(settings.dbPasswordFile()).isEqualTo(Path.of("/run/secrets/db"));
    assertThat(settings.redisPasswordFile()).isEqualTo(Path.of("/run/secrets/redis"));
    assertThat(settings.refreshSeconds()).isEqualTo(5);
  }

  @Test
  void theRedisCaFileComesFromItsOptionElseItsVariable() {
    Map<String, String> env = Map.of("BANKSTREAM_REDIS_CA_FILE", "/etc/bankstream/env-ca.pem");
    assertThat(DashboardMain.settings(List.of("--redis-ssl"), env).redisCaFile())
        .isEqualTo(Path.of("/etc/bankstream/env-ca.pem"));
    ConnectionSettings settings =
        DashboardMain.settings(
            List.of("--redis-ssl", "--redis-ca-file", "/etc/bankstream/ca.pem"), env);
    assertThat(settings.redisCaFile()).isEqualTo(Path.of("/etc/bankstream/ca.pem"));
    assertThat(settings.redisUri()).startsWith("rediss://");
    assertThat(DashboardMain.settings(List.of(), Map.of()).redisCaFile()).isNull();
  }

  @Test
  void noOptionsGiveTheLocalStack() {
    assertThat(DashboardMain.settings(List.of(), Map.of()))
        .isEqualTo(ConnectionSettings.defaults());
  }

  @Test
  void helpListsTheOptionsAndLaunchesNothing() {
    assertThat(run(Map.of(), "--help")).isZero();

    assertThat(launched).isEmpty();
    assertThat(out.toString())
        .contains("--redis-host")
        .contains("--redis-port")
        .contains("--jdbc-url")
        .contains("--db-user")
        .contains("--refresh-seconds")
        .contains("--db-password-file")
        .contains("--redis-password-file")
        .contains("BANKSTREAM_JDBC_URL");
  }

  @Test
  void aBadPortIsOneErrorLineNamingTheOption() {
    assertThat(run(Map.of(), "--redis-port", "0")).isEqualTo(2);

    assertThat(launched).isEmpty();
    assertThat(err.toString()).startsWith("error: --redis-port: must be from 1 to 65535, not 0");
  }

  @Test
  void aBadUrlOrAnUnknownOptionIsRefused() {
    assertThat(run(Map.of(), "--jdbc-url", "jdbc:mysql://x/y")).isEqualTo(2);
    assertThat(err.toString()).contains("error: --jdbc-url: must start with jdbc:postgresql://");
    assertThat(run(Map.of(), "--db-password", "secret")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--db-password'");
    assertThat(launched).isEmpty();
    assertThatThrownBy(() -> DashboardMain.settings(List.of("--redis-port", "x"), Map.of()))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void goodOptionsLaunchTheAppWithThem() {
    assertThat(run(Map.of(), "--redis-port", "6380")).isZero();

    assertThat(launched)
        .singleElement()
        .satisfies(args -> assertThat(args).containsExactly("--redis-port", "6380"));
  }
}
