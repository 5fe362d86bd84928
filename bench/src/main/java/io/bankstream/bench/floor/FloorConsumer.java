package io.bankstream.bench.floor;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.startup.Startup;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.json.TransactionCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark's floor (SPEC section 9): plain Java Kafka consumers without any framework, doing
 * the very work of the Beam pipeline with the pipeline's own code, so that {@code ./bankstream
 * bench} can say what each runner costs over the least that work can take on this machine. It is
 * hand-written for that reason alone; the product is the pipeline.
 *
 * <p>{@code --consumers} (default: the machine's cores, at most the topic's partitions) {@link
 * FloorWorker}s each read a fixed share of the partitions ({@link FloorThreads#assignment}) on a
 * thread of their own. The topic is keyed by payer, so each payer's transactions are read, in
 * order, by one worker, which holds that payer's state. Each poll, at most {@code --writeBatchSize}
 * records, is one batch, in poll order: {@link Decider} decodes, enriches (from the one shared
 * {@link ProfileTable}) and decides every record as the pipeline's {@code DecideTransactions} does;
 * {@link FloorDatabase}, the worker's own connection, writes the decisions, the ledger and the dead
 * letters in one database transaction with {@code COPY}; only then are the batch's Kafka offsets
 * committed (at least once, and the idempotent writes make it exactly once in the tables). Then the
 * batch goes to the one statistics writer, {@link LiveStatistics}: {@link WindowTracker} aggregates
 * the event-time windows over every partition, {@link RedisLiveView} writes what changed in one
 * Redis round trip, and the final windows go to {@code estatisticas_janela} through the pipeline's
 * {@link PostgresWindowStatsWriter}. Nothing on the way is per record but the work itself: no
 * per-record statement, no per-record round trip.
 *
 * <p>Options have the pipeline's names and checks ({@code --name=value}), so the bench passes both
 * the same arguments, and it starts as the pipeline does, through {@link Startup}: credentials
 * checked, schema migrated (waiting up to a minute for PostgreSQL), offsets moved back to what the
 * database holds. The database password comes from {@code BANKSTREAM_DB_PASSWORD} or {@code
 * --dbPasswordFile}, Redis's from {@code BANKSTREAM_REDIS_PASSWORD}. A bad option, or credentials a
 * service refuses, print one {@code error:} line and exit 2; a service unreachable at start exits
 * 1. SIGTERM or Ctrl-C finishes the current batch, commits it, closes everything, prints a summary
 * and exits 0. PostgreSQL or Redis going away is waited out, never a reason to exit.
 */
@Command(
    name = "floor",
    mixinStandardHelpOptions = true,
    version = "bankstream floor 0.1.0",
    description =
        "The bench's floor: the pipeline's work by plain Kafka consumers, one thread each.")
public final class FloorConsumer implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(FloorConsumer.class);

  /** Exit code for options that are refused. */
  static final int EXIT_BAD_OPTIONS = 2;

  /** Exit code for a service that cannot be used (unreachable at start, refusing us). */
  static final int EXIT_UNAVAILABLE = 1;

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  /** Long enough that an outage is waited out rather than ended by giving up. */
  private static final Duration OUTAGE_PATIENCE = Duration.ofDays(365);

  /**
   * The longest wait between two attempts during an outage: a stop is seen after a failed attempt,
   * so this bounds how long Ctrl-C takes then.
   */
  private static final Duration OUTAGE_MAX_WAIT = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  @Option(names = "--bootstrapServers", description = "Kafka bootstrap servers.")
  String bootstrapServers = "127.0.0.1:9092";

  @Option(
      names = "--kafkaConfigFile",
      description = "Properties file of Kafka client settings (security.protocol, ssl.*, sasl.*).")
  Path kafkaConfigFile;

  @Option(names = "--topic", description = "Topic of transactions.")
  String topic = "bank_transactions";

  @Option(names = "--consumerGroup", description = "Kafka consumer group.")
  String consumerGroup = "bankstream-floor";

  @Option(
      names = "--startFrom",
      description = "Where a group without committed offsets starts: earliest or latest.")
  String startFrom = "earliest";

  @Option(names = "--jdbcUrl", description = "PostgreSQL JDBC URL.")
  String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/bank";

  @Option(names = "--dbUser", description = "Database user.")
  String dbUser = "bank_etl";

  @Option(
      names = "--dbPasswordFile",
      description = "File holding the database password (else env BANKSTREAM_DB_PASSWORD).")
  Path dbPasswordFile;

  @Option(names = "--redisHost", description = "Redis host for the live statistics.")
  String redisHost = "127.0.0.1";

  @Option(names = "--redisPort", description = "Redis port.")
  int redisPort = RedisConfig.DEFAULT_PORT;

  @Option(names = "--redisSsl", arity = "1", description = "Connect to Redis over TLS.")
  boolean redisSsl;

  @Option(
      names = "--redisCaFile",
      description = "PEM file of the CAs that sign Redis's TLS certificate (with --redisSsl=true).")
  Path redisCaFile;

  @Option(names = "--writeBatchSize", description = "Most records per poll, and so per batch.")
  int writeBatchSize = 1_000;

  @Option(names = "--windowSeconds", description = "Length of the event-time windows, seconds.")
  int windowSeconds = 60;

  @Option(
      names = "--allowedLatenessMinutes",
      description = "How late, in minutes, an event may be and still update its window.")
  int allowedLatenessMinutes = 10;

  @Option(
      names = "--maxOutOfOrdernessSeconds",
      description = "How far the watermark trails the newest event time, seconds.")
  int maxOutOfOrdernessSeconds = 5;

  @Option(
      names = "--naiveTimeZone",
      description = "Zone a data_horario without an offset is read in, as the pipeline's option.")
  String naiveTimeZone = TransactionCodec.LOCAL_ZONE_ID;

  @Option(names = "--statsTtlMinutes", description = "Time to live of every Redis key, minutes.")
  int statsTtlMinutes = 120;

  @Option(names = "--latestCap", description = "How many latest transactions and rejections.")
  int latestCap = 100;

  @Option(
      names = "--profileRefreshSeconds",
      description = "How often the user profiles are reloaded, seconds.")
  int profileRefreshSeconds = 60;

  @Option(
      names = "--consumers",
      description =
          "Consumers, each a thread with its own Kafka consumer and database connection (at most"
              + " the topic's partitions); default: the machine's cores.")
  Integer consumers;

  /** The settings of {@code --kafkaConfigFile}, under every consumer's own. */
  private Map<String, Object> kafkaClient = Map.of();

  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile List<Long> recordsByConsumer = List.of();
  private final FloorWorker.Counters counters = new FloorWorker.Counters();

  public static void main(String[] args) {
    FloorConsumer floor = new FloorConsumer();
    stopOnSignals(floor);
    System.exit(commandLine(floor).execute(args));
  }

  /** The command line around {@code floor}, with the error handling {@link #main} uses. */
  static CommandLine commandLine(FloorConsumer floor) {
    CommandLine commandLine = new CommandLine(floor);
    commandLine.setParameterExceptionHandler(
        (error, args) -> {
          error.getCommandLine().getErr().println("error: " + error.getMessage());
          return EXIT_BAD_OPTIONS;
        });
    commandLine.setExecutionExceptionHandler(
        (error, command, parseResult) -> {
          command.getErr().println("error: " + error.getMessage());
          if (Boolean.getBoolean("bankstream.trace")) {
            error.printStackTrace(command.getErr());
          }
          return EXIT_UNAVAILABLE;
        });
    return commandLine;
  }

  /** Asks the loop to stop after the current batch; returns at once. */
  public void stop() {
    stopping.set(true);
  }

  /** Kafka records read and written so far, as decisions or dead letters. */
  public long records() {
    return counters.records().get();
  }

  /** Transactions decided so far, written or found already written. */
  public long decided() {
    return counters.decided().get();
  }

  /** Dead letters written so far (refused rows included). */
  public long deadLetters() {
    return counters.deadLetters().get();
  }

  /** Rows this run added to {@code transacoes}. */
  public long inserted() {
    return counters.inserted().get();
  }

  @Override
  public Integer call() throws Exception {
    String password = checkOptions();
    RedisConfig redis;
    try {
      redis =
          new RedisConfig(
              redisHost,
              redisPort,
              Startup.redisPassword(null),
              redisSsl,
              0,
              Startup.redisCaFile(redisCaFile, redisSsl));
      kafkaClient = Startup.kafkaClientConfig(kafkaConfigFile);
      new Startup(
              bootstrapServers,
              kafkaClient,
              topic,
              consumerGroup,
              redis,
              new PostgresConfig(jdbcUrl, dbUser, password, 1))
          .run(stopping::get);
    } catch (IllegalArgumentException refused) {
      throw badOption(refused.getMessage());
    }
    // A stop during an outage ends the wait: the uncommitted batch is read again next time.
    RetryPolicy patient =
        new RetryPolicy(
            RetryPolicy.DEFAULT_INITIAL_BACKOFF, OUTAGE_MAX_WAIT, OUTAGE_PATIENCE, stopping::get);
    List<AutoCloseable> resources = new ArrayList<>();
    try (HikariDataSource sharedPool =
            new PostgresConfig(jdbcUrl, dbUser, password, 2).dataSource("bankstream-floor");
        RedisLiveView live =
            new RedisLiveView(
                redis.pooled(),
                Duration.ofMinutes(statsTtlMinutes),
                latestCap,
                Clock.systemUTC())) {
      ProfileTable.Loader loader =
          () -> {
            try (Connection connection = sharedPool.getConnection()) {
              return UserProfiles.loadLedger(connection);
            }
          };
      ProfileTable profiles =
          new ProfileTable(loader, Duration.ofSeconds(profileRefreshSeconds), System::nanoTime);
      try {
        profiles.load(patient.call("load user profiles", loader::load));
      } catch (SQLException e) {
        if (stopping.get()) {
          return 0;
        }
        throw e;
      }
      List<TopicPartition> partitions = partitionsOfTheTopic();
      List<List<TopicPartition>> assignment = FloorThreads.assignment(partitions, consumers);
      if (assignment.size() < consumers) {
        LOG.warn(
            "{} has {} partitions: running {} consumers, not {}",
            topic,
            partitions.size(),
            assignment.size(),
            consumers);
      }
      LiveStatistics statistics =
          new LiveStatistics(
              new WindowTracker(
                  Duration.ofSeconds(windowSeconds),
                  Duration.ofMinutes(allowedLatenessMinutes),
                  Duration.ofSeconds(maxOutOfOrdernessSeconds)),
              live,
              new PostgresWindowStatsWriter(
                  sharedPool, RetryPolicy.defaults().withMaxElapsed(Duration.ZERO)));
      List<FloorWorker> workers = new ArrayList<>();
      try {
        for (int i = 0; i < assignment.size(); i++) {
          FloorDatabase database = new FloorDatabase(jdbcUrl, dbUser, password, patient);
          resources.add(database);
          KafkaConsumer<byte[], byte[]> consumer =
              new KafkaConsumer<>(
                  consumerConfig(i), new ByteArrayDeserializer(), new ByteArrayDeserializer());
          resources.add(consumer);
          workers.add(
              new FloorWorker(
                  consumer,
                  assignment.get(i),
                  profiles,
                  new Decider(
                      profiles,
                      new ApprovalEngine(RulesConfig.defaults()),
                      new TransactionCodec(Startup.zone("naiveTimeZone", naiveTimeZone)),
                      Clock.systemUTC()),
                  database,
                  statistics,
                  counters,
                  stopping,
                  writeBatchSize));
        }
        System.out.printf(
            "Floor reading %s at %s (group %s, from %s, %,d records a batch) with %s"
                + " (partitions %s), deciding for %,d users, writing to %s as %s and Redis %s:%d."
                + " Ctrl-C stops it after the current batch.%n",
            topic,
            bootstrapServers,
            consumerGroup,
            startFrom,
            writeBatchSize,
            consumers(workers.size()),
            assignment,
            profiles.size(),
            jdbcUrl,
            dbUser,
            redisHost,
            redisPort);
        summary(FloorThreads.runAll(workers, statistics, this::stop));
      } finally {
        for (AutoCloseable resource : resources) {
          resource.close();
        }
      }
    }
    return 0;
  }

  /** Records each consumer wrote, in consumer order; empty until the floor has stopped. */
  public List<Long> recordsByConsumer() {
    return recordsByConsumer;
  }

  private void summary(List<FloorWorker.Totals> totals) {
    recordsByConsumer = totals.stream().map(FloorWorker.Totals::records).toList();
    long first = Long.MAX_VALUE;
    long last = 0;
    boolean abandoned = false;
    long deadlocks = 0;
    for (FloorWorker.Totals each : totals) {
      if (each.firstRecordNanos() != 0) {
        first = Math.min(first, each.firstRecordNanos());
        last = Math.max(last, each.lastBatchNanos());
      }
      abandoned |= each.abandoned();
      deadlocks += each.deadlocks();
    }
    double seconds = first == Long.MAX_VALUE ? 0 : Math.max(0, last - first) / 1e9;
    System.out.printf(
        "Floor stopped: %,d records, %,d decided (%,d new rows), %,d dead letters in %.1f s"
            + " (%,.0f records/s from the first record to the last batch), %s, %d"
            + " deadlocks retried%s.%n",
        records(),
        decided(),
        inserted(),
        deadLetters(),
        seconds,
        seconds > 0 ? records() / seconds : 0.0,
        consumers(totals.size()),
        deadlocks,
        abandoned ? "; a batch under way was not committed and will be read again" : "");
  }

  /** The topic's partitions, in order. */
  private List<TopicPartition> partitionsOfTheTopic() {
    try (KafkaConsumer<byte[], byte[]> metadata =
        new KafkaConsumer<>(
            consumerConfig(-1), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = metadata.partitionsFor(topic, Startup.WAIT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " has no partitions");
      }
      return infos.stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition))
          .toList();
    }
  }

  private static String consumers(int count) {
    return count == 1 ? "1 consumer" : count + " consumers";
  }

  /** Checks the options with the pipeline's rules ({@link Startup}); the database password. */
  private String checkOptions() {
    try {
      Startup.requireAtLeast("writeBatchSize", writeBatchSize, 1);
      consumers = consumers != null ? consumers : Runtime.getRuntime().availableProcessors();
      Startup.requireAtLeast("consumers", consumers, 1);
      Startup.requireAtLeast("windowSeconds", windowSeconds, 1);
      Startup.requireAtLeast("allowedLatenessMinutes", allowedLatenessMinutes, 0);
      Startup.requireAtLeast("maxOutOfOrdernessSeconds", maxOutOfOrdernessSeconds, 0);
      Startup.requireAtLeast("latestCap", latestCap, 1);
      Startup.requireAtLeast("profileRefreshSeconds", profileRefreshSeconds, 1);
      Startup.requireAtLeast("redisPort", redisPort, 1);
      if (redisPort > 65_535) {
        throw badOption("--redisPort must be at most 65535, was " + redisPort);
      }
      Startup.requireTtlOutlastsWindows(windowSeconds, allowedLatenessMinutes, statsTtlMinutes);
      startFrom = Startup.startFrom(startFrom);
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw badOption("--jdbcUrl must start with jdbc:postgresql:, was " + jdbcUrl);
      }
      return Startup.databasePassword(jdbcUrl, dbPasswordFile);
    } catch (IllegalArgumentException e) {
      throw badOption(e.getMessage());
    }
  }

  private ParameterException badOption(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The config of consumer {@code index} (-1: the one that reads the topic's metadata). */
  private Map<String, Object> consumerConfig(int index) {
    Map<String, Object> config = new LinkedHashMap<>(kafkaClient);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    config.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        index < 0 ? "bankstream-floor-metadata" : "bankstream-floor-" + index);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startFrom);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, writeBatchSize);
    return config;
  }

  /**
   * SIGTERM and SIGINT ask the loop to stop, so that {@link #main} returns its exit code, 0. The
   * JVM's own handlers would run the shutdown hooks and end with 143 or 130, and a hook cannot
   * change that without halting the JVM; hence the JDK's signal API. Where it is unavailable (the
   * JVM runs with {@code -Xrs}), a shutdown hook still finishes the batch under way.
   */
  private static void stopOnSignals(FloorConsumer floor) {
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> floor.stop());
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        Runtime.getRuntime().addShutdownHook(new Thread(floor::stop, "bankstream-floor-stop"));
        return;
      }
    }
  }
}
