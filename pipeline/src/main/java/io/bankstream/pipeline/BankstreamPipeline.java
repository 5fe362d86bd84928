package io.bankstream.pipeline;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.profiles.PostgresProfileLookup;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.core.startup.ResumePoint;
import io.bankstream.core.startup.StartupChecks;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.db.DatabasePassword;
import io.bankstream.model.db.Migrations;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.sink.WriteDeadLettersToPostgres;
import io.bankstream.pipeline.sink.WriteDecisionsToPostgres;
import io.bankstream.pipeline.source.ReadTransactions;
import io.bankstream.pipeline.stats.ComputeWindowStatistics;
import io.bankstream.pipeline.stats.WriteStatisticsToRedis;
import io.bankstream.pipeline.stats.WriteWindowHistoryToPostgres;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bankstream pipeline: transactions from Kafka, approved or rejected with explainable rules,
 * written once each to PostgreSQL with the ledger, bad input to the dead letters. {@link #main}
 * parses Beam options ({@code --bootstrapServers=... --jdbcUrl=... --runner=...}), {@link #run}
 * starts the pipeline without blocking, and {@link #build} makes the graph that tests build too.
 */
public final class BankstreamPipeline {

  static {
    // Before the first logger below: slf4j-simple reads its levels once, when it starts.
    quietLogging();
  }

  private static final Logger LOG = LoggerFactory.getLogger(BankstreamPipeline.class);

  /** Exit code for options or a rules file that are refused at start. */
  static final int EXIT_BAD_CONFIG = 2;

  /** Exit code for a service that stayed unreachable at start. */
  static final int EXIT_UNAVAILABLE = 1;

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  /** What the graph produces, for what comes after the sinks (statistics) and for tests. */
  public record Outputs(
      PCollection<DecidedTransaction> decided,
      PCollection<DeadLetter> deadLetters,
      PCollection<WindowStats> statistics) {}

  private BankstreamPipeline() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(BankstreamOptions.class);
    BankstreamOptions options;
    try {
      options = parseOptions(args);
      if (DirectRunnerSettings.isDirect(options)) {
        DirectRunnerSettings.preferSpeed(options, args);
      }
      PipelineResult result = run(options);
      if (options.getDetach()) {
        System.out.printf(
            "Pipeline submitted to %s. It runs on the cluster without this process; submitting"
                + " it again after a cancel resumes from the first record the database does not"
                + " hold.%n",
            describe(options));
        return;
      }
      System.out.printf(
          "Pipeline running on %s. Ctrl-C stops it; it resumes from the first record the"
              + " database does not hold.%n",
          describe(options));
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> cancelQuietly(result), "bankstream-pipeline-stop"));
      result.waitUntilFinish();
    } catch (RulesConfigException | IllegalArgumentException e) {
      System.err.println("error: " + firstLine(e.getMessage()));
      System.exit(EXIT_BAD_CONFIG);
    } catch (UnavailableException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(EXIT_UNAVAILABLE);
    }
  }

  /** {@code FlinkRunner: reading <topic> at <servers> (group g), writing to <url> as <user>}. */
  private static String describe(BankstreamOptions options) {
    return String.format(
        "%s: reading %s at %s (group %s), writing to %s as %s",
        options.getRunner().getSimpleName(),
        options.getTopic(),
        options.getBootstrapServers(),
        options.getConsumerGroup(),
        PostgresConfig.redact(options.getJdbcUrl()),
        options.getDbUser());
  }

  /**
   * The options of {@code args}; an option Beam cannot read is refused naming it ({@code
   * --windowSeconds=abc: ...}), which Beam's own message for a value of the wrong type does not.
   */
  static BankstreamOptions parseOptions(String[] args) {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(BankstreamOptions.class);
    } catch (IllegalArgumentException e) {
      for (String arg : args) {
        if (!arg.startsWith("--") || e.getMessage().contains(arg.split("=", 2)[0])) {
          continue;
        }
        try {
          PipelineOptionsFactory.fromArgs(arg).as(BankstreamOptions.class);
        } catch (IllegalArgumentException alone) {
          throw new IllegalArgumentException(arg + ": " + firstLine(alone.getMessage()), e);
        }
      }
      throw e;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("").strip();
  }

  /**
   * Checks the configuration and the credentials (Kafka's login, Redis's password, PostgreSQL's
   * login and sslmode: refused at once with an {@link IllegalArgumentException} naming the option),
   * migrates the schema (waiting up to a minute for PostgreSQL) and starts the pipeline; returns at
   * once, also on the DirectRunner.
   */
  public static PipelineResult run(BankstreamOptions options) {
    if (options.getDetach() && DirectRunnerSettings.isDirect(options)) {
      throw new IllegalArgumentException(
          "--detach needs a cluster: the DirectRunner runs the pipeline in this process");
    }
    Settings settings = Settings.from(options);
    StartupChecks.checkKafka(options.getBootstrapServers(), settings.kafkaClientConfig());
    StartupChecks.checkRedis(settings.redis());
    migrate(settings.postgres());
    resumeWhereTheDatabaseEnds(settings, options);
    if (DirectRunnerSettings.isDirect(options)) {
      DirectRunnerSettings.returnAtOnce(options);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    return pipeline.run();
  }

  /** Adds the whole pipeline to {@code pipeline}. */
  public static Outputs build(Pipeline pipeline, BankstreamOptions options) {
    Settings settings = Settings.from(options);
    /* Steps: 1) ReadTransactions from Kafka, event time from data_horario
     *        2) DecideTransactions: parse, enrich with the payer's profile, approve per payer
     *        3) WriteDecisionsToPostgres: upsert by id_transacao with the ledger
     *        4) WriteDeadLettersToPostgres: every failure of steps 2 and 3, with its reason
     *        5) ComputeWindowStatistics: per event-time window, overall, per UF, per modality
     *        6) WriteStatisticsToRedis and WriteLatestToRedis: the live view, every key with a TTL
     *        7) WriteWindowHistoryToPostgres: each closed window's value in estatisticas_janela */
    PCollectionTuple decisions =
        pipeline
            .apply(
                "ReadTransactions",
                new ReadTransactions(
                    options.getBootstrapServers(),
                    options.getTopic(),
                    settings.consumerConfig(),
                    org.joda.time.Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds())))
            .apply(
                "DecideTransactions",
                new DecideTransactions(
                    new PostgresProfileLookup(
                        settings.postgres(),
                        Duration.ofSeconds(options.getProfileRefreshSeconds())),
                    settings.rules(),
                    Clock.systemUTC()));
    PCollection<DecidedTransaction> decided = decisions.get(DecideTransactions.DECIDED);
    PCollection<DeadLetter> refused =
        decided.apply(
            "WriteDecisionsToPostgres",
            new WriteDecisionsToPostgres(settings.postgres(), options.getWriteBatchSize()));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(decisions.get(DecideTransactions.DEAD_LETTERS))
            .and(refused)
            .apply("FlattenDeadLetters", Flatten.pCollections())
            .setCoder(DeadLetterCoder.of());
    deadLetters.apply(
        "WriteDeadLettersToPostgres",
        new WriteDeadLettersToPostgres(settings.postgres(), options.getWriteBatchSize()));
    PCollection<WindowStats> statistics =
        decided.apply(
            "ComputeWindowStatistics",
            new ComputeWindowStatistics(
                org.joda.time.Duration.standardSeconds(options.getWindowSeconds()),
                org.joda.time.Duration.standardMinutes(options.getAllowedLatenessMinutes()),
                org.joda.time.Duration.standardSeconds(options.getEarlyFiringSeconds())));
    Duration ttl = Duration.ofMinutes(options.getStatsTtlMinutes());
    statistics.apply(
        "WriteStatisticsToRedis",
        WriteStatisticsToRedis.panes(
            settings.redis(), ttl, options.getLatestCap(), options.getWriteBatchSize()));
    decided.apply(
        "WriteLatestToRedis",
        WriteStatisticsToRedis.latest(
            settings.redis(), ttl, options.getLatestCap(), options.getWriteBatchSize()));
    statistics.apply(
        "WriteWindowHistoryToPostgres",
        new WriteWindowHistoryToPostgres(settings.postgres(), options.getWriteBatchSize()));
    return new Outputs(decided, deadLetters, statistics);
  }

  /** The options checked and resolved: rules loaded, password found, consumer configured. */
  record Settings(
      RulesConfig rules,
      PostgresConfig postgres,
      RedisConfig redis,
      Map<String, Object> kafkaClientConfig,
      Map<String, Object> consumerConfig) {

    static Settings from(BankstreamOptions options) {
      RulesConfig rules =
          options.getRulesFile() == null
              ? RulesConfig.defaults()
              : RulesLoader.load(Path.of(options.getRulesFile()));
      if (options.getRulesProfile() != null) {
        rules = rules.withProfile(options.getRulesProfile());
      }
      requirePositive("writeBatchSize", options.getWriteBatchSize());
      requirePositive("maxPoolSize", options.getMaxPoolSize());
      requirePositive("profileRefreshSeconds", options.getProfileRefreshSeconds());
      if (options.getMaxOutOfOrdernessSeconds() < 0) {
        throw new IllegalArgumentException(
            "--maxOutOfOrdernessSeconds must not be negative, was "
                + options.getMaxOutOfOrdernessSeconds());
      }
      String password =
          DatabasePassword.resolve(
              options.getJdbcUrl(),
              options.getDbPasswordFile() == null ? null : Path.of(options.getDbPasswordFile()));
      PostgresConfig postgres =
          new PostgresConfig(
              options.getJdbcUrl(), options.getDbUser(), password, options.getMaxPoolSize());
      requirePositive("windowSeconds", options.getWindowSeconds());
      requirePositive("earlyFiringSeconds", options.getEarlyFiringSeconds());
      requirePositive("latestCap", options.getLatestCap());
      if (options.getAllowedLatenessMinutes() < 0) {
        throw new IllegalArgumentException(
            "--allowedLatenessMinutes must not be negative, was "
                + options.getAllowedLatenessMinutes());
      }
      long windowLifeSeconds =
          options.getWindowSeconds() + 60L * options.getAllowedLatenessMinutes();
      if (60L * options.getStatsTtlMinutes() <= windowLifeSeconds) {
        throw new IllegalArgumentException(
            "--statsTtlMinutes must outlast a window and its allowed lateness ("
                + windowLifeSeconds
                + " s), was "
                + options.getStatsTtlMinutes());
      }
      RedisConfig redis =
          new RedisConfig(
              options.getRedisHost(),
              options.getRedisPort(),
              redisPassword(options.getRedisPasswordFile()),
              options.getRedisSsl(),
              0);
      Map<String, Object> kafkaClientConfig = kafkaClientConfig(options);
      return new Settings(
          rules, postgres, redis, kafkaClientConfig, consumerConfig(options, kafkaClientConfig));
    }

    /** From the file if named, else BANKSTREAM_REDIS_PASSWORD, else none. */
    private static String redisPassword(String file) {
      if (file != null) {
        try {
          return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "--redisPasswordFile: cannot read " + file + ": " + e, e);
        }
      }
      String password = System.getenv("BANKSTREAM_REDIS_PASSWORD");
      return password == null || password.isEmpty() ? null : password;
    }

    /** The properties of {@code --kafkaConfigFile} (security.protocol, ssl.*, sasl.*), if any. */
    private static Map<String, Object> kafkaClientConfig(BankstreamOptions options) {
      Map<String, Object> config = new HashMap<>();
      if (options.getKafkaConfigFile() != null) {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(options.getKafkaConfigFile()))) {
          file.load(reader);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "--kafkaConfigFile: cannot read " + options.getKafkaConfigFile() + ": " + e, e);
        }
        file.forEach((key, value) -> config.put(key.toString(), value));
      }
      return config;
    }

    private static Map<String, Object> consumerConfig(
        BankstreamOptions options, Map<String, Object> kafkaClientConfig) {
      Map<String, Object> config = new HashMap<>(kafkaClientConfig);
      String startFrom = options.getStartFrom().toLowerCase(Locale.ROOT);
      if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
        throw new IllegalArgumentException(
            "--startFrom must be earliest or latest, was '" + options.getStartFrom() + "'");
      }
      config.put(ConsumerConfig.GROUP_ID_CONFIG, options.getConsumerGroup());
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startFrom);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      return config;
    }

    private static void requirePositive(String option, int value) {
      if (value < 1) {
        throw new IllegalArgumentException("--" + option + " must be at least 1, was " + value);
      }
    }
  }

  /** Thrown when a service stays unreachable at start. */
  static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static void migrate(PostgresConfig postgres) {
    long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
    while (true) {
      try {
        Migrations.apply(postgres.jdbcUrl(), postgres.user(), postgres.password());
        return;
      } catch (FlywayException e) {
        Optional<String> refusal = StartupChecks.permanentPostgresRefusal(e);
        if (refusal.isPresent()) {
          throw new IllegalArgumentException(
              "PostgreSQL at "
                  + postgres.jdbcUrlRedacted()
                  + " refused user "
                  + postgres.user()
                  + ": "
                  + refusal.get()
                  + " (check --jdbcUrl and its sslmode, --dbUser, and the password of "
                  + "BANKSTREAM_DB_PASSWORD or --dbPasswordFile)",
              e);
        }
        if (System.nanoTime() > deadline) {
          throw new UnavailableException(
              "cannot migrate the schema at "
                  + postgres.jdbcUrlRedacted()
                  + " within "
                  + STARTUP_WAIT.toSeconds()
                  + " s: "
                  + PostgresConfig.redact(e.getMessage()),
              e);
        }
        LOG.warn(
            "PostgreSQL at {} not ready ({}); retrying",
            postgres.jdbcUrlRedacted(),
            PostgresConfig.redact(e.getMessage()));
        try {
          Thread.sleep(2_000); // Backoff between attempts, bounded by the deadline above.
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UnavailableException("interrupted while waiting for PostgreSQL", interrupted);
        }
      }
    }
  }

  /** See {@link ResumePoint}: the committed offsets are moved back to what PostgreSQL holds. */
  private static void resumeWhereTheDatabaseEnds(Settings settings, BankstreamOptions options) {
    Map<String, Object> config = new HashMap<>(settings.consumerConfig());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.getBootstrapServers());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) STARTUP_WAIT.toMillis());
    PostgresConfig postgres = settings.postgres();
    try (Consumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Connection database =
            DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      ResumePoint.rewind(consumer, database, options.getTopic());
    } catch (KafkaException e) {
      throw new UnavailableException(
          "cannot read the committed offsets of group "
              + options.getConsumerGroup()
              + " at "
              + options.getBootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    } catch (SQLException e) {
      throw new UnavailableException(
          "cannot read the written offsets at "
              + postgres.jdbcUrlRedacted()
              + ": "
              + PostgresConfig.redact(e.getMessage()),
          e);
    }
  }

  /** Kafka's and Beam's chatter stays out of the terminal unless asked for with -D. */
  static void quietLogging() {
    String level = "org.slf4j.simpleLogger.defaultLogLevel";
    System.setProperty(level, System.getProperty(level, "warn"));
    String kafka = "org.slf4j.simpleLogger.log.org.apache.kafka";
    System.setProperty(kafka, System.getProperty(kafka, "error"));
    // Beam's Kafka reader warns, with a stack trace, whenever committing a finalized checkpoint
    // races its own poll (a WakeupException); the next checkpoint's commit covers those offsets.
    String reader = "org.slf4j.simpleLogger.log.org.apache.beam.sdk.io.kafka.KafkaUnboundedReader";
    System.setProperty(reader, System.getProperty(reader, "error"));
    // Beam 2.62's Kafka source records lineage while the runner splits it, outside any step, and
    // logs that at ERROR with a stack trace on Flink and Spark; nothing is lost but a metric.
    String lineage = "org.slf4j.simpleLogger.log.org.apache.beam.sdk.metrics.MetricsEnvironment";
    System.setProperty(lineage, System.getProperty(lineage, "off"));
  }

  private static void cancelQuietly(PipelineResult result) {
    try {
      if (!result.getState().isTerminal()) {
        result.cancel();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cancelling the pipeline failed: {}", e.toString());
    }
  }
}
