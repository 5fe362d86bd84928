package io.bankstream.localstack;

import io.bankstream.model.net.LoopbackPorts;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka 3.9 cluster in this JVM: one {@link KafkaRaftServer} that is both broker and
 * KRaft controller, with its log in a directory of the caller's. The directory is formatted on
 * first use and reused as it is afterwards, so a named data directory keeps its topics across
 * restarts.
 *
 * <p>Written against Kafka's server classes because no maintained library embeds a KRaft broker for
 * Kafka 3.9 outside of Kafka's own test jars, which need a ZooKeeper-era harness.
 */
final class EmbeddedKafka implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  /** The SASL/PLAIN user the broker itself logs in as on its client listener. */
  private static final String BROKER_USER = "broker";

  static {
    // Kafka's fatal-fault handlers end the process with Runtime.halt: no shutdown hook runs, so a
    // port taken at bind time killed a whole test JVM, and in `./bankstream stack` it would leave
    // PostgreSQL running. Here the fault is thrown where it happens instead: a start fails with its
    // cause and the stack closes what it started. Kafka's own test harness does the same.
    Exit.Procedure raise =
        (status, message) -> {
          throw new IllegalStateException(
              "Kafka stopped on a fatal fault (status " + status + ")" + reason(message));
        };
    Exit.setHaltProcedure(raise);
    Exit.setExitProcedure(raise);
  }

  private final Properties props;
  private final int port;
  private final int controllerPort;
  private final Map<String, Object> clientSecurity;
  private KafkaRaftServer server;

  private EmbeddedKafka(
      Properties props, int port, int controllerPort, Map<String, Object> clientSecurity) {
    this.props = props;
    this.port = port;
    this.controllerPort = controllerPort;
    this.clientSecurity = clientSecurity;
  }

  /**
   * A SASL/PLAIN user of the client listener. The user is a plain name; the password may hold any
   * character, it is escaped for the JAAS configuration.
   */
  record SaslPlain(String user, String password) {
    SaslPlain {
      if (user == null || !user.matches("[A-Za-z0-9_]{1,64}")) {
        throw new IllegalArgumentException(
            "Kafka SASL user must be 1 to 64 of A-Z, a-z, 0-9 and _, was '" + user + "'");
      }
      if (user.equals(BROKER_USER)) {
        throw new IllegalArgumentException("Kafka SASL user '" + BROKER_USER + "' is reserved");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("Kafka SASL password must not be empty");
      }
    }

    /** The client properties that log in as this user. */
    Map<String, Object> clientProperties() {
      return Map.of(
          "security.protocol",
          "SASL_PLAINTEXT",
          "sasl.mechanism",
          "PLAIN",
          "sasl.jaas.config",
          plainLogin(user, password, ""));
    }

    @Override
    public String toString() {
      return "SaslPlain[user=" + user + ", password=***]";
    }
  }

  /** {@link #start(Path, int, int, int, SaslPlain, StackTls)} without TLS. */
  static EmbeddedKafka start(
      Path logDir, int port, int controllerPort, int defaultPartitions, SaslPlain sasl)
      throws Exception {
    return start(logDir, port, controllerPort, defaultPartitions, sasl, null);
  }

  /**
   * Formats {@code logDir} if needed and starts the broker on {@code port}; with {@code sasl} its
   * client listener is SASL_PLAINTEXT with the PLAIN mechanism and that one user, with {@code tls}
   * it is SSL (SASL_SSL with both); the controller listener stays PLAINTEXT, on loopback.
   */
  static EmbeddedKafka start(
      Path logDir,
      int port,
      int controllerPort,
      int defaultPartitions,
      SaslPlain sasl,
      StackTls tls)
      throws Exception {
    Files.createDirectories(logDir);
    String listener = (sasl == null ? "" : "SASL_") + (tls == null ? "PLAINTEXT" : "SSL");
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    props.put(
        "listeners",
        listener + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", listener + "://" + HOST + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", listener);
    props.put(
        "listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
    if (sasl != null) {
      // The broker's own login gets a fresh random password: nobody else needs it.
      String brokerPassword = Uuid.randomUuid().toString();
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      props.put(
          "listener.name." + listener.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
          plainLogin(
              BROKER_USER,
              brokerPassword,
              " user_"
                  + BROKER_USER
                  + "=\""
                  + jaasEscape(brokerPassword)
                  + "\" user_"
                  + sasl.user()
                  + "=\""
                  + jaasEscape(sasl.password())
                  + "\""));
    }
    if (tls != null) {
      props.putAll(tls.kafkaBrokerProperties());
    }
    props.put("log.dirs", logDir.toAbsolutePath().toString());
    props.put("num.partitions", Integer.toString(defaultPartitions));
    // One node: every internal topic has a single replica, and few partitions start faster.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("group.initial.rebalance.delay.ms", "0");
    // A laptop stack: keep at most a day or 1 GiB per partition of data.
    props.put("log.retention.hours", "24");
    props.put("log.retention.bytes", Long.toString(1L << 30));
    KafkaConfig config = new KafkaConfig(props, false);

    format(config, logDir);
    Map<String, Object> clientSecurity = new HashMap<>();
    if (tls != null) {
      clientSecurity.putAll(tls.kafkaClientProperties(listener));
    }
    if (sasl != null) {
      clientSecurity.putAll(sasl.clientProperties());
      clientSecurity.put("security.protocol", listener);
    }
    EmbeddedKafka kafka =
        new EmbeddedKafka(props, port, controllerPort, Map.copyOf(clientSecurity));
    kafka.startServer();
    return kafka;
  }

  /**
   * Starts the broker of {@link #props} and waits until it answers; on failure stops it and says
   * which port was taken, if one was.
   */
  private void startServer() throws Exception {
    // A server is started once: a restart is a new one, on the same settings and log directory.
    KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    try {
      started.startup();
      server = started;
      awaitReady();
    } catch (Exception | Error e) {
      server = null;
      started.shutdown();
      started.awaitShutdown();
      // Kafka's message does not say which listener failed to bind; a port still taken does.
      if (!LoopbackPorts.isFree(port)) {
        throw new PortInUseException("Kafka", port, e);
      }
      if (!LoopbackPorts.isFree(controllerPort)) {
        throw new PortInUseException("Kafka controller", controllerPort, e);
      }
      throw e;
    }
  }

  private static void format(KafkaConfig config, Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // Formatted by an earlier run: keep its cluster id and data.
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(config.nodeId())
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName("CONTROLLER")
            .setMetadataLogDirectory(config.metadataLogDir())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .addDirectory(logDir.toAbsolutePath().toString());
    formatter.run();
  }

  /** Waits until the broker answers an admin request, so callers can use it at once. */
  private void awaitReady() throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }
  }

  String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** What a client needs besides the bootstrap servers: the SASL and TLS settings, or nothing. */
  Map<String, Object> clientSecurity() {
    return clientSecurity;
  }

  /** A PlainLoginModule entry for {@code user}, with {@code more} options before the ';'. */
  private static String plainLogin(String user, String password, String more) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + jaasEscape(password)
        + "\""
        + more
        + ";";
  }

  private static String reason(String message) {
    return message == null ? "; its log has the cause" : ": " + message;
  }

  /** A JAAS option value is a quoted string: backslash and quote are escaped with a backslash. */
  private static String jaasEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  int port() {
    return port;
  }

  /** Creates {@code topic} with {@code partitions} partitions unless it already exists. */
  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private Admin admin() {
    Map<String, Object> config = new HashMap<>(clientSecurity);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(config);
  }

  /**
   * Stops the broker and keeps its log directory (topics, records, committed offsets); {@link
   * #restart} brings it back. Does nothing when it is stopped.
   */
  void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again after {@link #stop}: the same ports, settings and log directory. */
  void restart() throws Exception {
    if (server != null) {
      throw new IllegalStateException("Kafka is running");
    }
    startServer();
  }

  boolean isRunning() {
    return server != null;
  }

  @Override
  public void close() {
    stop();
  }
}
