package io.bankstream.core.redis;

import static io.bankstream.core.stats.StatsTestData.WINDOW_START;
import static io.bankstream.core.stats.StatsTestData.aTransaction;
import static io.bankstream.core.stats.StatsTestData.pane;
import static io.bankstream.core.stats.StatsTestData.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.StatsTestData;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.LatestTransaction;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.resps.Tuple;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * {@link RedisStatsWriter} against a real {@code redis-server}: the documented key layout, TTLs,
 * idempotent overwrites, out-of-order panes, trimming and capping, and a restart during a write.
 */
class RedisStatsWriterIT {

  /** The writer's "now": five minutes after the window of {@link StatsTestData#WINDOW_START}. */
  private static final Instant NOW = WINDOW_START.plus(Duration.ofMinutes(5));

  private static final Duration TTL = Duration.ofHours(1);
  private static final int CAP = 100;

  private static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));

  private static final String TOTAL_KEY = "bankstream:stats:1772485200000:total";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path workDirectory;

  private static RedisServer server;
  private static int port;
  private static JedisPooled redis;

  private RedisStatsWriter writer;

  @BeforeAll
  static void startRedis() throws IOException {
    port = freePort();
    server = startRedis(workDirectory.resolve("main"), port);
    redis = RedisConfig.of("127.0.0.1", port).pooled();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    if (redis != null) {
      redis.close();
    }
    if (server != null && server.isActive()) {
      server.stop();
    }
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
    writer = writer(redis, NOW);
  }

  @AfterEach
  void closeWriter() {
    writer.close();
  }

  @Test
  void theKeysAreTheDocumentedOnes() {
    assertThat(WINDOW_START.toEpochMilli()).isEqualTo(1772485200000L);

    writer.writeStats(
        List.of(
            pane(StatsKey.TOTAL, summary(1, 0, "10.00", "10.00"), "EARLY", 0),
            pane(new StatsKey(Dimension.REGIAO, "SP"), summary(1, 0, "10.00", "10.00"), "EARLY", 0),
            pane(
                new StatsKey(Dimension.MODALIDADE, "PIX"),
                summary(1, 0, "10.00", "10.00"),
                "EARLY",
                0)));
    writer.writeLatest(List.of(aTransaction().rejectedBy("SALDO").build()));

    assertThat(redis.keys("*"))
        .containsExactlyInAnyOrder(
            TOTAL_KEY,
            "bankstream:stats:1772485200000:regiao:SP",
            "bankstream:stats:1772485200000:modalidade:PIX",
            "bankstream:windows",
            "bankstream:latest:transactions",
            "bankstream:latest:transactions:data",
            "bankstream:latest:rejections",
            "bankstream:latest:rejections:data");
    assertThat(redis.type(TOTAL_KEY)).isEqualTo("hash");
    assertThat(redis.type("bankstream:windows")).isEqualTo("zset");
    assertThat(redis.type("bankstream:latest:transactions")).isEqualTo("zset");
    assertThat(redis.type("bankstream:latest:transactions:data")).isEqualTo("hash");
    assertThat(redis.zrangeWithScores("bankstream:windows", 0, -1))
        .containsExactly(new Tuple("1772485200000", 1772485200000.0));
  }

  @Test
  void theHashHoldsExactlyTheDocumentedFields() {
    WindowSummary summary =
        new WindowSummary(
            5,
            3,
            2,
            new BigDecimal("1234.50"),
            new BigDecimal("1000.00"),
            Map.of("SALDO", 2L, "RISCO", 1L),
            12.3,
            45.61,
            78.0);

    int stored = writer.writeStats(List.of(pane(StatsKey.TOTAL, summary, "EARLY", 0)));

    assertThat(stored).isEqualTo(1);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("window_start", "2026-03-02T21:00:00Z");
    expected.put("window_end", "2026-03-02T21:01:00Z");
    expected.put("count", "5");
    expected.put("approved", "3");
    expected.put("rejected", "2");
    expected.put("amount", "1234.50");
    expected.put("approved_amount", "1000.00");
    expected.put("rejected_by:RISCO", "1");
    expected.put("rejected_by:SALDO", "2");
    expected.put("latency_p50_ms", "12.3");
    expected.put("latency_p95_ms", "45.6");
    expected.put("latency_p99_ms", "78.0");
    expected.put("pane", "EARLY");
    expected.put("pane_index", "0");
    expected.put("updated_at", "2026-03-02T21:05:00Z");
    assertThat(redis.hgetAll(TOTAL_KEY)).isEqualTo(expected);
  }

  @Test
  void unknownLatenciesAreLeftOut() {
    writer.writeStats(List.of(pane(StatsKey.TOTAL, summary(2, 0, "3.00", "3.00"), "EARLY", 0)));

    assertThat(redis.hgetAll(TOTAL_KEY))
        .doesNotContainKeys("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")
        .containsEntry("count", "2")
        .containsEntry("amount", "3.00");
  }

  @Test
  void everyKeyHasATtl() {
    writer.writeStats(
        List.of(
            pane(StatsKey.TOTAL, summary(1, 1, "2.00", "1.00"), "EARLY", 0),
            pane(new StatsKey(Dimension.REGIAO, "RJ"), summary(1, 1, "2.00", "1.00"), "EARLY", 0)));
    writer.writeLatest(
        List.of(aTransaction().build(), aTransaction().rejectedBy("LIMITE").build()));

    Set<String> keys = redis.keys("*");
    assertThat(keys).hasSize(7);
    for (String key : keys) {
      assertThat(redis.pttl(key))
          .as("PTTL %s", key)
          .isPositive()
          .isLessThanOrEqualTo(TTL.toMillis());
    }
  }

  @Test
  void rewritingTheSamePaneLeavesTheSameValue() {
    WindowStats pane = pane(StatsKey.TOTAL, summary(4, 1, "40.00", "30.00"), "ON_TIME", 1);
    writer.writeStats(List.of(pane));
    Map<String, String> first = redis.hgetAll(TOTAL_KEY);
    List<Tuple> index = redis.zrangeWithScores("bankstream:windows", 0, -1);

    int stored = writer.writeStats(List.of(pane));

    assertThat(stored).isEqualTo(1);
    assertThat(redis.hgetAll(TOTAL_KEY)).isEqualTo(first);
    assertThat(redis.zrangeWithScores("bankstream:windows", 0, -1)).isEqualTo(index);
  }

  @Test
  void aLaterPaneReplacesTheWholeHash() {
    WindowSummary early =
        new WindowSummary(
            2,
            1,
            1,
            new BigDecimal("20.00"),
            new BigDecimal("10.00"),
            Map.of("SALDO", 1L),
            5.0,
            6.0,
            7.0);
    WindowSummary onTime =
        new WindowSummary(
            3,
            1,
            2,
            new BigDecimal("30.00"),
            new BigDecimal("10.00"),
            Map.of("LIMITE", 2L),
            null,
            null,
            null);
    writer.writeStats(List.of(pane(StatsKey.TOTAL, early, "EARLY", 0)));

    writer.writeStats(List.of(pane(StatsKey.TOTAL, onTime, "ON_TIME", 1)));

    Map<String, String> hash = redis.hgetAll(TOTAL_KEY);
    assertThat(hash)
        .containsEntry("count", "3")
        .containsEntry("rejected_by:LIMITE", "2")
        .containsEntry("pane", "ON_TIME")
        .containsEntry("pane_index", "1")
        .doesNotContainKeys("rejected_by:SALDO", "latency_p50_ms", "latency_p95_ms")
        .doesNotContainKey("latency_p99_ms");
  }

  @Test
  void anOlderPaneWrittenAfterANewerOneIsIgnored() {
    WindowStats newer = pane(StatsKey.TOTAL, summary(9, 0, "90.00", "90.00"), "LATE", 3);
    WindowStats older = pane(StatsKey.TOTAL, summary(5, 0, "50.00", "50.00"), "ON_TIME", 2);
    writer.writeStats(List.of(newer));

    int stored = writer.writeStats(List.of(older));

    assertThat(stored).isZero();
    assertThat(redis.hgetAll(TOTAL_KEY))
        .containsEntry("count", "9")
        .containsEntry("pane", "LATE")
        .containsEntry("pane_index", "3");

    // Out of order within one batch too.
    redis.flushAll();
    assertThat(writer.writeStats(List.of(newer, older))).isEqualTo(1);
    assertThat(redis.hget(TOTAL_KEY, "pane_index")).isEqualTo("3");
  }

  @Test
  void theWindowIndexForgetsWindowsOlderThanTheTtl() {
    Instant old = NOW.minus(TTL).minus(Duration.ofMinutes(1));
    Instant recent = NOW.minus(Duration.ofMinutes(10));
    writer.writeStats(
        List.of(pane(old, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "ON_TIME", 1)));
    assertThat(redis.zrange("bankstream:windows", 0, -1)).isEmpty();

    writer.writeStats(
        List.of(pane(recent, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "ON_TIME", 1)));
    try (RedisStatsWriter later = writer(redis, NOW.plus(Duration.ofMinutes(55)))) {
      later.writeStats(
          List.of(pane(NOW, StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "EARLY", 0)));
    }

    assertThat(redis.zrange("bankstream:windows", 0, -1))
        .containsExactly(Long.toString(NOW.toEpochMilli()));
    assertThat(redis.pttl("bankstream:windows")).isPositive();
  }

  @Test
  void theLatestListsHoldAtMostTheCapAndTheirDataMatches() throws Exception {
    List<DecidedTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      StatsTestData.Builder builder =
          aTransaction()
              .region(Region.values()[i % Region.values().length])
              .decidedAt(NOW.minusSeconds(1_000 - i));
      if (i % 3 == 0) {
        builder.rejectedBy("VELOCIDADE");
      }
      transactions.add(builder.build());
    }

    writer.writeLatest(transactions);

    List<String> newestIds = ids(transactions.subList(900, 1_000));
    List<String> newestRejectedIds =
        ids(transactions.stream().filter(t -> !t.decision().approved()).skip(334 - CAP).toList());
    assertThat(redis.zrange("bankstream:latest:transactions", 0, -1))
        .containsExactlyElementsOf(newestIds);
    assertThat(redis.hkeys("bankstream:latest:transactions:data"))
        .containsExactlyInAnyOrderElementsOf(newestIds);
    assertThat(redis.zrange("bankstream:latest:rejections", 0, -1))
        .containsExactlyElementsOf(newestRejectedIds);
    assertThat(redis.hkeys("bankstream:latest:rejections:data"))
        .containsExactlyInAnyOrderElementsOf(newestRejectedIds);
    for (String key :
        List.of(
            "bankstream:latest:transactions",
            "bankstream:latest:transactions:data",
            "bankstream:latest:rejections",
            "bankstream:latest:rejections:data")) {
      assertThat(redis.pttl(key)).as("PTTL %s", key).isPositive();
    }
  }

  @Test
  void theCapKeepsTheNewestAcrossWrites() {
    List<DecidedTransaction> first = new ArrayList<>();
    List<DecidedTransaction> second = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      first.add(aTransaction().decidedAt(NOW.minusSeconds(500 - i)).build());
      second.add(aTransaction().decidedAt(NOW.minusSeconds(200 - i)).build());
    }
    DecidedTransaction tooOld = aTransaction().decidedAt(NOW.minusSeconds(10_000)).build();

    writer.writeLatest(first);
    writer.writeLatest(second);
    writer.writeLatest(List.of(tooOld));

    List<String> expected = new ArrayList<>(ids(first.subList(60, 80)));
    expected.addAll(ids(second));
    assertThat(redis.zrange("bankstream:latest:transactions", 0, -1))
        .containsExactlyElementsOf(expected);
    assertThat(redis.hkeys("bankstream:latest:transactions:data"))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(redis.exists("bankstream:latest:rejections")).isFalse();
  }

  @Test
  void writingTheSameTransactionsTwiceChangesNothing() {
    List<DecidedTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      StatsTestData.Builder builder = aTransaction().decidedAt(NOW.minusMillis(150 - i));
      if (i % 2 == 0) {
        builder.rejectedBy("PIX_NOTURNO");
      }
      transactions.add(builder.build());
    }
    writer.writeLatest(transactions);
    Map<String, Object> before = latestState();

    writer.writeLatest(transactions);
    writer.writeLatest(transactions.subList(100, 150));

    assertThat(latestState()).isEqualTo(before);
    assertThat(redis.zcard("bankstream:latest:transactions")).isEqualTo(CAP);
    assertThat(redis.zcard("bankstream:latest:rejections")).isEqualTo(75);
  }

  @Test
  void aTransactionIsStoredAsCompactJson() throws Exception {
    UUID id = UUID.fromString("0b6a2f1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
    DecidedTransaction transaction =
        aTransaction()
            .id(id)
            .region(Region.RJ)
            .modality(PaymentModality.BOLETO)
            .amount("150.00")
            .rejectedBy("SALDO", "RISCO")
            .riskScore(0.812345)
            .build();

    writer.writeLatest(List.of(transaction));

    assertThat(redis.zscore("bankstream:latest:rejections", id.toString()))
        .isEqualTo((double) transaction.decidedAt().toEpochMilli());
    String json = redis.hget("bankstream:latest:rejections:data", id.toString());
    assertThat(json).doesNotContain(" ", "\n");
    assertThat(json).isEqualTo(redis.hget("bankstream:latest:transactions:data", id.toString()));
    JsonNode node = JSON.readTree(json);
    assertThat(node.get("id").asText()).isEqualTo(id.toString());
    assertThat(node.get("payer").asText())
        .isEqualTo(transaction.transaction().payerId().toString());
    assertThat(node.get("receiver").asText())
        .isEqualTo(transaction.transaction().receiverId().toString());
    assertThat(node.get("region").asText()).isEqualTo("RJ");
    assertThat(node.get("modality").asText()).isEqualTo("BOLETO");
    assertThat(node.get("event_time").asText()).isEqualTo("2026-03-02T21:00:01Z");
    assertThat(node.get("amount").decimalValue()).isEqualByComparingTo("150.00");
    assertThat(json).contains("\"amount\":150.00");
    assertThat(node.get("approved").asBoolean()).isFalse();
    assertThat(node.get("reasons").toString()).isEqualTo("[\"SALDO\",\"RISCO\"]");
    assertThat(node.get("risk_score").asDouble()).isEqualTo(0.8123);
    assertThat(node.get("decided_at").asText()).isEqualTo("2026-03-02T21:00:01.290Z");
    // Byte for byte as documented (README, RedisKeys): the keys in this order, nothing else.
    assertThat(json)
        .isEqualTo(
            "{\"id\":\""
                + id
                + "\",\"payer\":\""
                + transaction.transaction().payerId()
                + "\",\"receiver\":\""
                + transaction.transaction().receiverId()
                + "\",\"region\":\"RJ\",\"modality\":\"BOLETO\","
                + "\"event_time\":\"2026-03-02T21:00:01Z\",\"amount\":150.00,\"approved\":false,"
                + "\"reasons\":[\"SALDO\",\"RISCO\"],\"risk_score\":0.8123,"
                + "\"decided_at\":\"2026-03-02T21:00:01.290Z\"}");
    assertThat(LatestTransaction.fromJson(json)).isEqualTo(LatestTransaction.of(transaction));
  }

  @Test
  void aWriteDuringARedisRestartIsRetriedAndLands() throws Exception {
    int restartPort = freePort();
    Path directory = workDirectory.resolve("restarted");
    RedisServer first = startRedis(directory, restartPort);
    RedisServer second = null;
    try (JedisPooled pool = RedisConfig.of("127.0.0.1", restartPort).pooled();
        RedisStatsWriter restarting = writer(pool, NOW)) {
      restarting.writeStats(
          List.of(pane(StatsKey.TOTAL, summary(1, 0, "1.00", "1.00"), "EARLY", 0)));
      restarting.writeLatest(List.of(aTransaction().build()));

      first.stop();
      WindowStats onTime = pane(StatsKey.TOTAL, summary(7, 2, "9.00", "7.00"), "ON_TIME", 1);
      CompletableFuture<Integer> write =
          CompletableFuture.supplyAsync(() -> restarting.writeStats(List.of(onTime)));
      Thread.sleep(1_500);
      assertThat(write).isNotDone();
      second = startRedis(directory, restartPort);

      assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(restarting.retries()).isPositive();
      Map<String, String> hash = pool.hgetAll(TOTAL_KEY);
      assertThat(hash)
          .containsEntry("count", "9")
          .containsEntry("pane", "ON_TIME")
          .containsEntry("pane_index", "1");
      assertThat(pool.pttl(TOTAL_KEY)).isPositive();
      assertThat(pool.zrange("bankstream:windows", 0, -1)).containsExactly("1772485200000");
    } finally {
      if (first.isActive()) {
        first.stop();
      }
      if (second != null && second.isActive()) {
        second.stop();
      }
    }
  }

  @Test
  void aWriterMadeFromAConfigOwnsItsPool() {
    try (RedisStatsWriter own = new RedisStatsWriter(RedisConfig.of("127.0.0.1", port), TTL, CAP)) {
      own.writeLatest(List.of(aTransaction().build()));
    }

    assertThat(redis.zcard("bankstream:latest:transactions")).isEqualTo(1);
  }

  private Map<String, Object> latestState() {
    Map<String, Object> state = new HashMap<>();
    for (String key : List.of("bankstream:latest:transactions", "bankstream:latest:rejections")) {
      state.put(key, redis.zrangeWithScores(key, 0, -1));
      state.put(key + ":data", redis.hgetAll(key + ":data"));
    }
    return state;
  }

  private static RedisStatsWriter writer(JedisPooled pool, Instant now) {
    return new RedisStatsWriter(
        pool, RedisKeys.DEFAULT, TTL, CAP, FAST_RETRIES, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static List<String> ids(List<DecidedTransaction> transactions) {
    return transactions.stream()
        .map(t -> t.transaction().id().toString())
        .collect(Collectors.toList());
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
