package io.bankstream.pipeline;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.pipeline.approve.ApproveTransactions;
import io.bankstream.pipeline.enrich.EnrichTransactions;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.parse.ParseTransactions;
import io.bankstream.pipeline.sink.WriteDeadLettersToPostgres;
import io.bankstream.pipeline.sink.WriteDecisionsToPostgres;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * What the pipeline's integration tests do with a {@link LocalStack}: publish generated records,
 * start the pipeline on the DirectRunner, query PostgreSQL, and wait for a condition with a
 * deadline. Made by {@link #onOwnStack()} and registered as a static {@code @RegisterExtension}
 * field, it also starts a stack with the defaults before the test class and closes it after.
 */
final class StackHarness implements BeforeAllCallback, AfterAllCallback {

  /** The job name of each pipeline started on Flink embedded, for {@link FlinkCounters}. */
  private static final Map<PipelineResult, String> FLINK_JOBS = new ConcurrentHashMap<>();

  private final boolean ownsStack;
  private LocalStack stack;

  /** A harness on {@code stack}, which the test started (with its own settings) and closes. */
  StackHarness(LocalStack stack) {
    this.stack = stack;
    this.ownsStack = false;
  }

  private StackHarness() {
    this.ownsStack = true;
  }

  /** A harness that starts a stack with the defaults before the test class and closes it after. */
  static StackHarness onOwnStack() {
    return new StackHarness();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (ownsStack) {
      stack = LocalStack.start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (ownsStack && stack != null) {
      stack.close();
      stack = null;
    }
  }

  LocalStack stack() {
    return stack;
  }

  /**
   * What was published: valid ids, malformed records' {@code partition@offset}, ids' labels, the
   * {@code partition@offset} of every acknowledged record, and the records whose send failed (with
   * the last failure, or null).
   */
  record Produced(
      Set<String> validIds,
      Set<String> malformedOffsets,
      Map<String, String> labelById,
      Set<String> acknowledgedOffsets,
      long failed,
      String lastFailure) {}

  /**
   * Publishes {@code count} records from {@code generator}, each with its label header, at {@code
   * perSecond} (0: as fast as Kafka takes them), and waits for every acknowledgement.
   */
  Produced produce(TransactionGenerator generator, int count, int perSecond)
      throws InterruptedException {
    int[] sent = {0};
    Produced produced = produceUntil(generator, perSecond, () -> sent[0]++ >= count);
    if (produced.failed() > 0) {
      throw new AssertionError(
          produced.failed() + " sends failed, the last with " + produced.lastFailure());
    }
    return produced;
  }

  /**
   * Publishes records from {@code generator} as {@link #produce} does until {@code stop} (asked
   * before each record) says so, then waits for every acknowledgement or failure.
   */
  Produced produceUntil(TransactionGenerator generator, int perSecond, BooleanSupplier stop)
      throws InterruptedException {
    Set<String> validIds = ConcurrentHashMap.newKeySet();
    Set<String> malformed = ConcurrentHashMap.newKeySet();
    Map<String, String> labels = new ConcurrentHashMap<>();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> lastFailure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
      long start = System.nanoTime();
      for (int i = 0; !stop.getAsBoolean(); i++) {
        if (perSecond > 0) {
          long wait = start + TimeUnit.SECONDS.toNanos(i) / perSecond - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait); // Pacing the producer, not waiting for a condition.
          }
        }
        GeneratedRecord record = generator.next();
        producer.send(
            labeled(record),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
                lastFailure.set(error.toString());
                return;
              }
              acknowledged.add(metadata.partition() + "@" + metadata.offset());
              if (record.isMalformed()) {
                malformed.add(metadata.partition() + "@" + metadata.offset());
              } else {
                String id = record.transaction().id().toString();
                validIds.add(id);
                labels.put(id, record.label());
              }
            });
      }
      producer.flush();
    }
    return new Produced(validIds, malformed, labels, acknowledged, failed.get(), lastFailure.get());
  }

  /**
   * A producer to the stack's Kafka that waits for every replica and lingers 5 ms, with {@code
   * more} settings on top.
   */
  KafkaProducer<String, byte[]> producer(Map<String, Object> more) {
    Map<String, Object> config = new HashMap<>(more);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** {@code record} as a message to the stack's topic, with its label header. */
  ProducerRecord<String, byte[]> labeled(GeneratedRecord record) {
    ProducerRecord<String, byte[]> message =
        new ProducerRecord<>(stack.topic(), record.key(), record.value());
    message.headers().add(new RecordHeader(GeneratedRecord.LABEL_HEADER, record.labelBytes()));
    return message;
  }

  /** Generates {@code count} users from {@code seed}, inserts them and returns them. */
  List<UserProfile> seedUsers(int count, long seed) throws SQLException {
    List<UserProfile> users = new UserGenerator(new Random(seed)).generate(count, Instant.now());
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
    }
    return users;
  }

  /**
   * Traffic with event times of now (up to a second of disorder) between {@code users}, fraud 5%
   * and malformed 1%, from {@code seed}.
   */
  static TransactionGenerator liveTraffic(List<UserProfile> users, long seed) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    return new TransactionGenerator(
        sorted,
        TrafficModel.defaults(),
        EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(seed)),
        new Random(seed + 1),
        0.05,
        0.01);
  }

  /**
   * Traffic between {@code users} on a simulated clock from 18:00 in Sao Paulo at 40,000 a
   * simulated day (up to 2 seconds of disorder), so that it spans the evening and the night; fraud
   * 5% and malformed 1%. The clock draws from {@code clockSeed}, the traffic from {@code
   * trafficSeed}.
   */
  static TransactionGenerator eveningTraffic(
      List<UserProfile> users, long clockSeed, long trafficSeed) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TrafficModel model = TrafficModel.defaults();
    EventClock clock =
        EventClock.simulated(
            Instant.parse("2026-03-02T21:00:00Z"),
            40_000,
            Duration.ofSeconds(2),
            model,
            new Random(clockSeed));
    return new TransactionGenerator(sorted, model, clock, new Random(trafficSeed), 0.05, 0.01);
  }

  /** Starts the pipeline on the DirectRunner against the stack, reading as {@code group}. */
  PipelineResult startPipeline(String group, String... moreOptions) {
    return BankstreamPipeline.run(options(group, moreOptions));
  }

  /**
   * Starts the pipeline on Flink embedded ({@code [local]}, a mini-cluster in this JVM, detached so
   * that its counters can be read while it runs) against the stack, reading as {@code group}: for
   * the tests that push thousands of records through the pipeline's I/O, which the DirectRunner
   * decides at a few hundred a second. Checkpoints every 2 seconds, as a deployment does at its own
   * interval, into {@code target/flink-checkpoints}.
   */
  PipelineResult startPipelineOnFlink(String group, String... moreOptions) {
    BankstreamOptions options = options(group, moreOptions);
    options.setRunner(FlinkRunner.class);
    String job = group + "-" + FLINK_JOBS.size();
    options.setJobName(job);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setFlinkConfDir(
        FlinkCounters.writeConfig(Path.of("target", "flink-conf").toAbsolutePath()).toString());
    flink.setFlinkMaster("[local]");
    flink.setStreaming(true);
    flink.setParallelism(2);
    flink.setAttachedMode(false);
    flink.setCheckpointingInterval(2_000L);
    flink.setStateBackend("filesystem");
    flink.setStateBackendStoragePath(
        Path.of("target", "flink-checkpoints", group).toAbsolutePath().toUri().toString());
    flink.setFasterCopy(true);
    PipelineResult result = BankstreamPipeline.run(options);
    FLINK_JOBS.put(result, job);
    return result;
  }

  /** The options {@link #startPipeline} runs with, for a test to change before it runs them. */
  BankstreamOptions options(String group, String... moreOptions) {
    String[] args =
        Stream.concat(
                Stream.of(
                    "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                    "--topic=" + stack.topic(),
                    "--consumerGroup=" + group,
                    "--jdbcUrl=" + stack.jdbcUrl(),
                    "--dbUser=" + stack.databaseUser(),
                    "--redisHost=" + stack.redisHost(),
                    "--redisPort=" + stack.redisPort(),
                    "--profileRefreshSeconds=600"),
                Stream.of(moreOptions))
            .toArray(String[]::new);
    BankstreamOptions options = PipelineOptionsFactory.fromArgs(args).as(BankstreamOptions.class);
    options.setRunner(DirectRunner.class);
    // The integration tests are about I/O; the unit tests run with the runner's checks on.
    options.as(DirectOptions.class).setEnforceImmutability(false);
    options.as(DirectOptions.class).setEnforceEncodability(false);
    return options;
  }

  /** The pipeline's counters and the tables' counts, for a failure message. */
  String progress(PipelineResult result) {
    String failure = "";
    try {
      // Before getState(): on the DirectRunner only waitUntilFinish reports why a pipeline failed.
      // Flink's state says it (FAILED), and its detached result waits for seconds at a time.
      if (!FLINK_JOBS.containsKey(result)) {
        result.waitUntilFinish(org.joda.time.Duration.millis(1));
      }
    } catch (RuntimeException e) {
      StringBuilder causes = new StringBuilder("failed with:");
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        causes.append(" <- ").append(cause);
      }
      failure = causes + "; ";
    }
    return failure
        + String.format(
            "state %s; parsed %d, invalid %d, unknown users %d, decided %d+%d, inserted %d, replayed %d,"
                + " dead letters received %d; rows %s, dead letters %s",
            result.getState(),
            counter(result, ParseTransactions.class, "parsed"),
            counter(result, ParseTransactions.class, "invalid"),
            counter(result, EnrichTransactions.class, "unknownUsers"),
            counter(result, ApproveTransactions.class, "approved"),
            counter(result, ApproveTransactions.class, "rejected"),
            counter(result, WriteDecisionsToPostgres.class, "inserted"),
            counter(result, WriteDecisionsToPostgres.class, "replayed"),
            counter(result, WriteDeadLettersToPostgres.class, "received"),
            query("SELECT count(*) FROM transacoes"),
            query("SELECT count(*) FROM dead_letters"));
  }

  /** A counter of the pipeline's, summed over its steps (attempted: the DirectRunner's). */
  static long counter(PipelineResult result, Class<?> namespace, String name) {
    String job = FLINK_JOBS.get(result);
    if (job != null) {
      return FlinkCounters.sum(job, namespace, name);
    }
    long total = 0;
    for (MetricResult<Long> metric :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build())
            .getCounters()) {
      total += metric.getAttempted();
    }
    return total;
  }

  /** The sinks' {@code bankstream.retries} counters, by step. */
  static Map<String, Long> retriesByStep(PipelineResult result) {
    String job = FLINK_JOBS.get(result);
    if (job != null) {
      return FlinkCounters.byOperator(job, "bankstream.retries");
    }
    Map<String, Long> byStep = new TreeMap<>();
    for (MetricResult<Long> metric :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("bankstream", "retries"))
                    .build())
            .getCounters()) {
      byStep.merge(metric.getKey().stepName(), metric.getAttempted(), Long::sum);
    }
    return byStep;
  }

  /** Polls {@code condition} until it holds, or fails with {@code what} and {@code state}. */
  static void awaitUntil(
      Duration deadline, String what, BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "not reached within " + deadline + ": " + what + "; " + state.get());
      }
      TimeUnit.MILLISECONDS.sleep(250); // Polling the condition, bounded by the deadline.
    }
  }

  /**
   * Waits until {@code transacoes} holds as many rows as {@code produced} has valid records and
   * {@code dead_letters} as many as it has malformed ones.
   */
  void awaitEveryRecordStored(Duration deadline, Produced produced, PipelineResult pipeline)
      throws InterruptedException {
    awaitUntil(
        deadline,
        "every valid transaction in transacoes and every malformed one in dead_letters",
        () ->
            count("SELECT count(*) FROM transacoes") == produced.validIds().size()
                && count("SELECT count(*) FROM dead_letters") == produced.malformedOffsets().size(),
        () -> progress(pipeline));
  }

  /** Writes to both streams (the test's own log keeps going to the console). */
  static OutputStream tee(OutputStream first, OutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        first.write(bytes, offset, length);
        second.write(bytes, offset, length);
      }
    };
  }

  /** A client of the stack's Redis, for the caller to close. */
  Jedis redis() {
    return new Jedis(stack.redisHost(), stack.redisPort());
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  /** The sum of every balance in {@code usuarios}, as PostgreSQL prints it: money to conserve. */
  String totalBalance() {
    return query("SELECT sum(saldo)::text FROM usuarios");
  }

  long count(String sql) {
    return Long.parseLong(query(sql));
  }

  /** The first column of the first row, as text. */
  String query(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of every row, as text. */
  List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return values;
  }
}
