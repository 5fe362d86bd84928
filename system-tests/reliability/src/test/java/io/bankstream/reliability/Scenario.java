package io.bankstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.LedgerAudit;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.publish.Pacer;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the reliability tests share: a local stack with seeded users, a topic of a run's own,
 * records published with fraud and malformed ones at a chosen pace, and the checks every run ends
 * with: each record of the topic in {@code transacoes} or {@code dead_letters} exactly once, and
 * the ledger exact ({@link LedgerAudit}).
 */
final class Scenario {

  private final LocalStack stack;
  private final List<UserProfile> users;

  Scenario(LocalStack stack, List<UserProfile> users) {
    this.stack = stack;
    this.users = List.copyOf(users);
  }

  LocalStack stack() {
    return stack;
  }

  /** Creates {@code topic} with 4 partitions. */
  void createTopic(String topic) throws Exception {
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
  void reset() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM transacoes");
      statement.execute("DELETE FROM dead_letters");
      statement.execute("DELETE FROM estatisticas_janela");
      statement.execute("DELETE FROM usuarios");
      UserProfiles.insertAll(connection, users);
    }
  }

  /**
   * Publishes {@code records} records to {@code topic} at {@code perSecond} (infinite: as fast as
   * Kafka takes them), with 3% fraud and 1% malformed records and event times from {@code clock}.
   */
  void publish(String topic, int records, double perSecond, EventClock clock, long seed) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TransactionGenerator generator =
        new TransactionGenerator(
            sorted, TrafficModel.defaults(), clock, new Random(seed), 0.03, 0.01);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      Pacer pacer = new Pacer(perSecond);
      for (int i = 0; i < records; i++) {
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

  /** The records of a topic in each table; {@code distinct} counts each partition@offset once. */
  record Coverage(long rows, long deadLetters, long distinct, long inBoth) {

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

  /** Records of {@code topic} in either table. */
  long written(String topic) throws SQLException {
    try (Connection connection = connect()) {
      Coverage coverage = Coverage.of(connection, topic);
      return coverage.rows() + coverage.deadLetters();
    }
  }

  /** {@link #written}, for a condition polled in a lambda. */
  long progress(String topic) {
    try {
      return written(topic);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the records written: " + e.getMessage(), e);
    }
  }

  /** The submission scripts' settings for this stack, reading {@code topic} as {@code group}. */
  io.bankstream.cluster.Submission.Settings settings(String topic, String group) {
    return new io.bankstream.cluster.Submission.Settings(
        stack.kafkaBootstrapServers(),
        topic,
        group,
        stack.jdbcUrl(),
        stack.databaseUser(),
        stack.databasePassword(),
        stack.redisHost(),
        stack.redisPort());
  }

  /** The repository's root, from the {@code runners/} directory the build names. */
  static Path root() {
    return Path.of(System.getProperty("bankstream.runners.dir", "../../runners"))
        .toAbsolutePath()
        .normalize()
        .getParent();
  }

  /** {@code target/<name>.log}, empty. */
  static Path log(String name) throws IOException {
    Path log = Path.of("target", name + ".log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    return log;
  }

  /**
   * Polls {@code condition} until {@code deadline}; fails naming {@code what} with {@code context}
   * (logs' ends) once the deadline passes or {@code alive} no longer holds.
   */
  static void await(
      String what,
      java.util.function.BooleanSupplier condition,
      java.util.function.BooleanSupplier alive,
      java.time.Duration deadline,
      java.util.function.Supplier<String> context)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      boolean living = alive.getAsBoolean();
      if (!living || System.nanoTime() > end) {
        throw new AssertionError(
            String.format(
                "%s: %s%n%s",
                living ? "not within " + deadline : "what runs it ended", what, context.get()));
      }
      TimeUnit.MILLISECONDS.sleep(250); // Polling the condition, bounded by the deadline.
    }
  }

  /**
   * Runs a submission that must be refused: exit code 2, and one line on stderr, starting with
   * {@code error}.
   */
  static void assertOneError(ProcessBuilder submission, String error) throws Exception {
    Path out = Files.createTempFile(Path.of("target"), "submit-", ".out");
    Path err = Files.createTempFile(Path.of("target"), "submit-", ".err");
    try {
      Process process = submission.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
      List<String> lines = Files.readAllLines(err);
      assertThat(process.exitValue()).as("exit; stderr %s", lines).isEqualTo(2);
      assertThat(lines).as("stderr").hasSize(1);
      assertThat(lines.get(0)).startsWith(error);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Every one of the {@code records} records of {@code topic} is in exactly one of the two tables,
   * some are dead letters, and the ledger holds.
   */
  void assertExactlyOnceAndLedger(String topic, int records) throws SQLException {
    try (Connection connection = connect()) {
      Coverage coverage = Coverage.of(connection, topic);
      assertThat(coverage.inBoth()).as("records in both tables").isZero();
      assertThat(coverage.distinct()).as("distinct records written").isEqualTo(records);
      assertThat(coverage.rows() + coverage.deadLetters())
          .as("rows plus dead letters")
          .isEqualTo(records);
      assertThat(coverage.deadLetters()).as("dead letters").isPositive();
      LedgerAudit ledger = LedgerAudit.of(connection, users);
      assertThat(ledger.negative()).as("balances below zero").isZero();
      assertThat(ledger.conserved()).as("the sum of balances is unchanged").isTrue();
      assertThat(ledger.mismatched())
          .as("balances other than seed - approved debits + approved credits")
          .isZero();
    }
  }

  /** The earliest decision time after {@code after} in {@code transacoes}, if any. */
  Instant firstDecisionAfter(Instant after) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT min(horario_decisao) FROM transacoes WHERE horario_decisao > ?")) {
      statement.setObject(1, java.time.OffsetDateTime.ofInstant(after, java.time.ZoneOffset.UTC));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        java.sql.Timestamp first = result.getTimestamp(1);
        return first == null ? null : first.toInstant();
      }
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  /** The last 40 lines of {@code log}, or why there are none. */
  static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "(no " + log + ")";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
