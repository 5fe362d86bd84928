package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.UserProfile;
import io.bankstream.pipeline.StackHarness.Produced;
import io.bankstream.pipeline.sink.WriteDeadLettersToPostgres;
import io.bankstream.pipeline.sink.WriteDecisionsToPostgres;
import io.bankstream.producer.traffic.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The whole pipeline on Flink embedded against the real local stack: 20,000 produced transactions
 * with fraud and 1% malformed give exactly one row per valid transaction and one dead letter per
 * malformed record, no negative balance, money conserved; reading the topic again from the
 * beginning changes no row and no balance. Reports precision and recall of the rejections against
 * the producer's labels, per scenario.
 */
class PipelineIT {

  private static final int USERS = 10_000;
  private static final int RECORDS = 20_000;
  // A bound that only stops a hung run (Flink embedded decides thousands of records a second
  // here); how fast is for bench/, not for this test.
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  @Test
  void decidesEveryTransactionOnceAndAReplayChangesNothing() throws Exception {
    List<UserProfile> users = harness.seedUsers(USERS, 3);
    String balancesBefore = harness.totalBalance();
    Produced produced = produce(users);
    assertThat(produced.malformedOffsets()).hasSizeBetween(140, 260);

    PipelineResult first = harness.startPipelineOnFlink("it-first-read");
    try {
      harness.awaitEveryRecordStored(DEADLINE, produced, first);
    } finally {
      first.cancel();
    }

    assertThat(harness.strings("SELECT id_transacao::text FROM transacoes"))
        .containsExactlyInAnyOrderElementsOf(produced.validIds());
    assertThat(harness.strings("SELECT kafka_partition || '@' || kafka_offset FROM dead_letters"))
        .containsExactlyInAnyOrderElementsOf(produced.malformedOffsets());
    assertThat(harness.count("SELECT count(*) FROM usuarios WHERE saldo < 0")).isZero();
    assertThat(harness.totalBalance()).as("money conserved").isEqualTo(balancesBefore);
    assertThat(
            harness.count(
                "SELECT count(*) FROM transacoes WHERE horario_kafka IS NULL"
                    + " OR horario_gravacao < horario_decisao OR kafka_topico <> '"
                    + harness.stack().topic()
                    + "'"))
        .as("timing columns filled, in order")
        .isZero();
    String snapshot = snapshot();

    PipelineResult replay = harness.startPipelineOnFlink("it-replay");
    try {
      StackHarness.awaitUntil(
          DEADLINE,
          "the replay has read and written the whole topic again",
          () ->
              StackHarness.counter(replay, WriteDecisionsToPostgres.class, "replayed")
                      >= produced.validIds().size()
                  && StackHarness.counter(replay, WriteDeadLettersToPostgres.class, "received")
                      >= produced.malformedOffsets().size(),
          () -> harness.progress(replay));
    } finally {
      replay.cancel();
    }

    assertThat(StackHarness.counter(replay, WriteDecisionsToPostgres.class, "inserted")).isZero();
    assertRedisIsBounded();
    assertThat(snapshot()).as("rows and balances after the replay").isEqualTo(snapshot);
    report(produced);
  }

  private static Produced produce(List<UserProfile> users) throws InterruptedException {
    return harness.produce(StackHarness.eveningTraffic(users, 7, 11), RECORDS, 0);
  }

  /** Every key has a TTL, and the latest transactions and rejections hold at most their cap. */
  private static void assertRedisIsBounded() {
    try (Jedis redis = harness.redis()) {
      Set<String> keys = redis.keys("bankstream:*");
      // The events are from a simulated past day: their windows are written, with a TTL, but
      // too old for the index of recent windows (bankstream:windows), which stays empty.
      assertThat(keys)
          .contains("bankstream:latest:transactions")
          .anyMatch(k -> k.contains(":stats:"));
      for (String key : keys) {
        assertThat(redis.pttl(key)).as("TTL of %s", key).isPositive();
      }
      for (String latest :
          List.of("bankstream:latest:transactions", "bankstream:latest:rejections")) {
        assertThat(redis.zcard(latest)).as(latest).isBetween(1L, 100L);
        assertThat(redis.hkeys(latest + ":data"))
            .as("%s:data holds exactly the ids of %s", latest, latest)
            .containsExactlyInAnyOrderElementsOf(redis.zrange(latest, 0, -1));
      }
    }
  }

  /** A digest of every decision and every balance. */
  private static String snapshot() {
    return harness.query(
            "SELECT md5(string_agg(concat_ws('|', id_transacao, transacao_aprovada,"
                + " motivos_rejeicao, score_risco, componentes_risco, horario_decisao,"
                + " horario_gravacao), ',' ORDER BY id_transacao)) FROM transacoes")
        + " "
        + harness.query(
            "SELECT md5(string_agg(id_usuario || ':' || saldo, ',' ORDER BY id_usuario)) FROM usuarios")
        + " "
        + harness.query("SELECT count(*) || ':' || max(id) FROM dead_letters");
  }

  /** Prints, and writes to target/, precision and recall of the rejections per label. */
  private static void report(Produced produced) throws SQLException, IOException {
    Map<String, long[]> byLabel = new TreeMap<>(); // label -> {records, rejected}
    Map<String, Map<String, Long>> codesByLabel = new TreeMap<>();
    try (Connection connection = harness.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT id_transacao::text, transacao_aprovada, motivos_rejeicao FROM transacoes")) {
      while (rows.next()) {
        String label = produced.labelById().get(rows.getString(1));
        long[] counts = byLabel.computeIfAbsent(label, l -> new long[2]);
        counts[0]++;
        if (!rows.getBoolean(2)) {
          counts[1]++;
          for (String code : (String[]) rows.getArray(3).getArray()) {
            codesByLabel.computeIfAbsent(label, l -> new TreeMap<>()).merge(code, 1L, Long::sum);
          }
        }
      }
    }
    long rejectedFraud = 0;
    long rejectedAll = 0;
    long fraudRecords = 0;
    StringBuilder table = new StringBuilder();
    table.append("| label | records | rejected | share rejected | rejected by |\n");
    table.append("| --- | --- | --- | --- | --- |\n");
    for (Map.Entry<String, long[]> entry : byLabel.entrySet()) {
      long[] counts = entry.getValue();
      boolean fraud = !entry.getKey().equals(Scenario.NORMAL.label());
      rejectedAll += counts[1];
      if (fraud) {
        rejectedFraud += counts[1];
        fraudRecords += counts[0];
      }
      table.append(
          String.format(
              "| `%s` | %,d | %,d | %.1f%% | %s |%n",
              entry.getKey(),
              counts[0],
              counts[1],
              100.0 * counts[1] / counts[0],
              codesByLabel.getOrDefault(entry.getKey(), Map.of())));
    }
    table.append(
        String.format(
            "%nPrecision (rejections that are fraud): %.1f%%. Recall (fraud records rejected): %.1f%%.%n",
            100.0 * rejectedFraud / Math.max(1, rejectedAll),
            100.0 * rejectedFraud / Math.max(1, fraudRecords)));
    System.out.println(table);
    Path report = Path.of("target", "precision-recall.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, table.toString());

    long[] limitProbing = byLabel.get(Scenario.LIMIT_PROBING.label());
    long[] normal = byLabel.get(Scenario.NORMAL.label());
    assertThat(limitProbing[1]).as("limit probing is always rejected").isEqualTo(limitProbing[0]);
    assertThat((double) normal[1] / normal[0]).as("normal records rejected").isLessThan(0.05);
  }
}
