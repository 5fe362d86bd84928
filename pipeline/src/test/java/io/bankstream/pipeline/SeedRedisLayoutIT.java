package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.redis.SeedRedisLayout;
import io.bankstream.model.UserProfile;
import io.bankstream.pipeline.StackHarness.Produced;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The seed's Redis layout through the whole pipeline and the local stack: with {@code
 * --seedRedisLayout=true} (on Flink embedded, two writers at once, the seed's rule profile), after
 * 1,000 live records, {@code recent_transactions} holds exactly the {@code --seedRedisRecent}
 * newest decisions of {@code transacoes}, each with a hash {@code transacoes:<id>} holding the
 * seed's 15 fields, equal to its row, and no other hash; every key has a TTL of at most {@code
 * --seedRedisTtlMinutes}. That nothing of it is written without the option (the default) is
 * asserted by {@link StatisticsIT}.
 */
class SeedRedisLayoutIT {

  private static final int RECENT = 50;
  private static final int TTL_MINUTES = 7;
  private static final int RECORDS = 1_000;
  // A bound that only stops a hung run.
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  /** The fields of a seed hash when the seed's rule decided and Kafka gave a timestamp. */
  private static final Set<String> SEED_FIELDS =
      Set.of(
          "id_usuario_pagador",
          "id_usuario_recebedor",
          "id_regiao",
          "modalidade_pagamento",
          "data_horario",
          "valor_transacao",
          "transacao_aprovada",
          "t5_score",
          "t6_score",
          "t7_score",
          "tempo_saida_resultado",
          "tempo_entrada_kafka",
          "tempo_inicio_processamento",
          "latencia_total_ms",
          "tempo_processamento_ms");

  /** How the seed's hashes print timestamps: {@code java.sql.Timestamp}, here in UTC. */
  private static final DateTimeFormatter SEED_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  @Test
  void recentTransactionsHoldsTheNewestWithTheSeedsHashesAndTtls() throws Exception {
    List<UserProfile> users = harness.seedUsers(500, 21);

    long start = System.nanoTime();
    // The first pipeline on a database publishes its rules as version 1: here the seed's rule.
    PipelineResult on =
        harness.startPipelineOnFlink(
            "seed-layout-on",
            "--seedRedisLayout=true",
            "--seedRedisRecent=" + RECENT,
            "--seedRedisTtlMinutes=" + TTL_MINUTES,
            "--rulesProfile=seed",
            "--writeBatchSize=40");
    try {
      Produced produced = harness.produce(StackHarness.liveTraffic(users, 23), RECORDS, 0);
      harness.awaitEveryRecordStored(DEADLINE, produced, on);
      StackHarness.awaitUntil(
          DEADLINE,
          "recent_transactions holds the " + RECENT + " newest decisions of transacoes",
          () -> recentMembers().equals(newestInTransacoes()),
          () -> "recent_transactions " + recentMembers() + ", newest " + newestInTransacoes());
    } finally {
      on.cancel();
    }
    System.out.printf(
        "SeedRedisLayoutIT: %d records on Flink embedded, from start to recent_transactions"
            + " complete %d s%n",
        RECORDS, Duration.ofNanos(System.nanoTime() - start).toSeconds());

    Map<String, Map<String, String>> rows = newestRows();
    try (Jedis redis = harness.redis()) {
      assertThat(redis.zcard(SeedRedisLayout.RECENT)).isEqualTo(RECENT);
      assertThat(redis.keys("transacoes:*"))
          .as("a hash for each id of recent_transactions, and no other")
          .containsExactlyInAnyOrderElementsOf(
              rows.keySet().stream().map(SeedRedisLayout::hashKey).toList());
      long ttlMillis = Duration.ofMinutes(TTL_MINUTES).toMillis();
      assertThat(redis.pttl(SeedRedisLayout.RECENT)).isBetween(1L, ttlMillis);
      for (Map.Entry<String, Map<String, String>> row : rows.entrySet()) {
        String key = SeedRedisLayout.hashKey(row.getKey());
        Map<String, String> hash = redis.hgetAll(key);
        assertThat(hash.keySet()).as(key).isEqualTo(SEED_FIELDS);
        assertThat(redis.pttl(key)).as("TTL of %s", key).isBetween(1L, ttlMillis);
        assertMatchesRow(key, hash, row.getValue());
        assertThat(
                Math.abs(
                    redis.zscore(SeedRedisLayout.RECENT, row.getKey())
                        - epochSeconds(hash.get("tempo_saida_resultado"))))
            .as("score of %s: its tempo_saida_resultado in epoch seconds", row.getKey())
            .isLessThan(1e-5);
      }
    }
  }

  /** The hash's fields equal the row's values; timestamps within PostgreSQL's rounding (1 µs). */
  private static void assertMatchesRow(
      String key, Map<String, String> hash, Map<String, String> row) {
    for (String field :
        List.of(
            "id_usuario_pagador",
            "id_usuario_recebedor",
            "id_regiao",
            "modalidade_pagamento",
            "valor_transacao",
            "transacao_aprovada",
            "t5_score",
            "t6_score",
            "t7_score")) {
      assertThat(hash.get(field)).as("%s %s", key, field).isEqualTo(row.get(field));
    }
    for (String field : List.of("data_horario", "tempo_saida_resultado", "tempo_entrada_kafka")) {
      long micros =
          Duration.between(parse(hash.get(field)), Instant.parse(row.get(field))).toNanos() / 1_000;
      assertThat(Math.abs(micros))
          .as("%s %s vs %s", key, field, row.get(field))
          .isLessThanOrEqualTo(1);
    }
    assertThat(hash.get("tempo_inicio_processamento")).isEqualTo(hash.get("tempo_saida_resultado"));
    long latency =
        Duration.between(
                parse(hash.get("tempo_entrada_kafka")), parse(hash.get("tempo_saida_resultado")))
            .toMillis();
    assertThat(Long.parseLong(hash.get("latencia_total_ms"))).as(key).isEqualTo(latency);
    assertThat(hash.get("tempo_processamento_ms")).isEqualTo("0");
  }

  private static Set<String> recentMembers() {
    try (Jedis redis = harness.redis()) {
      return Set.copyOf(redis.zrange(SeedRedisLayout.RECENT, 0, -1));
    }
  }

  private static Set<String> newestInTransacoes() {
    return Set.copyOf(
        harness.strings(
            "SELECT id_transacao::text FROM transacoes"
                + " ORDER BY horario_decisao DESC, id_transacao DESC LIMIT "
                + RECENT));
  }

  /** The {@link #RECENT} newest rows of transacoes by id, as the seed's hash would print them. */
  private static Map<String, Map<String, String>> newestRows() throws SQLException {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (Connection connection = harness.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id_transacao::text, id_usuario_pagador::text, id_usuario_recebedor::text,"
                    + " id_regiao, modalidade_pagamento, valor_transacao, transacao_aprovada,"
                    + " componentes_risco->>'t5', componentes_risco->>'t6',"
                    + " componentes_risco->>'t7', data_horario, horario_decisao, horario_kafka"
                    + " FROM transacoes ORDER BY horario_decisao DESC, id_transacao DESC LIMIT "
                    + RECENT)) {
      while (result.next()) {
        Map<String, String> row = new HashMap<>();
        row.put("id_usuario_pagador", result.getString(2));
        row.put("id_usuario_recebedor", result.getString(3));
        row.put("id_regiao", result.getString(4));
        row.put(
            "modalidade_pagamento",
            result.getString(5).equals("BOLETO") ? "Boleto" : result.getString(5));
        row.put("valor_transacao", Double.toString(result.getBigDecimal(6).doubleValue()));
        row.put("transacao_aprovada", Boolean.toString(result.getBoolean(7)));
        row.put("t5_score", Double.toString(new BigDecimal(result.getString(8)).doubleValue()));
        row.put("t6_score", Double.toString(new BigDecimal(result.getString(9)).doubleValue()));
        row.put("t7_score", Double.toString(new BigDecimal(result.getString(10)).doubleValue()));
        row.put("data_horario", instant(result, 11));
        row.put("tempo_saida_resultado", instant(result, 12));
        row.put("tempo_entrada_kafka", instant(result, 13));
        rows.put(result.getString(1), row);
      }
    }
    return rows;
  }

  private static String instant(ResultSet result, int column) throws SQLException {
    return result.getObject(column, OffsetDateTime.class).toInstant().toString();
  }

  private static Instant parse(String seedTimestamp) {
    return Instant.from(SEED_TIMESTAMP.parse(seedTimestamp));
  }

  private static double epochSeconds(String seedTimestamp) {
    Instant instant = parse(seedTimestamp);
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }
}
