package io.bankstream.dashboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.settings.ConnectionSettings;
import io.bankstream.localstack.LocalStack;
import io.bankstream.localstack.tls.TestCertificates;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's data sources over TLS, opened from its own command line ({@code --redis-ssl
 * --redis-ca-file}, {@code --jdbc-url ...sslmode=verify-full&sslrootcert=...}) as {@link Sources}
 * opens them: against the local stack with TLS (PostgreSQL takes its users over TLS only, Redis
 * listens on a TLS port only) they read the window a writer put in Redis and in PostgreSQL over
 * TLS, as the read-only user {@code bank_dashboard}. A CA that did not sign the servers'
 * certificate, or a host name the certificate does not name ({@code localhost}: it names 127.0.0.1
 * only), makes the source unavailable with one line naming the server and what failed.
 */
class DashboardTlsIT {

  private static final Instant WINDOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
  private static final StatsKey RJ = new StatsKey(Dimension.REGIAO, "RJ");

  private static TestCertificates certificates;
  private static TestCertificates otherCa;
  private static LocalStack stack;

  @BeforeAll
  static void startStackAndWriteAWindow() {
    certificates = TestCertificates.create("127.0.0.1");
    otherCa = TestCertificates.create("127.0.0.1");
    stack = LocalStack.builder().tls(certificates.stackTls(false)).start();
    List<WindowStats> panes = List.of(pane(StatsKey.TOTAL, 3), pane(RJ, 2));
    RedisConfig redis =
        new RedisConfig(
            stack.redisHost(), stack.redisPort(), null, true, 0, certificates.caPem().toString());
    try (RedisStatsWriter writer = new RedisStatsWriter(redis, Duration.ofHours(1), 100)) {
      writer.writeStats(panes);
    }
    PostgresConfig postgres =
        new PostgresConfig(
            verifyFull(certificates.caPem().toString()),
            stack.databaseUser(),
            stack.databasePassword(),
            1);
    try (HikariDataSource pool = postgres.dataSource()) {
      new PostgresWindowStatsWriter(pool, RetryPolicy.defaults()).write(panes);
    }
  }

  @AfterAll
  static void stopStack() {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      certificates.close();
      otherCa.close();
    }
  }

  @Test
  void liveAndHistoryReadOverTlsFromTheCommandLinesSettings() throws Exception {
    ConnectionSettings settings = settings(stack.redisHost(), certificates, "127.0.0.1");
    try (LiveSource live = Sources.live(settings)) {
      LiveSnapshot snapshot = live.read(5);
      assertThat(snapshot.totals()).extracting(GroupStats::windowStart).containsExactly(WINDOW);
      assertThat(snapshot.totals()).extracting(GroupStats::count).containsExactly(3L);
      assertThat(snapshot.regions()).extracting(GroupStats::key).containsExactly(RJ);
    }
    try (HistorySource history = Sources.history(settings)) {
      List<GroupStats> windows =
          history.windows(
              new TimeRange(WINDOW.minus(Duration.ofHours(1)), WINDOW.plus(Duration.ofHours(1))),
              Dimension.REGIAO);
      assertThat(windows).extracting(GroupStats::key).containsExactly(RJ);
      assertThat(windows).extracting(GroupStats::count).containsExactly(2L);
    }
  }

  @Test
  void anotherCaIsRefusedInOneLine() throws Exception {
    ConnectionSettings settings = settings(stack.redisHost(), otherCa, "127.0.0.1");
    try (LiveSource live = Sources.live(settings)) {
      assertThatThrownBy(() -> live.read(5))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith(
              "Redis at "
                  + stack.redisHost()
                  + ":"
                  + stack.redisPort()
                  + ": TLS failed: certificate not trusted (")
          .hasMessageNotContaining("\n");
    }
    try (HistorySource history = Sources.history(settings)) {
      assertThatThrownBy(history::ping)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("PostgreSQL at jdbc:postgresql://127.0.0.1:")
          .hasMessageContaining(": TLS failed: certificate not trusted (")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefusedInOneLine() throws Exception {
    ConnectionSettings settings = settings("localhost", certificates, "localhost");
    try (LiveSource live = Sources.live(settings)) {
      assertThatThrownBy(() -> live.read(5))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith(
              "Redis at localhost:"
                  + stack.redisPort()
                  + ": TLS failed: certificate does not name the host (")
          .hasMessageNotContaining("\n");
    }
    try (HistorySource history = Sources.history(settings)) {
      assertThatThrownBy(history::ping)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("PostgreSQL at jdbc:postgresql://localhost:")
          .hasMessageContaining(": TLS failed: certificate does not name the host (")
          .hasMessageNotContaining("\n");
    }
  }

  /** The settings the dashboard's command line gives, as the read-only user. */
  private static ConnectionSettings settings(
      String redisHost, TestCertificates ca, String postgresHost) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--redis-host",
                redisHost,
                "--redis-port",
                Integer.toString(stack.redisPort()),
                "--redis-ssl",
                "--redis-ca-file",
                ca.caPem().toString(),
                "--jdbc-url",
                verifyFull(ca.caPem().toString()).replace("127.0.0.1", postgresHost),
                "--db-user",
                stack.dashboardUser()));
    return DashboardMain.settings(
        args, Map.of(ConnectionSettings.ENV_DB_PASSWORD, stack.dashboardPassword()));
  }

  private static String verifyFull(String caPem) {
    return stack.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + caPem;
  }

  private static WindowStats pane(StatsKey key, long approved) {
    return new WindowStats(
        key,
        WINDOW,
        WINDOW.plusSeconds(60),
        new WindowSummary(
            approved,
            approved,
            0,
            new BigDecimal("10.00"),
            new BigDecimal("10.00"),
            Map.of(),
            null,
            null,
            null),
        "ON_TIME",
        0);
  }
}
