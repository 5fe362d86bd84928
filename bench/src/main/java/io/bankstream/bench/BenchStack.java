package io.bankstream.bench;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.LedgerAudit;
import io.bankstream.model.db.Migrations;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.pipeline.report.PipelineStatus;
import io.bankstream.producer.fuzz.FuzzedTraffic;
import io.bankstream.producer.fuzz.Fuzzer;
import io.bankstream.producer.fuzz.Mutation;
import io.bankstream.producer.publish.Pacer;
import io.bankstream.producer.publish.RecordPublisher;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import redis.clients.jedis.Jedis;

/**
 * The bench's own Kafka, PostgreSQL and Redis (a {@link LocalStack} on free ports), with the seeded
 * users, what every run starts from ({@link #reset}), what it loads ({@link #load}) and what the
 * bench reads back from PostgreSQL afterwards ({@link #progress}, {@link #measure}).
 */
final class BenchStack implements AutoCloseable {

  private static final long FUZZER_SALT = 0x2545F4914F6CDD1DL;
  private static final long FUZZ_SHARE_SALT = 0x9E3779B97F4A7C15L;

  /** What a load published. */
  record Loaded(long records, long malformed, long fuzzed, Instant firstSent, Instant lastSent) {}

  private final LocalStack stack;
  private final List<UserProfile> users;

  private BenchStack(LocalStack stack, List<UserProfile> users) {
    this.stack = stack;
    this.users = users;
  }

  /** Starts the stack, migrates the schema and seeds {@code userCount} users from {@code seed}. */
  static BenchStack start(int userCount, long seed) throws SQLException {
    LocalStack stack = LocalStack.start();
    try {
      Migrations.apply(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
      List<UserProfile> users =
          new ArrayList<>(new UserGenerator(new Random(seed)).generate(userCount, Instant.now()));
      users.sort(Comparator.comparing(UserProfile::id));
      BenchStack bench = new BenchStack(stack, users);
      bench.reset();
      return bench;
    } catch (SQLException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** The options that point the pipeline, or the floor, at this stack and at {@code topic}. */
  List<String> options(String topic, String consumerGroup) {
    return List.of(
        "--bootstrapServers=" + stack.kafkaBootstrapServers(),
        "--topic=" + topic,
        "--consumerGroup=" + consumerGroup,
        "--startFrom=earliest",
        "--jdbcUrl=" + stack.jdbcUrl(),
        "--dbUser=" + stack.databaseUser(),
        "--redisHost=" + stack.redisHost(),
        "--redisPort=" + stack.redisPort());
  }

  /** The submission scripts' settings for a cluster run on {@code topic} as {@code group}. */
  io.bankstream.cluster.Submission.Settings settings(String topic, String consumerGroup) {
    return new io.bankstream.cluster.Submission.Settings(
        stack.kafkaBootstrapServers(),
        topic,
        consumerGroup,
        stack.jdbcUrl(),
        stack.databaseUser(),
        stack.databasePassword(),
        stack.redisHost(),
        stack.redisPort());
  }

  String databasePassword() {
    return stack.databasePassword();
  }

  /**
   * Empties what the pipeline writes ({@code transacoes}, {@code dead_letters}, {@code
   * estatisticas_janela}, Redis) and restores the users and balances as seeded.
   */
  void reset() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE transacoes, dead_letters, estatisticas_janela, usuarios");
      UserProfiles.insertAll(connection, users);
      statement.execute("VACUUM ANALYZE usuarios");
    }
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      redis.flushAll();
    }
  }

  /** Creates {@code topic} with the stack's partition count. */
  void createTopic(String topic) throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, stack.partitions(), (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
    }
  }

  /**
   * Publishes {@code count} records from the producer's generator to {@code topic}, at {@code
   * perSecond} (infinite: as fast as Kafka takes them), and waits until Kafka acknowledged them.
   * With {@code fuzzShare} above 0, that share of the records is mutated by the producer's {@link
   * Fuzzer} (seeded from {@code seed}).
   */
  Loaded load(
      String topic,
      long count,
      double perSecond,
      EventClock events,
      long seed,
      double fraudRate,
      double malformedRate,
      double fuzzShare)
      throws InterruptedException {
    return load(
        topic, count, perSecond, events, seed, fraudRate, malformedRate, fuzzShare, () -> false);
  }

  /**
   * As {@link #load(String, long, double, EventClock, long, double, double, double)}, stopping
   * early once {@code stop} says so (the soak's Ctrl-C); the result counts what was sent.
   */
  Loaded load(
      String topic,
      long count,
      double perSecond,
      EventClock events,
      long seed,
      double fraudRate,
      double malformedRate,
      double fuzzShare,
      java.util.function.BooleanSupplier stop)
      throws InterruptedException {
    TransactionGenerator generator =
        new TransactionGenerator(
            users, TrafficModel.defaults(), events, new Random(seed), fraudRate, malformedRate);
    FuzzedTraffic traffic =
        new FuzzedTraffic(
            generator,
            new Fuzzer(new Random(seed ^ FUZZER_SALT)),
            new Random(seed ^ FUZZ_SHARE_SALT),
            fuzzShare);
    long malformed = 0;
    long fuzzed = 0;
    long sent = 0;
    Pacer pacer = new Pacer(perSecond);
    Instant first;
    try (RecordPublisher publisher =
        new RecordPublisher(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
            topic,
            GeneratedRecord.LABEL_HEADER)) {
      first = Instant.now();
      for (; sent < count && !stop.getAsBoolean(); sent++) {
        GeneratedRecord record = traffic.next();
        if (record.isMalformed()) {
          malformed++;
        } else if (record.label().startsWith(Mutation.LABEL_PREFIX)) {
          fuzzed++;
        }
        pacer.awaitNext();
        publisher.send(record.key(), record.value(), record.label());
      }
      publisher.flush();
      if (publisher.failed() > 0 || publisher.acknowledged() != sent) {
        throw new IllegalStateException(
            "Kafka acknowledged "
                + publisher.acknowledged()
                + " of "
                + sent
                + " records: "
                + publisher.lastError());
      }
    }
    return new Loaded(sent, malformed, fuzzed, first, Instant.now());
  }

  /** How many records of {@code topic} are in {@code transacoes} or {@code dead_letters}. */
  long progress(String topic) throws SQLException {
    return queryLong(
        "SELECT (SELECT count(*) FROM transacoes WHERE kafka_topico = ?)"
            + " + (SELECT count(*) FROM dead_letters WHERE kafka_topic = ?)",
        topic,
        topic);
  }

  /** What PostgreSQL holds about the records of {@code topic} appended at or after {@code from}. */
  Measured measure(String topic, Instant from) throws SQLException {
    Timestamp since = Timestamp.from(from);
    try (Connection connection = connect()) {
      long rows;
      long deadLetters;
      long occurrences;
      long distinct;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT count(*) FILTER (WHERE kind = 't'), count(*) FILTER (WHERE kind = 'd'),"
                  + " count(*), count(DISTINCT (p, o)) FROM ("
                  + " SELECT 't' AS kind, kafka_particao AS p, kafka_offset AS o FROM transacoes"
                  + " WHERE kafka_topico = ?"
                  + " UNION ALL SELECT 'd', kafka_partition, kafka_offset FROM dead_letters"
                  + " WHERE kafka_topic = ?) x")) {
        statement.setString(1, topic);
        statement.setString(2, topic);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          rows = result.getLong(1);
          deadLetters = result.getLong(2);
          occurrences = result.getLong(3);
          distinct = result.getLong(4);
        }
      }
      Instant first;
      Instant last;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT least((SELECT min(horario_decisao) FROM transacoes WHERE kafka_topico = ?"
                  + " AND horario_kafka >= ?), (SELECT min(failed_at) FROM dead_letters"
                  + " WHERE kafka_topic = ? AND kafka_timestamp >= ?)),"
                  + " greatest((SELECT max(horario_gravacao) FROM transacoes"
                  + " WHERE kafka_topico = ? AND horario_kafka >= ?), (SELECT max(failed_at)"
                  + " FROM dead_letters WHERE kafka_topic = ? AND kafka_timestamp >= ?))")) {
        for (int i = 0; i < 4; i++) {
          statement.setString(2 * i + 1, topic);
          statement.setTimestamp(2 * i + 2, since);
        }
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          first = instant(result.getTimestamp(1));
          last = instant(result.getTimestamp(2));
        }
      }
      double[] latency = new double[4];
      long measured;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT count(*), percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms),"
                  + " max(ms) FROM (SELECT extract(epoch FROM horario_gravacao - horario_kafka)"
                  + " * 1000 AS ms FROM transacoes WHERE kafka_topico = ? AND horario_kafka >= ?)"
                  + " x")) {
        statement.setString(1, topic);
        statement.setTimestamp(2, since);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          measured = result.getLong(1);
          Array percentiles = result.getArray(2);
          if (percentiles != null) {
            Double[] values = (Double[]) percentiles.getArray();
            for (int i = 0; i < 3; i++) {
              latency[i] = values[i];
            }
          }
          latency[3] = result.getDouble(3);
        }
      }
      return new Measured(
          rows,
          deadLetters,
          occurrences,
          distinct,
          first,
          last,
          measured,
          latency[0],
          latency[1],
          latency[2],
          latency[3],
          ledger(connection));
    }
  }

  /**
   * The p99 and count of {@code horario_gravacao - horario_kafka}, in ms, of the rows of {@code
   * topic} appended to Kafka in {@code [from, to)}: one capacity step's records.
   */
  Latency latency(String topic, Instant from, Instant to) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM (SELECT"
                    + " extract(epoch FROM horario_gravacao - horario_kafka) * 1000 AS ms FROM"
                    + " transacoes WHERE kafka_topico = ? AND horario_kafka >= ?"
                    + " AND horario_kafka < ?) x")) {
      statement.setString(1, topic);
      statement.setTimestamp(2, Timestamp.from(from));
      statement.setTimestamp(3, Timestamp.from(to));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return new Latency(result.getLong(1), result.getDouble(2));
      }
    }
  }

  /** Rows measured and their p99 latency in ms (0 without rows). */
  record Latency(long rows, double p99Millis) {}

  /**
   * {@code pg_total_relation_size} of {@code transacoes}, {@code dead_letters} and {@code
   * estatisticas_janela} (with their indexes and TOAST), and {@code pg_database_size} of the whole
   * database, in bytes.
   */
  long[] tableSizes() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT pg_total_relation_size('transacoes'),"
                    + " pg_total_relation_size('dead_letters'),"
                    + " pg_total_relation_size('estatisticas_janela'),"
                    + " pg_database_size(current_database())")) {
      result.next();
      return new long[] {
        result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4)
      };
    }
  }

  /** Redis's {@code used_memory} (bytes), from {@code INFO memory}. */
  long redisUsedMemory() {
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      return redis
          .info("memory")
          .lines()
          .filter(line -> line.startsWith("used_memory:"))
          .mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).strip()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("Redis INFO memory has no used_memory"));
    }
  }

  /**
   * The pipeline's own status reader ({@code pipeline/report}) on {@code topic}, read from its
   * first offset: the lag (end offsets minus what the database holds) and the write p99 of the rows
   * first seen in each snapshot. Open it before the records to be counted are written.
   */
  PipelineStatus status(String topic) {
    return PipelineStatus.open(
        new PipelineStatus.Target(
            stack.kafkaBootstrapServers(),
            Map.of(),
            topic,
            "earliest",
            new PostgresConfig(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword(), 1)),
        Map.of());
  }

  /** What PostgreSQL holds after a run, from which the bench computes its figures. */
  record Measured(
      long rows,
      long deadLetters,
      long occurrences,
      long distinctRecords,
      Instant firstDecision,
      Instant lastWrite,
      long latencyRows,
      double p50Millis,
      double p95Millis,
      double p99Millis,
      double maxMillis,
      LedgerAudit ledger) {}

  private LedgerAudit ledger(Connection connection) throws SQLException {
    return LedgerAudit.of(connection, users);
  }

  private long queryLong(String sql, String... parameters) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  @Override
  public void close() {
    StopOnSignal.uninterrupted(stack::close);
  }
}
