package io.bankstream.localstack;

import io.bankstream.model.db.DatabasePassword;
import io.bankstream.model.db.Migrations;
import io.bankstream.model.db.SqlIdentifier;
import io.bankstream.model.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka, PostgreSQL and Redis for the demo and for tests, with no install step: a Kafka 3.9
 * broker in this JVM (KRaft, no ZooKeeper), and PostgreSQL and Redis servers from binaries shipped
 * in Maven artifacts, all on 127.0.0.1.
 *
 * <p>{@link #start()} picks free ports and a fresh temporary directory; {@link #builder()} chooses
 * them. Once started, the stack has database {@code bank} owned by user {@code bank_etl} with the
 * schema migrated, the read-only login {@code bank_dashboard} (a member of the migration's role
 * {@code bankstream_reader}), and topic {@code bank_transactions} with 4 partitions. On request
 * Kafka's client listener takes SASL/PLAIN logins only ({@link Builder#kafkaSaslPlain}) and Redis a
 * password ({@link Builder#redisPassword}); passwords are never logged nor put on a command line.
 * {@link #close()} stops every server and, unless the caller named the data directory, deletes it:
 * no process and no temporary directory is left behind.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start()) {
 *   producer.send(stack.kafkaBootstrapServers(), ...);
 *   DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final Settings settings;
  private final Path dataDirectory;
  private final boolean deleteDataDirectory;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private EmbeddedPostgresServer postgres;
  private EmbeddedRedisServer redis;
  private boolean closed;

  private LocalStack(Settings settings, Path dataDirectory, boolean deleteDataDirectory) {
    this.settings = settings;
    this.dataDirectory = dataDirectory;
    this.deleteDataDirectory = deleteDataDirectory;
  }

  /** Starts a stack on free ports in a fresh temporary directory, deleted on {@link #close()}. */
  public static LocalStack start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void startServices() throws Exception {
    // Check every port first, so a taken one is reported before anything starts.
    int kafkaPort = claim("Kafka", settings.kafkaPort);
    int controllerPort = claim("Kafka controller", settings.kafkaControllerPort);
    int postgresPort = claim("PostgreSQL", settings.postgresPort);
    int redisPort = claim("Redis", settings.redisPort);

    redis = redisOn(redisPort);
    track(this::closeRedis);
    postgres = postgresOn(postgresPort);
    track(this::closePostgres);
    postgres.createDatabase(settings.database, settings.user, settings.password);
    // The migration grants the reader role its privileges; bank_etl may not create roles.
    postgres.createGroupRole(DatabasePassword.READER_ROLE);
    Migrations.apply(jdbcUrl(), settings.user, settings.password);
    postgres.createLoginInRole(
        settings.dashboardUser, settings.dashboardPassword, DatabasePassword.READER_ROLE);
    kafka =
        track(
            EmbeddedKafka.start(
                dataDirectory.resolve("kafka"),
                kafkaPort,
                controllerPort,
                settings.partitions,
                settings.kafkaSasl,
                settings.tls));
    kafka.createTopic(settings.topic, settings.partitions);
  }

  private <T extends AutoCloseable> T track(T service) {
    started.push(service);
    return service;
  }

  /**
   * Stops PostgreSQL and keeps its data, to test what the clients do while it is gone; {@link
   * #startPostgres()} brings it back on the same port.
   */
  public synchronized void stopPostgres() throws IOException {
    requireOpen();
    closePostgres();
  }

  /** Starts PostgreSQL again after {@link #stopPostgres()}, on the same port with the same data. */
  public synchronized void startPostgres() throws IOException {
    requireOpen();
    if (postgres.isRunning()) {
      throw new IllegalStateException("PostgreSQL is running");
    }
    postgres = postgresOn(postgres.port());
  }

  private EmbeddedPostgresServer postgresOn(int port) throws IOException {
    return EmbeddedPostgresServer.start(
        dataDirectory.resolve("postgres"), settings.postgresBinaries, port, settings.tls);
  }

  /**
   * Stops Redis (it saves its data to disk on the way down), to test what the clients do while it
   * is gone; {@link #startRedis()} brings it back on the same port.
   */
  public synchronized void stopRedis() throws IOException {
    requireOpen();
    closeRedis();
  }

  /** Starts Redis again after {@link #stopRedis()}, on the same port, loading the saved data. */
  public synchronized void startRedis() throws IOException {
    requireOpen();
    if (redis.isRunning()) {
      throw new IllegalStateException("Redis is running");
    }
    redis = redisOn(redis.port());
  }

  private EmbeddedRedisServer redisOn(int port) throws IOException {
    return EmbeddedRedisServer.start(
        dataDirectory.resolve("redis"), port, settings.redisPassword, settings.tls);
  }

  /**
   * Stops the Kafka broker and keeps its log directory (topics, records, committed offsets), to
   * test what the clients do while it is gone; {@link #startKafka()} brings it back on the same
   * port.
   */
  public synchronized void stopKafka() {
    requireOpen();
    kafka.stop();
  }

  /** Starts Kafka again after {@link #stopKafka()}, on the same port with the same data. */
  public synchronized void startKafka() {
    requireOpen();
    try {
      kafka.restart();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not start again: " + e.getMessage(), e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the local stack is closed");
    }
  }

  private void closePostgres() throws IOException {
    if (postgres.isRunning()) {
      postgres.close();
    }
  }

  private void closeRedis() throws IOException {
    if (redis.isRunning()) {
      redis.close();
    }
  }

  /**
   * Returns {@code port}, or a free one when it is 0 (below the kernel's ephemeral range: the
   * migrations' connections could take one from that range before Kafka binds it); throws if {@code
   * port} is taken.
   */
  private static int claim(String service, int port) {
    if (port == 0) {
      return LoopbackPorts.pickFree().orElseThrow(() -> new PortInUseException(service, 0));
    }
    if (!LoopbackPorts.isFree(port)) {
      throw new PortInUseException(service, port);
    }
    return port;
  }

  /** Kafka's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * What a Kafka client needs besides {@code bootstrap.servers}: {@code security.protocol}, {@code
   * sasl.mechanism} and {@code sasl.jaas.config} when SASL is on, {@code ssl.*} with TLS, else
   * nothing. It holds the password: write it to a client properties file, never to a log.
   */
  public Map<String, Object> kafkaClientProperties() {
    return kafka.clientSecurity();
  }

  /** The topic for transactions, created at start. */
  public String topic() {
    return settings.topic;
  }

  public int partitions() {
    return settings.partitions;
  }

  /** JDBC URL of the application database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/bank}. */
  public String jdbcUrl() {
    return postgres.jdbcUrl(settings.database);
  }

  public int postgresPort() {
    return postgres.port();
  }

  public String database() {
    return settings.database;
  }

  public String databaseUser() {
    return settings.user;
  }

  public String databasePassword() {
    return settings.password;
  }

  /** The read-only login user for the dashboard, a member of {@code bankstream_reader}. */
  public String dashboardUser() {
    return settings.dashboardUser;
  }

  public String dashboardPassword() {
    return settings.dashboardPassword;
  }

  /** The password Redis requires, or null when it requires none. */
  public String redisPassword() {
    return settings.redisPassword;
  }

  public String redisHost() {
    return redis.host();
  }

  public int redisPort() {
    return redis.port();
  }

  /** {@code redis://host:port}. */
  public String redisUri() {
    return (settings.tls == null ? "redis://" : "rediss://") + redis.host() + ":" + redis.port();
  }

  public int kafkaPort() {
    return kafka.port();
  }

  /** Where the three servers keep their data. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The PostgreSQL server's process id while it runs, for checks that it is gone. */
  public OptionalLong postgresPid() {
    return postgres == null ? OptionalLong.empty() : postgres.postmasterPid();
  }

  /** Stops every server, newest first, and deletes a temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      AutoCloseable service = started.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
        if (failure == null) {
          failure = new IllegalStateException("could not stop the local stack cleanly", e);
        }
      }
    }
    if (deleteDataDirectory) {
      deleteRecursively(dataDirectory);
    }
    if (failure != null) {
      throw failure;
    }
  }

  static void deleteRecursively(Path root) {
    try {
      PathUtils.deleteDirectory(root);
    } catch (NoSuchFileException e) {
      // Nothing to delete.
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  /** What to start: ports (0 picks a free one), directories, names. */
  private static final class Settings {
    int kafkaPort;
    int kafkaControllerPort;
    int postgresPort;
    int redisPort;
    Path dataDirectory;
    Path postgresBinaries =
        Path.of(System.getProperty("user.home"), ".cache", "bankstream", "postgres");
    String topic = "bank_transactions";
    int partitions = 4;
    String database = "bank";
    String user = "bank_etl";
    String password = DatabasePassword.LOCAL_STACK_PASSWORD;
    String dashboardUser = DatabasePassword.LOCAL_STACK_DASHBOARD_USER;
    String dashboardPassword = DatabasePassword.LOCAL_STACK_DASHBOARD_PASSWORD;
    String redisPassword;
    EmbeddedKafka.SaslPlain kafkaSasl;
    StackTls tls;
  }

  /** Chooses ports, directories and names; every setting has a default. */
  public static final class Builder {
    private final Settings settings = new Settings();

    private Builder() {}

    /** Kafka's client port; 0 (the default) picks a free one. */
    public Builder kafkaPort(int port) {
      settings.kafkaPort = requirePort(port);
      return this;
    }

    /** The KRaft controller's port; 0 (the default) picks a free one. */
    public Builder kafkaControllerPort(int port) {
      settings.kafkaControllerPort = requirePort(port);
      return this;
    }

    public Builder postgresPort(int port) {
      settings.postgresPort = requirePort(port);
      return this;
    }

    public Builder redisPort(int port) {
      settings.redisPort = requirePort(port);
      return this;
    }

    /**
     * Keeps the servers' data in {@code directory}, reused on the next start and kept on close. By
     * default a fresh temporary directory is used and deleted on close.
     */
    public Builder dataDirectory(Path directory) {
      settings.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Where PostgreSQL's binaries are unpacked once; default {@code ~/.cache/bankstream/postgres}.
     */
    public Builder postgresBinaries(Path directory) {
      settings.postgresBinaries = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder topic(String topic, int partitions) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be blank");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
      }
      settings.topic = topic;
      settings.partitions = partitions;
      return this;
    }

    /** The application database and its owner; the password is never logged. */
    public Builder database(String database, String user, String password) {
      settings.database = SqlIdentifier.require("database", database);
      settings.user = SqlIdentifier.require("database user", user);
      settings.password = requirePassword("database password", password);
      return this;
    }

    /**
     * The dashboard's read-only login (default {@code bank_dashboard} / {@code bank_dashboard}),
     * created as a member of {@code bankstream_reader}: it may read the window history and the
     * transactions and write nothing.
     */
    public Builder dashboardUser(String user, String password) {
      settings.dashboardUser = SqlIdentifier.require("dashboard user", user);
      settings.dashboardPassword = requirePassword("dashboard password", password);
      return this;
    }

    /**
     * Makes Redis require {@code password} (AUTH) of every client; null (the default) requires
     * none.
     */
    public Builder redisPassword(String password) {
      settings.redisPassword =
          password == null ? null : requirePassword("Redis password", password);
      return this;
    }

    /**
     * Makes Kafka's client listener SASL_PLAINTEXT with the PLAIN mechanism, accepting {@code user}
     * with {@code password} only; clients get their settings from {@link
     * LocalStack#kafkaClientProperties()}. By default the listener is PLAINTEXT.
     */
    public Builder kafkaSaslPlain(String user, String password) {
      settings.kafkaSasl = new EmbeddedKafka.SaslPlain(user, password);
      return this;
    }

    /** Turns TLS on for the three servers (see {@link StackTls}); off by default. */
    public Builder tls(StackTls tls) {
      settings.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Starts the three servers; on any failure stops what had started and rethrows. */
    public LocalStack start() {
      boolean temporary = settings.dataDirectory == null;
      Path directory;
      try {
        directory =
            temporary
                ? Files.createTempDirectory("bankstream-stack-")
                : Files.createDirectories(settings.dataDirectory.toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException("could not create the data directory", e);
      }
      LocalStack stack = new LocalStack(settings, directory, temporary);
      try {
        stack.startServices();
        return stack;
      } catch (RuntimeException | Error e) {
        stack.closeQuietly(e);
        throw e;
      } catch (Exception e) {
        stack.closeQuietly(e);
        throw new IllegalStateException("the local stack did not start: " + e.getMessage(), e);
      }
    }

    private static int requirePort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      return port;
    }

    private static String requirePassword(String what, String password) {
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return password;
    }
  }

  private void closeQuietly(Throwable cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
