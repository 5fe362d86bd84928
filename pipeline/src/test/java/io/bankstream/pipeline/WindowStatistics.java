package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.bankstream.core.stats.LatencyHistogram;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;

/**
 * The window statistics of a run three ways, for the tests that compare them: computed by SQL over
 * {@code transacoes} (the truth), as {@code estatisticas_janela} holds them, and as the Redis
 * hashes hold them, each by "window-start-millis group".
 */
final class WindowStatistics {

  private final StackHarness harness;
  private final int windowSeconds;

  WindowStatistics(StackHarness harness, int windowSeconds) {
    this.harness = harness;
    this.windowSeconds = windowSeconds;
  }

  /** One window's group: what the SQL truth, the history table and Redis are compared on. */
  record Aggregate(
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

  static Map<String, String> exact(Map<String, Aggregate> aggregates) {
    Map<String, String> lines = new TreeMap<>();
    aggregates.forEach((key, aggregate) -> lines.put(key, aggregate.exact()));
    return lines;
  }

  /** The first differences between the truth and either store, for the failure message. */
  static String differences(
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
  private static final String SQL_OVER_TRANSACOES_FORMAT =
      """
      WITH g AS (
        SELECT (floor(extract(epoch FROM data_horario) / %1$d) * %1$d * 1000)::bigint AS inicio,
               k.grupo, t.transacao_aprovada, t.valor_transacao, t.motivos_rejeicao,
               extract(epoch FROM (t.horario_decisao - t.horario_kafka)) * 1000 AS latencia
        FROM transacoes t,
             LATERAL (VALUES ('total'), ('regiao:' || t.id_regiao),
                             ('modalidade:' || t.modalidade_pagamento),
                             ('versao:' || t.versao_regras)) AS k(grupo)),
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
      """;

  private static final String HISTORY =
      """
      SELECT (extract(epoch FROM inicio_janela) * 1000)::bigint,
             CASE WHEN valor_dimensao = '' THEN dimensao ELSE dimensao || ':' || valor_dimensao END,
             quantidade, aprovadas, rejeitadas, valor_total, valor_aprovado,
             latencia_p50_ms, latencia_p95_ms, latencia_p99_ms, rejeicoes_por_regra::text
      FROM estatisticas_janela
      """;

  /** Every window's groups computed by SQL over {@code transacoes}: the truth. */
  Map<String, Aggregate> truth() {
    return aggregates(SQL_OVER_TRANSACOES_FORMAT.formatted(windowSeconds));
  }

  /** Every window's groups as {@code estatisticas_janela} holds them. */
  Map<String, Aggregate> history() {
    return aggregates(HISTORY);
  }

  /** The first differences between the truth and the stores, or an empty string. */
  String differences(Map<String, Aggregate> truth) {
    return differences(truth, history(), redis(truth.keySet()));
  }

  /** Rows of the truth's query or {@link #HISTORY}, by "start group". */
  private Map<String, Aggregate> aggregates(String sql) {
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
  Map<String, Aggregate> redis(Set<String> keys) {
    Map<String, Aggregate> aggregates = new TreeMap<>();
    try (Jedis redis = harness.redis()) {
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
}
