package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.redis.SeedRedisLayout;
import io.bankstream.model.UserProfile;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.StackHarness.Produced;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * 20,000 live transactions (event times of now, fraud and malformed records included) through the
 * pipeline on Flink embedded and the local stack, in 2-second windows; then, for every window, once
 * the watermark has passed it, the Redis hash and the {@code estatisticas_janela} row of each group
 * (overall, per UF, per modality) equal the same aggregates computed by SQL over {@code
 * transacoes}: counts, amounts and rejections per rule exactly, latency percentiles within the
 * histogram's stated error. Every key has a TTL and the capped lists hold at most their cap; the
 * seed's layout, off by default, is not there.
 */
class StatisticsIT {

  private static final int RECORDS = 20_000;
  private static final int PER_SECOND = 1_000;
  private static final int WINDOW_SECONDS = 2;
  private static final int LATEST_CAP = 100;
  // A bound that only stops a hung run (Flink embedded decides thousands of records a second
  // here); how fast is for bench/, not for this test.
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  private static final WindowStatistics statistics = new WindowStatistics(harness, WINDOW_SECONDS);

  @Test
  void everyWindowInRedisAndPostgresEqualsSqlOverTransacoes() throws Exception {
    List<UserProfile> users = harness.seedUsers(10_000, 5);
    PipelineResult pipeline =
        harness.startPipelineOnFlink(
            "statistics-it",
            "--windowSeconds=" + WINDOW_SECONDS,
            "--earlyFiringSeconds=1",
            "--latestCap=" + LATEST_CAP);
    Map<String, WindowStatistics.Aggregate> truth;
    try {
      Produced produced = harness.produce(StackHarness.liveTraffic(users, 9), RECORDS, PER_SECOND);
      harness.awaitEveryRecordStored(DEADLINE, produced, pipeline);
      truth = statistics.truth();
      // The watermark passes the last window a few seconds after the last event (the partitions
      // go idle), and each window's on-time pane then carries its final value to both stores.
      StackHarness.awaitUntil(
          DEADLINE,
          "estatisticas_janela and the Redis hashes equal SQL over transacoes",
          () -> statistics.differences(truth).isEmpty(),
          () -> harness.progress(pipeline) + "\n" + statistics.differences(truth));
    } finally {
      pipeline.cancel();
    }

    long windows = truth.keySet().stream().map(key -> key.split(" ")[0]).distinct().count();
    assertThat(windows).as("windows").isGreaterThanOrEqualTo(RECORDS / PER_SECOND / WINDOW_SECONDS);
    assertThat(truth).as("groups over all windows").hasSizeGreaterThan((int) windows * 20);
    System.out.printf(
        "StatisticsIT: %,d windows, %,d groups compared with SQL over transacoes%n",
        windows, truth.size());
    Map<String, WindowStatistics.Aggregate> history = statistics.history();
    Map<String, WindowStatistics.Aggregate> redis = statistics.redis(truth.keySet());
    assertThat(WindowStatistics.exact(history))
        .as("estatisticas_janela")
        .isEqualTo(WindowStatistics.exact(truth));
    assertThat(WindowStatistics.exact(redis))
        .as("Redis hashes")
        .isEqualTo(WindowStatistics.exact(truth));
    truth.forEach(
        (key, expected) -> {
          expected.assertLatenciesMatch(history.get(key), "estatisticas_janela " + key);
          expected.assertLatenciesMatch(redis.get(key), "Redis " + key);
        });
    assertRedisIsBounded(truth.keySet());
  }

  /**
   * Every key has a TTL; the window index lists every window; the latest lists hold exactly their
   * cap, with a data hash entry for each id and no other.
   */
  private static void assertRedisIsBounded(Set<String> groups) {
    try (Jedis redis = harness.redis()) {
      for (String key : redis.keys(RedisKeys.DEFAULT_PREFIX + ":*")) {
        assertThat(redis.pttl(key)).as("TTL of %s", key).isPositive();
      }
      Set<String> windowStarts = new TreeSet<>();
      groups.forEach(group -> windowStarts.add(group.split(" ")[0]));
      assertThat(redis.zrange(RedisKeys.DEFAULT.windows(), 0, -1))
          .as("the window index")
          .containsAll(windowStarts);
      assertLatestIsCapped(
          redis,
          RedisKeys.DEFAULT.latestTransactions(),
          RedisKeys.DEFAULT.latestTransactionsData());
      assertLatestIsCapped(
          redis, RedisKeys.DEFAULT.latestRejections(), RedisKeys.DEFAULT.latestRejectionsData());
      // The seed's layout is off by default (SeedRedisLayoutIT writes it with the option).
      assertThat(redis.exists(SeedRedisLayout.RECENT)).as(SeedRedisLayout.RECENT).isFalse();
      assertThat(redis.keys(SeedRedisLayout.HASH_PREFIX + "*")).as("seed hashes").isEmpty();
    }
  }

  private static void assertLatestIsCapped(Jedis redis, String latest, String data) {
    assertThat(redis.zcard(latest)).as(latest).isEqualTo(LATEST_CAP);
    assertThat(redis.hkeys(data))
        .as("%s holds exactly the ids of %s", data, latest)
        .containsExactlyInAnyOrderElementsOf(redis.zrange(latest, 0, -1));
  }
}
