package io.bankstream.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.StatsTestData;
import io.bankstream.model.DecidedTransaction;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * {@link SeedRedisWriter} against a real {@code redis-server}: {@code recent_transactions} keeps
 * the newest N with a hash each and no other hash, every key has a TTL, writing again changes
 * nothing, and a write waits for a Redis that is down.
 */
class SeedRedisWriterIT {

  private static final Duration TTL = Duration.ofHours(1);
  private static final int RECENT = 10;
  private static final Instant FIRST_DECISION = StatsTestData.DECIDED;
  private static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));

  @TempDir static Path workDirectory;

  private static RedisServer server;
  private static JedisPooled redis;

  @BeforeAll
  static void startRedis() throws IOException {
    int port = freePort();
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
  }

  @Test
  void recentTransactionsKeepsTheNewestWithTheirHashesAndTtls() {
    List<DecidedTransaction> all = transactions(35);
    try (SeedRedisWriter writer = new SeedRedisWriter(redis, TTL, RECENT, FAST_RETRIES)) {
      for (int from = 0; from < all.size(); from += 8) {
        writer.write(all.subList(from, Math.min(from + 8, all.size())));
      }
    }

    List<DecidedTransaction> newest = all.subList(all.size() - RECENT, all.size());
    List<String> newestIds = newest.stream().map(SeedRedisLayout::member).toList();
    List<String> newestFirst = new ArrayList<>(newestIds);
    Collections.reverse(newestFirst);
    assertThat(redis.zrevrange(SeedRedisLayout.RECENT, 0, -1))
        .containsExactlyElementsOf(newestFirst);
    assertThat(redis.keys("transacoes:*"))
        .containsExactlyInAnyOrderElementsOf(
            newestIds.stream().map(SeedRedisLayout::hashKey).toList());
    for (DecidedTransaction transaction : newest) {
      String id = SeedRedisLayout.member(transaction);
      assertThat(redis.hgetAll(SeedRedisLayout.hashKey(id)))
          .isEqualTo(SeedRedisLayout.fields(transaction));
      assertThat(redis.zscore(SeedRedisLayout.RECENT, id))
          .isEqualTo(Double.parseDouble(SeedRedisLayout.score(transaction)));
    }
    for (String key : redis.keys("*")) {
      assertThat(redis.pttl(key)).as("TTL of %s", key).isBetween(1L, TTL.toMillis());
    }
  }

  @Test
  void writingAgainOrOlderChangesNothing() {
    List<DecidedTransaction> all = transactions(RECENT + 5);
    try (SeedRedisWriter writer = new SeedRedisWriter(redis, TTL, RECENT, FAST_RETRIES)) {
      writer.write(all);
      Map<String, Map<String, String>> before = snapshot();

      writer.write(all);
      writer.write(all.subList(0, 3));

      assertThat(snapshot()).isEqualTo(before);
      assertThat(redis.zcard(SeedRedisLayout.RECENT)).isEqualTo(RECENT);
    }
  }

  @Test
  void aWriteWaitsForRedisToComeBack() throws Exception {
    int port = freePort();
    try (JedisPooled pool = RedisConfig.of("127.0.0.1", port).pooled();
        SeedRedisWriter writer = new SeedRedisWriter(pool, TTL, RECENT, FAST_RETRIES)) {
      List<DecidedTransaction> batch = transactions(3);
      CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> writer.write(batch));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (writer.retries() == 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20); // Polling the condition, bounded by the deadline.
      }
      assertThat(writer.retries()).as("retries while Redis is down").isPositive();
      assertThat(write).isNotDone();
      RedisServer late = startRedis(workDirectory.resolve("late"), port);
      try {
        assertThat(write.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(pool.zcard(SeedRedisLayout.RECENT)).isEqualTo(3);
      } finally {
        late.stop();
      }
    }
  }

  /** Every key's type, TTL-less content: the sorted set with scores, each hash's fields. */
  private static Map<String, Map<String, String>> snapshot() {
    Map<String, Map<String, String>> keys = new TreeMap<>();
    Map<String, String> recent = new TreeMap<>();
    redis
        .zrangeWithScores(SeedRedisLayout.RECENT, 0, -1)
        .forEach(tuple -> recent.put(tuple.getElement(), Double.toString(tuple.getScore())));
    keys.put(SeedRedisLayout.RECENT, recent);
    for (String key : redis.keys("transacoes:*")) {
      keys.put(key, redis.hgetAll(key));
    }
    return keys;
  }

  /** {@code count} transactions decided 10 ms apart, oldest first; every fifth rejected. */
  private static List<DecidedTransaction> transactions(int count) {
    List<DecidedTransaction> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StatsTestData.Builder builder =
          StatsTestData.aTransaction()
              .amount((i + 1) + ".25")
              .decidedAt(FIRST_DECISION.plusMillis(10L * i));
      if (i % 5 == 0) {
        builder.rejectedBy("SALDO");
      }
      list.add(builder.build());
    }
    return list;
  }

  /** A real redis-server on loopback, its binary and data in {@code directory}; no persistence. */
  private static RedisServer startRedis(Path directory, int port) throws IOException {
    Path binaries = Files.createDirectories(directory.resolve("bin"));
    File executable = ExecutableProvider.newJarResourceProvider(binaries.toFile()).get();
    RedisServer redisServer =
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
    redisServer.start();
    return redisServer;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
