package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.model.stats.StatsKey;
import io.bankstream.pipeline.StackHarness.Produced;
import io.bankstream.pipeline.stats.LatencyHistogram;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * 20,000 live transactions (event times of now, fraud and malformed records included) through the
 * pipeline on the local stack; then, for every window, once the watermark has passed it, the Redis
 * hash and the {@code estatisticas_janela} row of each group (overall, per UF, per modality) equal
 * the same aggregates computed by SQL over {@code transacoes}: counts, amounts and rejections per
 * rule exactly, latency percentiles within the histogram's stated error. Every key has a TTL and
 * the capped lists hold at most their cap.
 */
class StatisticsIT {

  private static final int RECORDS = 20_000;
  private static final int PER_SECOND = 200;
  private static final int WINDOW_SECONDS = 10;
  private static final int LATEST_CAP = 100;
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  private static LocalStack stack;
  private static StackHarness harness;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
    harness = new StackHarness(stack);
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void everyWindowInRedisAndPostgresEqualsSqlOverTransacoes() throws Exception {
    List<UserProfile> users = new UserGenerator(new Random(5)).generate(10_000, Instant.now());
    try (Connection connection = harness.connect()) {
      UserProfiles.insertAll(connection, users);
    }
    PipelineResult pipeline =
        harness.startPipeline(
            "statistics-it",
            "--windowSeconds=" + WINDOW_SECONDS,
            "--earlyFiringSeconds=1",
            "--latestCap=" + LATEST_CAP);
    Map<String, Aggregate> truth;
    try {
      Produced produced = harness.produce(liveTraffic(users), RECORDS, PER_SECOND);
      StackHarness.awaitUntil(
          DEADLINE,
          "every valid transaction in transacoes and every malformed one in dead_letters",
          () ->
              harness.count("SELECT count(*) FROM transacoes") == produced.validIds().size()
                  && harness.count("SELECT count(*) FROM dead_letters")
                      == produced.malformedOffsets().size(),
          () -> harness.progress(pipeline));
      truth = aggregates(SQL_OVER_TRANSACOES);
      // The watermark passes the last window a few seconds after the last event (the partitions
      // go idle), and each window's on-time pane then carries its final value to both stores.
      StackHarness.awaitUntil(
          DEADLINE,
          "estatisticas_janela and the Redis hashes equal SQL over transacoes",
          () -> differences(truth, aggregates(HISTORY), redis(truth.keySet())).isEmpty(),
          () ->
              harness.progress(pipeline)
                  + "\n"
                  + differences(truth, aggregates(HISTORY), redis(truth.keySet())));
    } finally {
      pipeline.cancel();
    }

    long windows = truth.keySet().stream().map(key -> key.split(" ")[0]).distinct().count();
    assertThat(windows).as("windows").isGreaterThanOrEqualTo(RECORDS / PER_SECOND / WINDOW_SECONDS);
    assertThat(truth).as("groups over all windows").hasSizeGreaterThan((int) windows * 20);
    System.out.printf(
        "StatisticsIT: %,d windows, %,d groups compared with SQL over transacoes%n",
        windows, truth.size());
    Map<String, Aggregate> history = aggregates(HISTORY);
    Map<String, Aggregate> redis = redis(truth.keySet());
    assertThat(exact(history)).as("estatisticas_janela").isEqualTo(exact(truth));
    assertThat(exact(redis)).as("Redis hashes").isEqualTo(exact(truth));
    truth.forEach(
        (key, expected) -> {
          expected.assertLatenciesMatch(history.get(key), "estatisticas_janela " + key);
          expected.assertLatenciesMatch(redis.get(key), "Redis " + key);
        });
    assertRedisIsBounded(truth.keySet());
  }

  private static TransactionGenerator liveTraffic(List<UserProfile> users) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    return new TransactionGenerator(
        sorted,
        TrafficModel.defaults(),
        EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(9)),
        new Random(13),
        0.05,
        0.01);
  }

  /** One window's group: what the SQL truth, the history table and Redis are compared on. */
  private record Aggregate(
      long count,
      long approved,
      long rejected,
      BigDecimal amount,
      BigDecimal approvedAmount,
      Map<String, Long> rejectionsByRule,
      Double p50,
      Double p95,
      Double p99) {

    /** Everything but the latencies, which are estimates. */
    String exact() {
      return String.join(
          " ",
          Long.toString(count),
          Long.toString(approved),
          Long.toString(rejected),
          amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
          approvedAmount.setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
          new TreeMap<>(rejectionsByRule).toString());
    }

    /**
     * Each percentile within the histogram's relative error of the exact nearest-rank value, plus
     * the rounding to one decimal of the stored value.
     */
    void assertLatenciesMatch(Aggregate stored, String what) {
      assertLatency(p50, stored.p50, what + " p50");
      assertLatency(p95, stored.p95, what + " p95");
      assertLatency(p99, stored.p99, what + " p99");
    }

    private static void assertLatency(Double exact, Double estimate, String what) {
      assertThat(estimate).as(what).isNotNull();
      assertThat(estimate).as(what).isCloseTo(exact, offset(exact * TOLERANCE + 0.06));
    }

    private static final double TOLERANCE = LatencyHistogram.RELATIVE_ERROR;
  }

  private static Map<String, String> exact(Map<String, Aggregate> aggregates) {
    Map<String, String> lines = new TreeMap<>();
    aggregates.forEach((key, aggregate) -> lines.put(key, aggregate.exact()));
    return lines;
  }

  /** The first differences between the truth and either store, for the failure message. */
  private static String differences(
      Map<String, Aggregate> truth, Map<String, Aggregate> history, Map<String, Aggregate> redis) {
    List<String> lines = new ArrayList<>();
    Set<String> keys = new TreeSet<>(truth.keySet());
    keys.addAll(history.keySet());
    for (String key : keys) {
      String expected = line(truth.get(key));
      if (!expected.equals(line(history.get(key))) || !expected.equals(line(redis.get(key)))) {
        lines.add(
            key
                + ": sql "
                + expected
                + " | history "
                + line(history.get(key))
                + " | redis "
                + line(redis.get(key)));
      }
    }
    return lines.isEmpty()
        ? ""
        : lines.size()
            + " differ, first: "
            + String.join("\n", lines.subList(0, Math.min(10, lines.size())));
  }

  private static String line(Aggregate aggregate) {
    return aggregate == null ? "none" : aggregate.exact();
  }

  /** Window start millis, a space, the group ({@link StatsKey#toString()}). */
  private static final String SQL_OVER_TRANSACOES =
      """
      WITH g AS (
        SELECT (floor(extract(epoch FROM data_horario) / %1$d) * %1$d * 1000)::bigint AS inicio,
               k.grupo, t.transacao_aprovada, t.valor_transacao, t.motivos_rejeicao,
               extract(epoch FROM (t.horario_decisao - t.horario_kafka)) * 1000 AS latencia
        FROM transacoes t,
             LATERAL (VALUES ('total'), ('regiao:' || t.id_regiao),
                             ('modalidade:' || t.modalidade_pagamento)) AS k(grupo)),
      r AS (
        SELECT inicio, grupo, jsonb_object_agg(code, n) AS regras
        FROM (SELECT inicio, grupo, code, count(*) AS n
              FROM g, unnest(g.motivos_rejeicao) AS code GROUP BY 1, 2, 3) x
        GROUP BY 1, 2)
      SELECT a.*, coalesce(r.regras, '{}'::jsonb)::text
      FROM (SELECT inicio, grupo, count(*),
                   count(*) FILTER (WHERE transacao_aprovada),
                   count(*) FILTER (WHERE NOT transacao_aprovada),
                   sum(valor_transacao),
                   coalesce(sum(valor_transacao) FILTER (WHERE transacao_aprovada), 0),
                   percentile_disc(0.50) WITHIN GROUP (ORDER BY latencia)::float8,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY latencia)::float8,
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY latencia)::float8
            FROM g GROUP BY 1, 2) a
      LEFT JOIN r USING (inicio, grupo)
      """
          .formatted(WINDOW_SECONDS);

  private static final String HISTORY =
      """
      SELECT (extract(epoch FROM inicio_janela) * 1000)::bigint,
             CASE WHEN valor_dimensao = '' THEN dimensao ELSE dimensao || ':' || valor_dimensao END,
             quantidade, aprovadas, rejeitadas, valor_total, valor_aprovado,
             latencia_p50_ms, latencia_p95_ms, latencia_p99_ms, rejeicoes_por_regra::text
      FROM estatisticas_janela
      """;

  /** Rows of {@link #SQL_OVER_TRANSACOES} or {@link #HISTORY}, by "start group". */
  private static Map<String, Aggregate> aggregates(String sql) {
    Map<String, Aggregate> aggregates = new TreeMap<>();
    try (Connection connection = harness.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        aggregates.put(
            rows.getLong(1) + " " + rows.getString(2),
            new Aggregate(
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getBigDecimal(6),
                rows.getBigDecimal(7),
                rules(rows.getString(11)),
                (Double) rows.getObject(8),
                (Double) rows.getObject(9),
                (Double) rows.getObject(10)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return aggregates;
  }

  /** {@code {"SALDO": 2, "RISCO": 1}} as a map. */
  private static Map<String, Long> rules(String json) {
    Map<String, Long> rules = new TreeMap<>();
    String body = json.replaceAll("[{}\" ]", "");
    if (!body.isEmpty()) {
      for (String entry : body.split(",")) {
        String[] parts = entry.split(":");
        rules.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return rules;
  }

  /** The Redis hash of each of {@code keys}, read as an {@link Aggregate}; absent ones left out. */
  private static Map<String, Aggregate> redis(Set<String> keys) {
    Map<String, Aggregate> aggregates = new TreeMap<>();
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      for (String key : keys) {
        Map<String, String> hash = redis.hgetAll(redisKey(key));
        if (hash.isEmpty()) {
          continue;
        }
        Map<String, Long> rules = new TreeMap<>();
        hash.forEach(
            (field, value) -> {
              if (field.startsWith(RedisKeys.REJECTED_BY)) {
                rules.put(field.substring(RedisKeys.REJECTED_BY.length()), Long.parseLong(value));
              }
            });
        aggregates.put(
            key,
            new Aggregate(
                Long.parseLong(hash.get(RedisKeys.COUNT)),
                Long.parseLong(hash.get(RedisKeys.APPROVED)),
                Long.parseLong(hash.get(RedisKeys.REJECTED)),
                new BigDecimal(hash.get(RedisKeys.AMOUNT)),
                new BigDecimal(hash.get(RedisKeys.APPROVED_AMOUNT)),
                rules,
                decimal(hash.get(RedisKeys.LATENCY_P50_MS)),
                decimal(hash.get(RedisKeys.LATENCY_P95_MS)),
                decimal(hash.get(RedisKeys.LATENCY_P99_MS))));
      }
    }
    return aggregates;
  }

  private static Double decimal(String text) {
    return text == null ? null : Double.valueOf(text);
  }

  private static String redisKey(String key) {
    String[] parts = key.split(" ");
    return RedisKeys.DEFAULT.stats(
        Instant.ofEpochMilli(Long.parseLong(parts[0])), StatsKey.parse(parts[1]));
  }

  /**
   * Every key has a TTL; the window index lists every window; the latest lists hold exactly their
   * cap, with a data hash entry for each id and no other.
   */
  private static void assertRedisIsBounded(Set<String> groups) {
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
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
    }
  }

  private static void assertLatestIsCapped(Jedis redis, String latest, String data) {
    assertThat(redis.zcard(latest)).as(latest).isEqualTo(LATEST_CAP);
    assertThat(redis.hkeys(data))
        .as("%s holds exactly the ids of %s", data, latest)
        .containsExactlyInAnyOrderElementsOf(redis.zrange(latest, 0, -1));
  }
}
