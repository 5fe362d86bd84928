package io.bankstream.core.startup;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.db.DatabasePassword;
import io.bankstream.model.db.Migrations;
import io.bankstream.model.net.Tls;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.flywaydb.core.api.FlywayException;

/**
 * The one start-up of everything that reads the topic and writes the tables (the pipeline on any
 * runner, the demo through it, and the bench's floor), before the first record is read: {@link
 * #run} waits up to a minute for Kafka and PostgreSQL to accept connections, saying every few
 * seconds which it waits for ({@link ServiceWait}), checks Kafka's and Redis's credentials ({@link
 * StartupChecks}), migrates the schema, and moves the group's committed offsets back to the first
 * record the database does not hold ({@link ResumePoint}). The static helpers read the secrets and
 * check the options both entry points share, with messages that name the option.
 *
 * <p>Errors: an {@link IllegalArgumentException} for what cannot work as given (an option, a
 * refused login or {@code sslmode}; the entry points exit 2), an {@link UnavailableException} for a
 * service that stayed unreachable (exit 1). Messages never carry a password; JDBC URLs are
 * redacted.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param kafkaClientConfig the client settings of {@code --kafkaConfigFile} (TLS, SASL), may be
 *     empty
 * @param topic the topic of transactions
 * @param consumerGroup the group whose offsets are read and rewound
 * @param redis Redis, with its password
 * @param postgres PostgreSQL, with its password
 */
public record Startup(
    String bootstrapServers,
    Map<String, Object> kafkaClientConfig,
    String topic,
    String consumerGroup,
    RedisConfig redis,
    PostgresConfig postgres) {

  /** How long the start-up waits for PostgreSQL, and for Kafka's committed offsets. */
  public static final Duration WAIT = Duration.ofSeconds(60);

  /** How often the wait for the services says what it waits for. */
  public static final Duration WAITING_LINE_EVERY = Duration.ofSeconds(5);

  /** Environment variable of Redis's password when no file is named. */
  public static final String REDIS_PASSWORD_VARIABLE = "BANKSTREAM_REDIS_PASSWORD";

  /** The migration's wait for PostgreSQL: every 2 s at most, for a minute. */
  private static final RetryPolicy POSTGRES_WAIT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(2), WAIT);

  public Startup {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    kafkaClientConfig = Map.copyOf(kafkaClientConfig);
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(postgres, "postgres");
  }

  /** Thrown when a service stays unreachable at start. */
  public static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Checks, migrates and rewinds, never giving up early; see the class comment. */
  public Map<TopicPartition, Long> run() {
    return run(RetryPolicy.StopSignal.NEVER);
  }

  /**
   * As {@link #run()}, the wait for PostgreSQL ending early when {@code stop} says so (the floor's
   * Ctrl-C).
   *
   * @return where the group resumes reading: the committed offset of each partition that has one,
   *     every record below it in the database (the run's starting offsets, for its status)
   * @throws IllegalArgumentException when a service refuses the credentials or settings
   * @throws UnavailableException when PostgreSQL or Kafka stays unreachable
   */
  public Map<TopicPartition, Long> run(RetryPolicy.StopSignal stop) {
    return run(stop, WAIT, System.err);
  }

  /**
   * As {@link #run(RetryPolicy.StopSignal)}, waiting {@code wait} for Kafka and PostgreSQL to
   * accept connections ({@link ServiceWait}: one line per missing service on {@code out} every
   * {@link #WAITING_LINE_EVERY}).
   */
  Map<TopicPartition, Long> run(RetryPolicy.StopSignal stop, Duration wait, PrintStream out) {
    ServiceWait.await(
        List.of(
            ServiceWait.Service.kafka(bootstrapServers),
            ServiceWait.Service.postgres(postgres.jdbcUrl())),
        wait,
        WAITING_LINE_EVERY,
        out,
        stop);
    StartupChecks.checkKafka(bootstrapServers, kafkaClientConfig);
    StartupChecks.checkRedis(redis);
    migrate(stop);
    return resume();
  }

  /** Brings the schema up to date, waiting up to {@link #WAIT} for PostgreSQL to answer. */
  void migrate(RetryPolicy.StopSignal stop) {
    try {
      POSTGRES_WAIT
          .withStop(stop)
          .run(
              "migrate the schema at " + postgres.jdbcUrlRedacted(),
              () -> {
                Migrations.apply(postgres.jdbcUrl(), postgres.user(), postgres.password());
                return null;
              },
              FlywayException.class,
              error -> StartupChecks.permanentPostgresRefusal(error).isEmpty(),
              error -> " (PostgreSQL not ready: " + PostgresConfig.redact(error.getMessage()) + ")",
              () -> {});
    } catch (FlywayException e) {
      String tls = Tls.failure(e).orElse(null);
      if (tls != null) {
        throw new IllegalArgumentException(
            "TLS with PostgreSQL at "
                + postgres.jdbcUrlRedacted()
                + " failed: "
                + tls
                + " (check the sslrootcert and the host name of --jdbcUrl)",
            e);
      }
      String refusal = StartupChecks.permanentPostgresRefusal(e).orElse(null);
      if (refusal != null) {
        throw new IllegalArgumentException(
            "PostgreSQL at "
                + postgres.jdbcUrlRedacted()
                + " refused user "
                + postgres.user()
                + ": "
                + refusal
                + " (check --jdbcUrl and its sslmode, --dbUser, and the password of "
                + "BANKSTREAM_DB_PASSWORD or --dbPasswordFile)",
            e);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new UnavailableException("interrupted while waiting for PostgreSQL", e);
      }
      throw new UnavailableException(
          "cannot migrate the schema at "
              + postgres.jdbcUrlRedacted()
              + " within "
              + WAIT.toSeconds()
              + " s: "
              + PostgresConfig.redact(e.getMessage()),
          e);
    }
  }

  /**
   * See {@link ResumePoint}: the committed offsets are moved back to what PostgreSQL holds, and
   * returned.
   */
  Map<TopicPartition, Long> resume() {
    Map<String, Object> config = new HashMap<>(kafkaClientConfig);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
    try (Consumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Connection database = postgres.connect()) {
      ResumePoint.rewind(consumer, database, topic);
      Set<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, Long> starts = new HashMap<>();
      consumer
          .committed(partitions)
          .forEach(
              (partition, offset) -> {
                if (offset != null) {
                  starts.put(partition, offset.offset());
                }
              });
      return starts;
    } catch (KafkaException e) {
      throw new UnavailableException(
          "cannot read the committed offsets of group "
              + consumerGroup
              + " at "
              + bootstrapServers
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

  /**
   * The database password: from {@code file} if named ({@code --dbPasswordFile}), else {@code
   * BANKSTREAM_DB_PASSWORD}, else the local stack's for a loopback URL; see {@link
   * DatabasePassword#resolve}.
   *
   * @throws IllegalArgumentException when none is found or the file cannot be read
   */
  public static String databasePassword(String jdbcUrl, Path file) {
    try {
      return DatabasePassword.resolve(jdbcUrl, file);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--dbPasswordFile: cannot read " + file + ": " + e.getCause(), e);
    }
  }

  /** Redis's password: from {@code file} if named, else BANKSTREAM_REDIS_PASSWORD, else none. */
  public static String redisPassword(Path file) {
    if (file != null) {
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--redisPasswordFile: cannot read " + file + ": " + e, e);
      }
    }
    String password = System.getenv(REDIS_PASSWORD_VARIABLE);
    return password == null || password.isEmpty() ? null : password;
  }

  /**
   * {@code --redisCaFile} as a path string for {@link RedisConfig}, or null when not given; read
   * once here, so that a bad file is refused at start, by name.
   */
  public static String redisCaFile(Path file, boolean ssl) {
    if (file == null) {
      return null;
    }
    if (!ssl) {
      throw new IllegalArgumentException("--redisCaFile needs --redisSsl=true");
    }
    try {
      Tls.trusting(file);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException("--redisCaFile: " + e.getMessage(), e);
    }
    return file.toString();
  }

  /** The properties of {@code file} ({@code --kafkaConfigFile}: security.protocol, ssl.*...). */
  public static Map<String, Object> kafkaClientConfig(Path file) {
    Map<String, Object> config = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("--kafkaConfigFile: cannot read " + file + ": " + e, e);
      }
      properties.forEach((key, value) -> config.put(key.toString(), value));
    }
    return config;
  }

  /** {@code value} of {@code --startFrom} in lower case, which must be earliest or latest. */
  public static String startFrom(String value) {
    String startFrom = value.toLowerCase(Locale.ROOT);
    if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
      throw new IllegalArgumentException(
          "--startFrom must be earliest or latest, was '" + value + "'");
    }
    return startFrom;
  }

  /** Refuses {@code value} of {@code --option} below {@code least}. */
  public static void requireAtLeast(String option, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(
          "--" + option + " must be at least " + least + ", was " + value);
    }
  }

  /**
   * The time zone {@code value} names for option {@code option}, or an {@link
   * IllegalArgumentException} naming the option: {@code --naiveTimeZone=Mars/Olympus is not a time
   * zone (write e.g. UTC or America/Sao_Paulo)}.
   */
  public static ZoneId zone(String option, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(
          "--" + option + "=" + value + " is not a time zone (write e.g. UTC or America/Sao_Paulo)",
          e);
    }
  }

  /**
   * Refuses a {@code --statsTtlMinutes} that a window and its allowed lateness outlast: its Redis
   * keys would expire while late records may still update them.
   */
  public static void requireTtlOutlastsWindows(
      int windowSeconds, int allowedLatenessMinutes, int statsTtlMinutes) {
    long windowLifeSeconds = windowSeconds + 60L * allowedLatenessMinutes;
    if (60L * statsTtlMinutes <= windowLifeSeconds) {
      throw new IllegalArgumentException(
          "--statsTtlMinutes must outlast a window and its allowed lateness ("
              + windowLifeSeconds
              + " s), was "
              + statsTtlMinutes);
    }
  }
}
