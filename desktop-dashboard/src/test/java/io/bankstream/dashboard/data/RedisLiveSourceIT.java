package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.model.stats.StatsKey;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * {@link RedisLiveSource} against a real Redis (the local stack's), filled by the pipeline's own
 * {@link RedisStatsWriter} so the format read is the format written: windows oldest first, the
 * newest window's UFs and modalities, the latest lists newest first, unreadable entries skipped,
 * the key prefix, and a Redis that is down, then back.
 */
class RedisLiveSourceIT {

  /** Four consecutive one-minute windows, 2026-03-02 18:00 to 18:04 in São Paulo. */
  private static final Instant W0 = Instant.parse("2026-03-02T21:00:00Z");

  private static final Instant W1 = W0.plusSeconds(60);
  private static final Instant W2 = W1.plusSeconds(60);
  private static final Instant W3 = W2.plusSeconds(60);
  private static final Instant W4 = W3.plusSeconds(60);

  /** The writer's "now", a few minutes after the last window. */
  private static final Instant NOW = W0.plus(Duration.ofMinutes(10));

  private static final StatsKey RJ = new StatsKey(Dimension.REGIAO, "RJ");
  private static final StatsKey SP = new StatsKey(Dimension.REGIAO, "SP");
  private static final StatsKey MG = new StatsKey(Dimension.REGIAO, "MG");
  private static final StatsKey PIX = new StatsKey(Dimension.MODALIDADE, "PIX");
  private static final StatsKey BOLETO = new StatsKey(Dimension.MODALIDADE, "BOLETO");

  private static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(20));

  @TempDir static Path workDirectory;

  private static LocalStack stack;
  private static JedisPooled redis;

  private RedisStatsWriter writer;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
    redis = RedisConfig.of(stack.redisHost(), stack.redisPort()).pooled();
  }

  @AfterAll
  static void stopStack() {
    if (redis != null) {
      redis.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
    writer = writer(redis, RedisKeys.DEFAULT);
  }

  @Test
  void readsTheNewestWindowsOldestFirstWithTheNewestWindowsGroups() throws Exception {
    WindowSummary w2Total =
        new WindowSummary(
            6,
            4,
            2,
            new BigDecimal("123.45"),
            new BigDecimal("100.00"),
            Map.of("SALDO", 1L, "RISCO", 2L),
            null,
            null,
            null);
    writer.writeStats(
        List.of(
            pane(W0, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00", 1.0), "ON_TIME", 1),
            pane(
                W1,
                StatsKey.TOTAL,
                new WindowSummary(
                    4,
                    3,
                    1,
                    new BigDecimal("40.00"),
                    new BigDecimal("30.00"),
                    Map.of("LIMITE", 1L),
                    10.0,
                    20.5,
                    30.25),
                "LATE",
                3),
            pane(W2, StatsKey.TOTAL, w2Total, "ON_TIME", 2),
            pane(W2, MG, summary(6, 0, "123.45", "123.45", null), "ON_TIME", 2),
            pane(W3, StatsKey.TOTAL, summary(3, 0, "3.00", "3.00", 5.5), "EARLY", 0),
            pane(W3, SP, summary(2, 0, "2.00", "2.00", 5.5), "EARLY", 0),
            pane(W3, RJ, summary(1, 0, "1.00", "1.00", 5.5), "EARLY", 0),
            pane(W3, BOLETO, summary(1, 0, "1.00", "1.00", null), "EARLY", 0),
            pane(W3, PIX, summary(2, 0, "2.00", "2.00", 5.5), "EARLY", 0)));
    Clock readClock = Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC);

    try (RedisLiveSource source =
        new RedisLiveSource(
            stack.redisHost(), stack.redisPort(), null, false, RedisKeys.DEFAULT, readClock)) {
      LiveSnapshot snapshot = source.read(3);

      assertThat(snapshot.readAt()).isEqualTo(NOW.plusSeconds(1));
      assertThat(snapshot.totals())
          .containsExactly(
              new GroupStats(
                  W1,
                  W2,
                  StatsKey.TOTAL,
                  4,
                  3,
                  1,
                  new BigDecimal("40.00"),
                  new BigDecimal("30.00"),
                  Map.of("LIMITE", 1L),
                  10.0,
                  20.5,
                  30.3),
              new GroupStats(
                  W2,
                  W3,
                  StatsKey.TOTAL,
                  6,
                  4,
                  2,
                  new BigDecimal("123.45"),
                  new BigDecimal("100.00"),
                  Map.of("RISCO", 2L, "SALDO", 1L),
                  null,
                  null,
                  null),
              stats(W3, StatsKey.TOTAL, 3, "3.00", 5.5));
      // Of the newest window only, in Region and PaymentModality order; MG is W2's.
      assertThat(snapshot.regions())
          .containsExactly(stats(W3, RJ, 1, "1.00", 5.5), stats(W3, SP, 2, "2.00", 5.5));
      assertThat(snapshot.modalities())
          .containsExactly(stats(W3, PIX, 2, "2.00", 5.5), stats(W3, BOLETO, 1, "1.00", null));
      assertThat(snapshot.latest()).isEmpty();
      assertThat(snapshot.rejections()).isEmpty();

      assertThat(source.read(1).totals()).extracting(GroupStats::windowStart).containsExactly(W3);
      assertThat(source.read(10).totals())
          .extracting(GroupStats::windowStart)
          .containsExactly(W0, W1, W2, W3);
      assertThat(source.skippedEntries()).isZero();
    }
  }

  @Test
  void aListedWindowWithoutStatisticsIsPassedOver() throws Exception {
    writer.writeStats(
        List.of(
            pane(W2, StatsKey.TOTAL, summary(2, 0, "2.00", "2.00", null), "ON_TIME", 1),
            pane(W2, SP, summary(2, 0, "2.00", "2.00", null), "ON_TIME", 1),
            pane(W3, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00", null), "ON_TIME", 1),
            pane(W3, PIX, summary(1, 0, "1.00", "1.00", null), "ON_TIME", 1)));
    // W4 is indexed, but its hashes have expired.
    redis.zadd(RedisKeys.DEFAULT.windows(), W4.toEpochMilli(), Long.toString(W4.toEpochMilli()));

    try (RedisLiveSource source = source()) {
      LiveSnapshot snapshot = source.read(3);

      assertThat(snapshot.totals()).extracting(GroupStats::windowStart).containsExactly(W2, W3);
      assertThat(snapshot.regions()).isEmpty();
      assertThat(snapshot.modalities()).containsExactly(stats(W3, PIX, 1, "1.00", null));
      assertThat(source.skippedEntries()).isZero();
    }
  }

  @Test
  void theLatestListsComeNewestFirstWithEveryField() throws Exception {
    List<DecidedTransaction> written = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      List<String> reasons = i % 3 == 0 ? List.of("SALDO", "RISCO") : List.of();
      written.add(
          decided(
              i,
              reasons,
              i == 57 ? Double.NaN : 0.8123,
              Instant.parse("2026-03-02T21:00:01.290Z").plusSeconds(i)));
    }
    // Written in two batches, out of order: the lists are ordered by decision time.
    writer.writeLatest(written.subList(30, 60));
    writer.writeLatest(written.subList(0, 30));

    try (RedisLiveSource source = source()) {
      LiveSnapshot snapshot = source.read(5);

      List<String> newest50 = new ArrayList<>();
      for (int i = 59; i >= 10; i--) {
        newest50.add(id(i).toString());
      }
      assertThat(snapshot.latest()).extracting(RecentTransaction::id).isEqualTo(newest50);
      List<String> rejected = new ArrayList<>();
      for (int i = 57; i >= 0; i -= 3) {
        rejected.add(id(i).toString());
      }
      assertThat(snapshot.rejections()).extracting(RecentTransaction::id).isEqualTo(rejected);
      assertThat(snapshot.rejections().get(1))
          .isEqualTo(
              new RecentTransaction(
                  id(54).toString(),
                  payer(54).toString(),
                  receiver(54).toString(),
                  "RJ",
                  "BOLETO",
                  Instant.parse("2026-03-02T21:00:54Z"),
                  new BigDecimal("154.00"),
                  false,
                  List.of("SALDO", "RISCO"),
                  0.8123,
                  Instant.parse("2026-03-02T21:00:55.290Z")));
      // A score that is not a number is written as null.
      assertThat(snapshot.rejections().get(0).riskScore()).isNull();
      assertThat(snapshot.latest().get(0).approved()).isTrue();
      assertThat(snapshot.latest().get(0).reasons()).isEmpty();
      assertThat(snapshot.totals()).isEmpty();
      assertThat(snapshot.regions()).isEmpty();
    }
  }

  @Test
  void unreadableEntriesAreSkippedAndCounted() throws Exception {
    writer.writeStats(
        List.of(
            pane(W1, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00", null), "ON_TIME", 1),
            pane(W1, SP, summary(1, 0, "1.00", "1.00", null), "ON_TIME", 1),
            pane(W2, StatsKey.TOTAL, summary(2, 0, "2.00", "2.00", null), "ON_TIME", 1),
            pane(W2, RJ, summary(2, 0, "2.00", "2.00", null), "ON_TIME", 1)));
    redis.hset(RedisKeys.DEFAULT.stats(W2, StatsKey.TOTAL), "count", "many");
    // A key of the wrong type where W3's total should be, and an index member that is no time.
    redis.set(RedisKeys.DEFAULT.stats(W3, StatsKey.TOTAL), "not a hash");
    redis.zadd(RedisKeys.DEFAULT.windows(), W3.toEpochMilli(), Long.toString(W3.toEpochMilli()));
    redis.zadd(RedisKeys.DEFAULT.windows(), W4.toEpochMilli(), "yesterday");
    writer.writeLatest(
        List.of(decided(1, List.of(), 0.1, NOW), decided(2, List.of(), 0.1, NOW.plusSeconds(1))));
    redis.hset(RedisKeys.DEFAULT.latestTransactionsData(), id(2).toString(), "{\"id\":");

    try (RedisLiveSource source = source()) {
      LiveSnapshot snapshot = source.read(5);

      assertThat(snapshot.totals()).containsExactly(stats(W1, StatsKey.TOTAL, 1, "1.00", null));
      // W1 is then the newest window with statistics: its groups, not W2's.
      assertThat(snapshot.regions()).containsExactly(stats(W1, SP, 1, "1.00", null));
      assertThat(snapshot.latest())
          .extracting(RecentTransaction::id)
          .containsExactly(id(1).toString());
      assertThat(source.skippedEntries()).isEqualTo(4);

      source.read(5);
      assertThat(source.skippedEntries()).isEqualTo(8);
    }
  }

  @Test
  void anEmptyRedisGivesAnEmptySnapshot() throws Exception {
    try (RedisLiveSource source = source()) {
      LiveSnapshot snapshot = source.read(5);

      assertThat(snapshot.totals()).isEmpty();
      assertThat(snapshot.regions()).isEmpty();
      assertThat(snapshot.modalities()).isEmpty();
      assertThat(snapshot.latest()).isEmpty();
      assertThat(snapshot.rejections()).isEmpty();
      assertThat(snapshot.readAt()).isNotNull();
      assertThat(source.describe())
          .isEqualTo("redis://" + stack.redisHost() + ":" + stack.redisPort());
      assertThatThrownBy(() -> source.read(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void everyKeyIsReadUnderTheGivenPrefix() throws Exception {
    RedisKeys other = new RedisKeys("other");
    try (RedisStatsWriter otherWriter = writer(redis, other)) {
      otherWriter.writeStats(
          List.of(
              pane(W1, StatsKey.TOTAL, summary(7, 0, "7.00", "7.00", null), "ON_TIME", 1),
              pane(W1, PIX, summary(7, 0, "7.00", "7.00", null), "ON_TIME", 1)));
      otherWriter.writeLatest(List.of(decided(3, List.of("LIMITE"), 0.2, NOW)));
    }

    try (RedisLiveSource defaults = source();
        RedisLiveSource prefixed =
            new RedisLiveSource(stack.redisHost(), stack.redisPort(), "", false, other)) {
      LiveSnapshot nothing = defaults.read(5);
      LiveSnapshot snapshot = prefixed.read(5);

      assertThat(nothing.totals()).isEmpty();
      assertThat(nothing.latest()).isEmpty();
      assertThat(snapshot.totals()).containsExactly(stats(W1, StatsKey.TOTAL, 7, "7.00", null));
      assertThat(snapshot.modalities()).containsExactly(stats(W1, PIX, 7, "7.00", null));
      assertThat(snapshot.latest())
          .extracting(RecentTransaction::id)
          .containsExactly(id(3).toString());
      assertThat(snapshot.rejections())
          .extracting(RecentTransaction::reasons)
          .containsExactly(List.of("LIMITE"));
    }
  }

  @Test
  void aClosedPortFailsFastNamingTheAddress() throws Exception {
    int closed = freePort();
    try (RedisLiveSource source = new RedisLiveSource("127.0.0.1", closed, null, false)) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> source.read(5))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("Redis at 127.0.0.1:" + closed + ": ")
          .hasMessageContaining("refused");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aRefusedPasswordIsUnavailableWithoutShowingIt() throws Exception {
    try (RedisLiveSource source =
        new RedisLiveSource(stack.redisHost(), stack.redisPort(), "open-sesame", false)) {
      assertThatThrownBy(() -> source.read(5))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("Redis at " + stack.redisHost() + ":" + stack.redisPort() + ": ")
          .message()
          .doesNotContain("open-sesame");
    }
  }

  @Test
  void theSameSourceReadsAgainOnceRedisIsBack() throws Exception {
    int port = freePort();
    Path directory = workDirectory.resolve("restart");
    RedisServer server = startRedis(directory, port);
    try (JedisPooled restarting = RedisConfig.of("127.0.0.1", port).pooled();
        RedisStatsWriter restartingWriter = writer(restarting, RedisKeys.DEFAULT);
        RedisLiveSource source = new RedisLiveSource("127.0.0.1", port, null, false)) {
      restartingWriter.writeStats(
          List.of(pane(W1, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00", null), "EARLY", 0)));
      assertThat(source.read(5).totals())
          .containsExactly(stats(W1, StatsKey.TOTAL, 1, "1.00", null));

      server.stop();
      long started = System.nanoTime();
      assertThatThrownBy(() -> source.read(5))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("Redis at 127.0.0.1:" + port + ": ");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

      server = startRedis(directory, port);
      restartingWriter.writeStats(
          List.of(pane(W2, StatsKey.TOTAL, summary(2, 0, "2.00", "2.00", null), "EARLY", 0)));
      assertThat(source.read(5).totals())
          .containsExactly(stats(W2, StatsKey.TOTAL, 2, "2.00", null));

      // Restarted between two reads: the pooled connection died unnoticed, yet the next read,
      // the first since, succeeds.
      server.stop();
      server = startRedis(directory, port);
      restartingWriter.writeStats(
          List.of(pane(W3, StatsKey.TOTAL, summary(3, 0, "3.00", "3.00", null), "EARLY", 0)));
      assertThat(source.read(5).totals())
          .containsExactly(stats(W3, StatsKey.TOTAL, 3, "3.00", null));
    } finally {
      if (server.isActive()) {
        server.stop();
      }
    }
  }

  private static RedisLiveSource source() {
    return new RedisLiveSource(stack.redisHost(), stack.redisPort(), null, false);
  }

  private static RedisStatsWriter writer(JedisPooled pool, RedisKeys keys) {
    return new RedisStatsWriter(
        pool, keys, Duration.ofHours(1), 100, FAST_RETRIES, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static WindowStats pane(
      Instant start, StatsKey key, WindowSummary summary, String timing, long paneIndex) {
    return new WindowStats(key, start, start.plusSeconds(60), summary, timing, paneIndex);
  }

  /** All approved, no rejections, every latency percentile {@code latency} (or none). */
  private static WindowSummary summary(
      long approved, long rejected, String amount, String approvedAmount, Double latency) {
    return new WindowSummary(
        approved + rejected,
        approved,
        rejected,
        new BigDecimal(amount),
        new BigDecimal(approvedAmount),
        Map.of(),
        latency,
        latency,
        latency);
  }

  /** What {@link #summary} reads back as, for an all-approved group. */
  private static GroupStats stats(
      Instant start, StatsKey key, long count, String amount, Double latency) {
    return new GroupStats(
        start,
        start.plusSeconds(60),
        key,
        count,
        count,
        0,
        new BigDecimal(amount),
        new BigDecimal(amount),
        Map.of(),
        latency,
        latency,
        latency);
  }

  private static UUID id(int i) {
    return new UUID(0x0b6a2f1e00004000L, 0x8000000000000000L + i);
  }

  private static UUID payer(int i) {
    return new UUID(0x1111111100004000L, 0x8000000000000000L + i);
  }

  private static UUID receiver(int i) {
    return new UUID(0x2222222200004000L, 0x8000000000000000L + i);
  }

  /** Transaction {@code i}: a BOLETO in RJ of R$ (100 + i), event time W0 + i seconds. */
  private static DecidedTransaction decided(
      int i, List<String> reasons, double riskScore, Instant decidedAt) {
    Transaction transaction =
        new Transaction(
            id(i),
            payer(i),
            receiver(i),
            Region.RJ,
            PaymentModality.BOLETO,
            W0.plusSeconds(i),
            new BigDecimal(100 + i).setScale(2));
    Decision decision =
        new Decision(reasons.isEmpty(), reasons, riskScore, Map.of("amount", 0.5), "default", 0);
    SourceRecord source =
        new SourceRecord("bank_transactions", 0, i, null, new byte[0], decidedAt.minusMillis(250));
    return new DecidedTransaction(transaction, source, decision, decidedAt);
  }

  /** A real redis-server on loopback, its binary and data in {@code directory}; no persistence. */
  private static RedisServer startRedis(Path directory, int port) throws IOException {
    Path binaries = Files.createDirectories(directory.resolve("bin"));
    File executable = ExecutableProvider.newJarResourceProvider(binaries.toFile()).get();
    RedisServer server =
        new RedisServer(
            port,
            List.of(
                executable.getAbsolutePath(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                directory.toAbsolutePath().toString(),
                "--save",
                "",
                "--appendonly",
                "no"),
            false,
            line -> {},
            line -> {});
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
