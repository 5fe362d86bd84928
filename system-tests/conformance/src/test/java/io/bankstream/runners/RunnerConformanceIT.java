package io.bankstream.runners;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.FlinkCluster;
import io.bankstream.cluster.RunnerProcess;
import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.cluster.SparkCluster;
import io.bankstream.cluster.Submission;
import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.MalformedKind;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * One scenario on the three runners, embedded and on real clusters: 6,000 records (fraud 8%,
 * malformed 2%) published once, then read by the pipeline's bundled jar on the DirectRunner, on
 * Flink embedded and on Spark {@code local[2]}, each in its own JVM, and then submitted by the
 * project's own scripts to a Flink session cluster (a JobManager and two TaskManagers of two slots,
 * parallelism 2; {@code deploy/flink-run.sh}, detached) and to a Spark standalone cluster (a master
 * and two workers with an executor each; {@code deploy/spark-submit.sh}), each cluster started for
 * its run and stopped after it. Each run has its own consumer group and the same local stack, reset
 * to the same users before it. Every run must give the same {@code transacoes} rows with the same
 * decisions, the same balances, the same dead letters, and the same window statistics in {@code
 * estatisticas_janela} and in Redis (latencies aside: they measure each runner).
 *
 * <p>Rules versions: version 1 (the bundled defaults) decides from the start and version 2, with a
 * night PIX limit of R$ 200 all day and three aggregate limits per payer, takes effect in the
 * middle of the scenario's event times; both are published before the first run, so every runner
 * must pick, for each transaction, the same version by its event time, and record it in {@code
 * versao_regras}, and build the same per-payer history for the aggregate limits.
 *
 * <p>Arrival order: the approval state is per payer, so a decision can depend on the order of a
 * payer's transactions. Kafka keeps it (the record key is the payer, so a payer's records share a
 * partition, in offset order), and each runner reads a partition in order and hands a key's
 * elements to its state in that order. The Beam model does not promise that last part; this test is
 * what shows it holds on these three runners for this pipeline.
 *
 * <p>Timing: SALDO counts the credits a payer received as of the last reload of the profile cache,
 * and a reload happens on a timer ({@code --profileRefreshSeconds}) and when a lookup misses (an
 * unknown user), so a payer's balance can include another payer's approved payment on one runner
 * and not yet on another. The first run of this test saw exactly that: 25 of 5,861 decisions
 * flipped by SALDO, nothing else. The scenario rules it out: profiles are loaded once, before the
 * first decision (a refresh period longer than the run, and no unknown users), so every runner
 * decides against the seeded balances and the state alone.
 */
class RunnerConformanceIT {

  private static final int USERS = 3_000;
  private static final int RECORDS = 6_000;
  private static final int PER_SECOND = 500;
  private static final int WINDOW_SECONDS = 2;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private static LocalStack stack;
  private static Path runnersDir;
  private static Path root;

  /** Where a run happens: a runner in a JVM of its own, or a cluster the scripts submit to. */
  enum Target {
    DIRECT(Runner.DIRECT),
    FLINK(Runner.FLINK),
    SPARK(Runner.SPARK),
    FLINK_CLUSTER(null),
    SPARK_CLUSTER(null);

    private final Runner embedded;

    Target(Runner embedded) {
      this.embedded = embedded;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  @BeforeAll
  static void startStack() {
    runnersDir =
        Path.of(System.getProperty("bankstream.runners.dir", "../../runners"))
            .toAbsolutePath()
            .normalize();
    root = runnersDir.getParent();
    stack = LocalStack.start();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void everyRunnerGivesTheSameRowsDecisionsDeadLettersAndStatistics() throws Exception {
    List<UserProfile> users = new UserGenerator(new Random(21)).generate(USERS, Instant.now());
    Instant secondVersion = publishVersions();
    int[] published = publish(users);
    int valid = published[0];
    int malformed = published[1];
    assertThat(malformed).as("malformed records published").isPositive();

    Map<Target, Outcome> outcomes = new EnumMap<>(Target.class);
    for (Target target : targets()) {
      reset(users);
      outcomes.put(target, run(target, valid, malformed));
    }

    Outcome direct = outcomes.get(Target.DIRECT);
    assertThat(direct.decisions()).hasSize(valid);
    assertThat(direct.deadLetters()).hasSize(malformed);
    assertThat(direct.history()).as("window rows").hasSizeGreaterThan(100);
    assertThat(direct.decisions().values()).as("some rejected").anyMatch(d -> d.startsWith("f "));
    assertThat(direct.decisions().values())
        .as("decided by version 1 before %s and by version 2 after", secondVersion)
        .anyMatch(d -> d.endsWith(" 1"))
        .anyMatch(d -> d.endsWith(" 2"))
        .anyMatch(d -> d.contains("CONTA_10MIN") || d.contains("SOMA_PIX_1H"));
    for (Target runner : outcomes.keySet()) {
      Outcome other = outcomes.get(runner);
      assertSame(runner, "decisions in transacoes", direct.decisions(), other.decisions());
      assertSame(runner, "balances in usuarios", direct.balances(), other.balances());
      assertSame(runner, "dead letters", direct.deadLetters(), other.deadLetters());
      assertSame(runner, "estatisticas_janela", direct.history(), other.history());
      assertSame(runner, "Redis statistics", direct.redis(), other.redis());
    }
    System.out.printf(
        "RunnerConformanceIT: %,d decisions, %,d dead letters, %,d window rows, %,d Redis hashes"
            + " the same on %s%n",
        direct.decisions().size(),
        direct.deadLetters().size(),
        direct.history().size(),
        direct.redis().size(),
        outcomes.keySet());
  }

  /**
   * Every target, the DirectRunner first; {@code -Dconformance.targets=FLINK_CLUSTER,...} runs the
   * DirectRunner and those alone (the DirectRunner's result is what the others are compared with).
   */
  private static List<Target> targets() {
    String named = System.getProperty("conformance.targets", "");
    if (named.isBlank()) {
      return List.of(Target.values());
    }
    java.util.Set<Target> chosen = java.util.EnumSet.of(Target.DIRECT);
    for (String name : named.split(",")) {
      chosen.add(Target.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
    }
    return List.copyOf(chosen);
  }

  /** What one runner left behind, each as key to a comparable line. */
  private record Outcome(
      Map<String, String> decisions,
      Map<String, String> balances,
      Map<String, String> deadLetters,
      Map<String, String> history,
      Map<String, String> redis) {}

  /**
   * Publishes rules version 1 (the bundled defaults, from the start) and version 2, effective 6 s
   * from now, half way through the scenario's event times; returns when version 2 takes effect.
   */
  private static Instant publishVersions() throws SQLException {
    Instant effective = Instant.now().plusSeconds(RECORDS / PER_SECOND / 2);
    try (Connection connection = connect()) {
      RuleVersionStore.publishFirstIfNone(
          connection,
          RulesDocument.yaml(RulesConfig.defaults()),
          "RunnerConformanceIT",
          "the bundled defaults");
      RuleVersionStore.publish(
          connection,
          RulesDocument.yaml(
              RulesLoader.fromYaml(
                  """
                  pixNoturno: { nightStart: "00:00", nightEnd: "23:59:59", limit: 200.00 }
                  limits:
                    - { code: CONTA_10MIN, measure: count, window: 10m, max: 3 }
                    - { code: SOMA_PIX_1H, measure: sum, window: 1h, max: 800.00, modality: PIX }
                    - { code: UFS_1H, measure: distinctUfs, window: 1h, max: 2 }
                  """)),
          effective,
          "RunnerConformanceIT",
          "half way through the scenario",
          null);
    }
    return effective;
  }

  /** Publishes the scenario with live event times; returns {valid, malformed}. */
  private static int[] publish(List<UserProfile> users) throws InterruptedException {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TransactionGenerator generator =
        new TransactionGenerator(
            sorted,
            TrafficModel.defaults(),
            EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(23)),
            new Random(29),
            0.08,
            0.02);
    int valid = 0;
    int malformed = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < RECORDS; i++) {
        long wait = start + TimeUnit.SECONDS.toNanos(i) / PER_SECOND - System.nanoTime();
        if (wait > 0) {
          // Pacing the producer so that the event times span several windows; not a condition.
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        GeneratedRecord record = generator.next();
        while (record.label().equals(MalformedKind.UNKNOWN_USER.label())) {
          // An unknown user makes the profile cache reload (see the class comment).
          record = generator.next();
        }
        producer.send(new ProducerRecord<>(stack.topic(), record.key(), record.value()));
        if (record.isMalformed()) {
          malformed++;
        } else {
          valid++;
        }
      }
      producer.flush();
    }
    return new int[] {valid, malformed};
  }

  /** Empties every table the pipeline writes, restores the users as generated, empties Redis. */
  private static void reset(List<UserProfile> users) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM transacoes");
      statement.execute("DELETE FROM dead_letters");
      statement.execute("DELETE FROM estatisticas_janela");
      statement.execute("DELETE FROM usuarios");
      UserProfiles.insertAll(connection, users);
    }
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      redis.flushAll();
    }
  }

  /** Runs the pipeline on {@code target} until everything is written; returns what it wrote. */
  private static Outcome run(Target target, int valid, int malformed) throws Exception {
    Path log = Path.of("target", "conformance-" + target.label() + ".log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    List<String> options =
        List.of(
            "--windowSeconds=" + WINDOW_SECONDS,
            // Profiles loaded once, before the first decision (see the class comment).
            "--profileRefreshSeconds=86400",
            // The records were published before this run: their windows may close before the
            // last of them is read, so lateness must not drop any of them.
            "--allowedLatenessMinutes=60");
    long started = System.nanoTime();
    switch (target) {
      case FLINK_CLUSTER -> {
        try (FlinkCluster flink =
            FlinkCluster.builder(io.bankstream.cluster.Distributions.flinkHome(root))
                .taskManagers(2)
                .slots(2)
                .restPort(0)
                .rpcPort(0)
                .start()) {
          Process submit =
              submission(target)
                  .flink(flink, List.of(), options)
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .start();
          // Detached: the script returns once the job is accepted; the job keeps running.
          assertThat(submit.waitFor(3, TimeUnit.MINUTES)).as("flink-run.sh returned").isTrue();
          assertThat(submit.exitValue()).as("flink-run.sh exit; %s", tail(log)).isZero();
          List<FlinkCluster.Job> jobs = flink.jobs();
          assertThat(jobs).as("jobs on the cluster").hasSize(1);
          awaitComplete(
              target, valid, malformed, () -> flinkRunning(flink), log, flink.logDirectory());
          assertThat(flink.cancel(jobs.get(0).id())).as("cancel through REST").isTrue();
        }
      }
      case SPARK_CLUSTER -> {
        try (SparkCluster spark =
            SparkCluster.builder(io.bankstream.cluster.Distributions.sparkHome(root))
                .workers(2)
                .workerCores(1)
                .workerMemory("1g")
                .masterPort(0)
                .webUiPort(0)
                .restPort(0)
                .start()) {
          Process driver =
              submission(target)
                  .spark(spark, options)
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .start();
          try {
            awaitComplete(target, valid, malformed, driver::isAlive, log, spark.logDirectory());
            assertThat(spark.executors()).as("executors on the workers").hasSize(2);
          } finally {
            stop(driver);
          }
        }
      }
      default -> {
        ProcessBuilder builder =
            RunnerProcess.command(target.embedded, runnersDir, 2, withConnections(target, options));
        builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
          awaitComplete(target, valid, malformed, process::isAlive, log, null);
        } finally {
          stop(process);
          RunnerProcess.removeRunFiles(builder);
        }
      }
    }
    System.out.printf(
        "RunnerConformanceIT: %s done in %d s%n",
        target.label(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    return new Outcome(
        lines(
            "SELECT id_transacao::text, concat_ws(' ', transacao_aprovada, motivos_rejeicao,"
                + " score_risco, componentes_risco, perfil_regras, versao_regras) FROM transacoes"),
        lines("SELECT id_usuario::text, saldo::text FROM usuarios"),
        lines(
            "SELECT kafka_partition || '@' || kafka_offset, concat_ws(' ', step, reason, field)"
                + " FROM dead_letters"),
        lines(
            "SELECT concat_ws(' ', inicio_janela, fim_janela, dimensao, valor_dimensao),"
                + " concat_ws(' ', quantidade, aprovadas, rejeitadas, valor_total, valor_aprovado,"
                + " rejeicoes_por_regra) FROM estatisticas_janela"),
        redisStatistics());
  }

  /** The connection options for an embedded run, then {@code options}. */
  private static List<String> withConnections(Target target, List<String> options) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--topic=" + stack.topic(),
                "--consumerGroup=conformance-" + target.label(),
                "--jdbcUrl=" + stack.jdbcUrl(),
                "--dbUser=" + stack.databaseUser(),
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort()));
    all.addAll(options);
    return all;
  }

  /** The scripts' settings for a cluster run: this stack, a consumer group of the run's own. */
  private static Submission submission(Target target) {
    return new Submission(
        root,
        new Submission.Settings(
            stack.kafkaBootstrapServers(),
            stack.topic(),
            "conformance-" + target.label(),
            stack.jdbcUrl(),
            stack.databaseUser(),
            stack.databasePassword(),
            stack.redisHost(),
            stack.redisPort()));
  }

  private static boolean flinkRunning(FlinkCluster flink) {
    return flink.jobs().stream().anyMatch(job -> !job.state().equals("FAILED"))
        && flink.jobManager().isAlive();
  }

  /**
   * Waits until everything is written, while {@code running} holds, within {@link #DEADLINE}; else
   * fails with what is written and the end of {@code log} (and of the cluster's logs).
   */
  private static void awaitComplete(
      Target target, int valid, int malformed, BooleanSupplier running, Path log, Path clusterLogs)
      throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!complete(valid, malformed)) {
      if (!running.getAsBoolean() || System.nanoTime() > end) {
        throw new AssertionError(
            String.format(
                "%s: %s within %s; rows %s of %d, dead letters %s of %d, window totals %s,"
                    + " in Redis %s; log %s ends with:%n%s%s",
                target.label(),
                running.getAsBoolean() ? "not done" : "stopped",
                DEADLINE,
                query("SELECT count(*) FROM transacoes"),
                valid,
                query("SELECT count(*) FROM dead_letters"),
                malformed,
                query(
                    "SELECT string_agg(dimensao || '=' || n, ' ') FROM (SELECT dimensao,"
                        + " sum(quantidade) AS n FROM estatisticas_janela GROUP BY 1) s"),
                redisCountsPerDimension(),
                log.toAbsolutePath(),
                tail(log),
                clusterLogs == null ? "" : clusterLogTails(clusterLogs)));
      }
      TimeUnit.MILLISECONDS.sleep(500); // Polling the condition, bounded by the deadline.
    }
  }

  private static String clusterLogTails(Path logs) throws IOException {
    StringBuilder tails = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path file : files.sorted().toList()) {
        tails.append(String.format("%n--- %s ---%n%s", file.getFileName(), tail(file)));
      }
    }
    return tails.toString();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Every valid record in {@code transacoes}, every malformed one in {@code dead_letters}, and
   * every one of them counted in the windows of each dimension, in PostgreSQL and in Redis (two
   * sinks of the same panes, each finishing on its own).
   */
  private static boolean complete(int valid, int malformed) {
    return query("SELECT count(*) FROM transacoes").equals(Integer.toString(valid))
        && query("SELECT count(*) FROM dead_letters").equals(Integer.toString(malformed))
        && query(
                "SELECT count(*) FROM (SELECT dimensao FROM estatisticas_janela GROUP BY 1"
                    + " HAVING sum(quantidade) = "
                    + valid
                    + ") s")
            .equals("4")
        && redisCountsPerDimension()
            .equals(
                Map.of(
                    "total",
                    (long) valid,
                    "regiao",
                    (long) valid,
                    "modalidade",
                    (long) valid,
                    "versao",
                    (long) valid));
  }

  /** The sum of {@code count} over the statistics hashes of each dimension. */
  private static Map<String, Long> redisCountsPerDimension() {
    Map<String, Long> sums = new TreeMap<>();
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      for (String key : redis.keys("bankstream:stats:*")) {
        // bankstream:stats:<start>:total, ...:regiao:<UF>, ...:modalidade:<MODALITY>
        String dimension = key.split(":")[3];
        String count = redis.hget(key, "count");
        sums.merge(dimension, count == null ? 0 : Long.parseLong(count), Long::sum);
      }
    }
    return sums;
  }

  /** Each statistics hash without the fields that measure the run (latency, pane, time). */
  private static Map<String, String> redisStatistics() {
    Map<String, String> statistics = new TreeMap<>();
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      for (String key : redis.keys("bankstream:stats:*")) {
        Map<String, String> fields = new TreeMap<>(redis.hgetAll(key));
        fields.keySet().removeIf(f -> f.startsWith("latency_") || f.startsWith("pane"));
        fields.remove("updated_at");
        statistics.put(key, fields.toString());
      }
    }
    return statistics;
  }

  private static void assertSame(
      Target runner, String what, Map<String, String> expected, Map<String, String> actual) {
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      String a = expected.get(key);
      String b = actual.get(key);
      if (a == null || !a.equals(b)) {
        differences.add(key + ": direct " + a + " | " + runner.label() + " " + b);
      }
    }
    assertThat(differences.subList(0, Math.min(20, differences.size())))
        .as(
            "%s on %s vs DirectRunner (%d of %d differ; first ones shown)",
            what, runner, differences.size(), keys.size())
        .isEmpty();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static String query(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return String.valueOf(rows.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Map<String, String> lines(String sql) throws SQLException {
    Map<String, String> lines = new TreeMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        lines.put(rows.getString(1), rows.getString(2));
      }
    }
    return lines;
  }
}
