package io.bankstream.launch;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the launch tests share: users seeded into a local stack's database, records published to its
 * topic, the rows of {@code transacoes} counted, and a poll with a deadline.
 */
final class Traffic {

  private final LocalStack stack;
  private final List<UserProfile> users;

  /** Seeds {@code users} generated users into {@code stack}'s database. */
  Traffic(LocalStack stack, int users) throws SQLException {
    this.stack = stack;
    List<UserProfile> generated =
        new ArrayList<>(new UserGenerator(new Random(41)).generate(users, Instant.now()));
    generated.sort(Comparator.comparing(UserProfile::id));
    this.users = List.copyOf(generated);
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, this.users);
    }
  }

  /** Publishes {@code records} records (no fraud, no malformed) to the stack's topic. */
  void publish(int records) {
    TransactionGenerator generator =
        new TransactionGenerator(
            users,
            TrafficModel.defaults(),
            EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(43)),
            new Random(42),
            0,
            0);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        GeneratedRecord record = generator.next();
        producer.send(new ProducerRecord<>(stack.topic(), record.key(), record.value()));
      }
      producer.flush();
    }
  }

  /** Rows in {@code transacoes}. */
  long rows() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM transacoes")) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count transacoes: " + e.getMessage(), e);
    }
  }

  /** The pipeline options that point it at the stack (the password goes in the environment). */
  List<String> pipelineOptions() {
    return List.of(
        "--bootstrapServers=" + stack.kafkaBootstrapServers(),
        "--topic=" + stack.topic(),
        "--jdbcUrl=" + stack.jdbcUrl(),
        "--dbUser=" + stack.databaseUser(),
        "--redisHost=" + stack.redisHost(),
        "--redisPort=" + stack.redisPort());
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  /**
   * Polls {@code condition} every 200 ms until it holds; fails naming {@code what} with the end of
   * {@code log} once {@code deadline} passes or {@code alive} no longer holds.
   */
  static void await(
      String what, BooleanSupplier condition, BooleanSupplier alive, Duration deadline, Path log)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (!alive.getAsBoolean() || System.nanoTime() > end) {
        throw new AssertionError(
            (alive.getAsBoolean()
                    ? "no " + what + " within " + deadline
                    : "process ended before " + what)
                + "; the end of "
                + log
                + ":\n"
                + tail(log));
      }
      Thread.sleep(200);
    }
  }

  /**
   * Stops {@code process} and what it started, as Ctrl-C does: SIGTERM to the processes it started
   * (Maven's exec:exec does not pass a signal on to the JVM it forked), then to it; SIGKILL to what
   * is left after 30 s.
   */
  static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    for (ProcessHandle handle : tree) {
      long left = Math.max(0, end - System.nanoTime());
      try {
        handle.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        handle.destroyForcibly();
      }
    }
    if (!process.waitFor(
        Math.max(0, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** {@code target/<name>.log}, empty. */
  static Path log(String name) throws IOException {
    Path log = Path.of("target", name + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    return log;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read: " + e.getMessage() + ")";
    }
  }
}
