package io.bankstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.LedgerAudit;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.pipeline.launch.RunnerProcess;
import io.bankstream.pipeline.launch.RunnerProcess.Runner;
import io.bankstream.producer.publish.Pacer;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.SpreadEventClock;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline's bundled jar, in a JVM of its own, killed with SIGKILL at three random moments of a
 * run of 50,000 transactions and started again after each kill, on the DirectRunner and on Flink
 * embedded (with its checkpoints). For Flink the records are published at a steady rate while the
 * pipeline runs; the DirectRunner, which decides a few hundred records a second on two cores and
 * more slowly still under a live load, gets them all in Kafka first, with event times spread at 500
 * a second as the bench loads its backlog (live ones would put 50,000 records in one second of
 * event time). Either way every kill lands with records read and not yet written, in every step.
 * Afterwards every record of the topic is in {@code transacoes} or {@code dead_letters} exactly
 * once, no balance is below zero, the sum of balances is unchanged, and every balance is its seeded
 * value minus the approved debits plus the approved credits.
 *
 * <p>The moments are drawn from a seed printed at the start ({@code -Dcrash.seed=} repeats them):
 * each is a share of the records, between 10% and 90%, that PostgreSQL must hold before the kill.
 */
class CrashRecoveryIT {

  private static final int RECORDS = 50_000;
  private static final int PER_SECOND = 1_000;
  private static final int USERS = 10_000;
  private static final int KILLS = 3;
  private static final Duration DEADLINE = Duration.ofMinutes(8);

  private static LocalStack stack;
  private static Path runnersDir;
  private static List<UserProfile> users;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
    runnersDir = Path.of(System.getProperty("bankstream.runners.dir", "../runners"));
    users = new UserGenerator(new Random(41)).generate(USERS, Instant.now());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Runner.class,
      names = {"DIRECT", "FLINK"})
  void killedThreeTimesLosesNothingWritesNothingTwiceAndKeepsTheLedger(Runner runner)
      throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Long> killAt = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      killAt.add((long) (RECORDS * (0.1 + 0.8 * random.nextDouble())));
    }
    killAt.sort(Comparator.naturalOrder());
    System.out.printf(
        "CrashRecoveryIT %s: seed %d (-Dcrash.seed=%d repeats it), kills once %s records are"
            + " written%n",
        runner, seed, seed, killAt);
    String topic = "crash_" + runner.cliName();
    createTopic(topic);
    reset();

    long started = System.nanoTime();
    CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(topic, runner));
    if (runner == Runner.DIRECT) {
      publishing.join(); // See the class comment.
    }
    Path log = Path.of("target", "crash-" + runner.cliName() + ".log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (int run = 0; run <= KILLS; run++) {
      Process pipeline = start(runner, topic, log);
      try {
        long target = run < KILLS ? killAt.get(run) : RECORDS;
        while (written(topic) < target || (run == KILLS && !publishing.isDone())) {
          if (!pipeline.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(
                String.format(
                    "%s run %d: %s before %,d records were written (%,d are); log %s ends"
                        + " with:%n%s",
                    runner,
                    run,
                    pipeline.isAlive() ? "deadline passed" : "exited " + pipeline.exitValue(),
                    target,
                    written(topic),
                    log.toAbsolutePath(),
                    tail(log)));
          }
          TimeUnit.MILLISECONDS.sleep(100); // Polling the condition, bounded by the deadline.
        }
        if (run < KILLS) {
          System.out.printf(
              "CrashRecoveryIT %s: SIGKILL at %,d records written%n", runner, written(topic));
        }
      } finally {
        // SIGKILL, also for the last run: nothing may depend on a clean stop.
        pipeline.destroyForcibly().waitFor();
      }
    }
    publishing.join();
    System.out.printf(
        "CrashRecoveryIT %s: %,d records through %d kills in %d s%n",
        runner, RECORDS, KILLS, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

    try (Connection connection = connect()) {
      Coverage coverage = Coverage.of(connection, topic);
      assertThat(coverage.inBoth()).as("records in both tables").isZero();
      assertThat(coverage.distinct()).as("distinct records written").isEqualTo(RECORDS);
      assertThat(coverage.rows() + coverage.deadLetters())
          .as("rows plus dead letters")
          .isEqualTo(RECORDS);
      assertThat(coverage.deadLetters()).as("dead letters").isPositive();
      LedgerAudit ledger = LedgerAudit.of(connection, users);
      assertThat(ledger.negative()).as("balances below zero").isZero();
      assertThat(ledger.conserved()).as("the sum of balances is unchanged").isTrue();
      assertThat(ledger.mismatched())
          .as("balances other than seed - approved debits + approved credits")
          .isZero();
    }
  }

  /** The records of a topic in each table; {@code distinct} counts each partition@offset once. */
  private record Coverage(long rows, long deadLetters, long distinct, long inBoth) {

    static Coverage of(Connection connection, String topic) throws SQLException {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "WITH t AS (SELECT kafka_particao AS p, kafka_offset AS o FROM transacoes"
                  + " WHERE kafka_topico = ?),"
                  + " d AS (SELECT kafka_partition AS p, kafka_offset AS o FROM dead_letters"
                  + " WHERE kafka_topic = ?)"
                  + " SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM d),"
                  + " (SELECT count(*) FROM (SELECT p, o FROM t UNION SELECT p, o FROM d) u),"
                  + " (SELECT count(*) FROM t JOIN d USING (p, o))")) {
        statement.setString(1, topic);
        statement.setString(2, topic);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          return new Coverage(
              result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4));
        }
      }
    }
  }

  private static Process start(Runner runner, String topic, Path log) throws IOException {
    ProcessBuilder builder =
        RunnerProcess.command(
            runner,
            runnersDir,
            2,
            List.of(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--topic=" + topic,
                "--consumerGroup=crash-" + runner.cliName(),
                "--jdbcUrl=" + stack.jdbcUrl(),
                "--dbUser=" + stack.databaseUser(),
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort()));
    builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Publishes the run's records, with fraud and malformed records: at {@link #PER_SECOND} for
   * Flink, as fast as Kafka takes them for the DirectRunner (see the class comment).
   */
  private static void publish(String topic, Runner runner) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TransactionGenerator generator =
        new TransactionGenerator(
            sorted,
            TrafficModel.defaults(),
            runner == Runner.DIRECT
                ? new SpreadEventClock(
                    Instant.now(), RECORDS, 500, Duration.ofSeconds(1), new Random(43))
                : EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(43)),
            new Random(47),
            0.03,
            0.01);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      Pacer pacer = new Pacer(runner == Runner.DIRECT ? Double.POSITIVE_INFINITY : PER_SECOND);
      for (int i = 0; i < RECORDS; i++) {
        pacer.awaitNext();
        GeneratedRecord record = generator.next();
        producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  private static void createTopic(String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 4, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Empties what the pipeline writes and restores the users as generated. */
  private static void reset() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM transacoes");
      statement.execute("DELETE FROM dead_letters");
      statement.execute("DELETE FROM estatisticas_janela");
      statement.execute("DELETE FROM usuarios");
      UserProfiles.insertAll(connection, users);
    }
  }

  /** Records of {@code topic} in either table. */
  private static long written(String topic) throws SQLException {
    try (Connection connection = connect()) {
      Coverage coverage = Coverage.of(connection, topic);
      return coverage.rows() + coverage.deadLetters();
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
