package io.bankstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Starts the real stack and uses each server as the pipeline will: Kafka round trip, SQL on the
 * migrated schema, Redis with expiry; then checks that close() leaves nothing behind.
 */
class LocalStackIT {

  private static final int RECORDS = 10_000;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void servesKafkaPostgresAndRedisAndLeavesNothingBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<Path> tmpBefore = list(tmp);
    Path dataDirectory;
    OptionalLong postgresPid;
    List<Integer> ports;

    try (LocalStack stack = LocalStack.start()) {
      dataDirectory = stack.dataDirectory();
      postgresPid = stack.postgresPid();
      ports = List.of(stack.kafkaPort(), stack.postgresPort(), stack.redisPort());
      assertThat(dataDirectory).isDirectory().startsWith(tmp);
      assertThat(postgresPid).isPresent();

      roundTripThroughKafka(stack);
      useThePostgresSchema(stack);
      setGetAndExpireInRedis(stack);
    }

    assertThat(dataDirectory).doesNotExist();
    assertThat(awaitExit(postgresPid.getAsLong())).as("PostgreSQL exited").isTrue();
    assertThat(ProcessHandle.current().descendants().filter(LocalStackIT::isRunning).toList())
        .as("child processes left running")
        .isEmpty();
    for (int port : ports) {
      assertThat(Ports.isListening(port)).as("port %d still listening", port).isFalse();
    }
    assertThat(difference(list(tmp), tmpBefore)).as("entries left in %s", tmp).isEmpty();
  }

  @Test
  void refusesAPortThatIsTakenNamingIt() throws Exception {
    try (LocalStack first = LocalStack.builder().topic("taken", 1).start()) {
      int taken = first.redisPort();
      assertThatThrownBy(() -> LocalStack.builder().redisPort(taken).start())
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Redis port " + taken + " on 127.0.0.1 is already in use")
          .extracting(e -> ((PortInUseException) e).port())
          .isEqualTo(taken);
    }
  }

  @Test
  void aNamedDataDirectoryKeepsItsDataAcrossRestarts() throws Exception {
    Path directory = Files.createTempDirectory("bankstream-named-");
    try {
      String id;
      try (LocalStack stack = LocalStack.builder().dataDirectory(directory).start()) {
        id = insertUser(stack);
        produce(stack, "kept", "across a restart");
      }
      assertThat(directory).isDirectory();

      try (LocalStack stack = LocalStack.builder().dataDirectory(directory).start()) {
        assertThat(query(stack, "SELECT count(*) FROM usuarios WHERE id_usuario = '" + id + "'"))
            .isEqualTo("1");
        assertThat(consume(stack, 1)).containsEntry("kept", "across a restart");
      }
    } finally {
      LocalStack.deleteRecursively(directory);
    }
  }

  @Test
  void postgresAndRedisStopAndStartAgainWithTheirDataWhileKafkaRuns() throws Exception {
    try (LocalStack stack = LocalStack.start()) {
      String id = insertUser(stack);
      try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
        redis.set("kept", "across an outage");
      }

      stack.stopPostgres();
      assertThatThrownBy(() -> query(stack, "SELECT 1")).hasRootCauseInstanceOf(IOException.class);
      stack.stopRedis();
      try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
        assertThatThrownBy(redis::ping).hasMessageContaining("Failed to connect");
      }
      produce(stack, "still", "served"); // Kafka does not depend on either.

      stack.startPostgres();
      stack.startRedis();
      assertThat(query(stack, "SELECT count(*) FROM usuarios WHERE id_usuario = '" + id + "'"))
          .isEqualTo("1");
      try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
        assertThat(redis.get("kept")).isEqualTo("across an outage");
      }
      assertThatThrownBy(stack::startRedis).hasMessage("Redis is running");
    }
  }

  @Test
  void kafkaStopsAndStartsAgainOnTheSamePortWithItsRecordsAndOffsets() throws Exception {
    try (LocalStack stack = LocalStack.start()) {
      int port = stack.kafkaPort();
      produce(stack, "before", "the stop");
      assertThat(readAsGroup(stack, "kept-offsets", "before")).containsEntry("before", "the stop");

      for (int restart = 1; restart <= 2; restart++) {
        stack.stopKafka();
        assertThat(Ports.isListening(port)).as("Kafka's port while stopped").isFalse();
        assertThatThrownBy(() -> produce(stack, "during", "the stop", 1_000))
            .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        stack.startKafka();
        assertThat(stack.kafkaPort()).isEqualTo(port);
        assertThat(Ports.isListening(port)).as("Kafka's port after restart %d", restart).isTrue();
      }

      produce(stack, "after", "the restarts");
      assertThat(consume(stack, 2))
          .containsEntry("before", "the stop")
          .containsEntry("after", "the restarts");
      // The group's committed offset survived: it goes on after "before", not from the start.
      assertThat(readAsGroup(stack, "kept-offsets", "after"))
          .containsEntry("after", "the restarts")
          .doesNotContainKey("before");
      assertThatThrownBy(stack::startKafka).hasMessage("Kafka is running");
    }
  }

  /**
   * Reads as consumer group {@code group} (from the earliest offset when it has none) until the
   * record with key {@code last} arrives, commits, and returns what it read.
   */
  private static Map<String, String> readAsGroup(LocalStack stack, String group, String last) {
    Map<String, String> received = new HashMap<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(stack.topic()));
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!received.containsKey(last) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.put(record.key(), record.value());
        }
      }
      consumer.commitSync();
    }
    return received;
  }

  private static void roundTripThroughKafka(LocalStack stack) throws Exception {
    Map<String, String> sent = new HashMap<>();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        String key = UUID.randomUUID().toString();
        String value = "{\"n\":" + i + "}";
        sent.put(key, value);
        producer.send(new ProducerRecord<>(stack.topic(), key, value));
      }
      producer.flush();
    }

    Map<String, String> received = consume(stack, RECORDS);

    assertThat(received).hasSize(RECORDS).isEqualTo(sent);
  }

  /** Reads {@code expected} records from the start of the topic, or fails at the deadline. */
  private static Map<String, String> consume(LocalStack stack, int expected) {
    Map<String, String> received = new HashMap<>();
    Set<Integer> partitions = new HashSet<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(stack.topic()));
      Instant deadline = Instant.now().plus(DEADLINE);
      while (received.size() < expected && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.put(record.key(), record.value());
          partitions.add(record.partition());
        }
      }
    }
    assertThat(received).as("records read back before the deadline").hasSize(expected);
    if (expected >= 1_000) {
      assertThat(partitions).hasSize(stack.partitions());
    }
    return received;
  }

  private static void produce(LocalStack stack, String key, String value) throws Exception {
    produce(stack, key, value, 60_000);
  }

  /** Sends one record and waits for its acknowledgement, giving up after {@code maxBlockMs}. */
  private static void produce(LocalStack stack, String key, String value, int maxBlockMs)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(maxBlockMs, 2_000));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(maxBlockMs, 30_000));
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(stack.topic(), key, value)).get();
    }
  }

  private static void useThePostgresSchema(LocalStack stack) throws SQLException {
    assertThat(query(stack, "SELECT count(*) FROM regioes")).isEqualTo("27");
    String id = insertUser(stack);
    assertThat(query(stack, "SELECT saldo FROM usuarios WHERE id_usuario = '" + id + "'"))
        .isEqualTo("1500.00");
    assertThat(query(stack, "SELECT current_user || '@' || current_database()"))
        .isEqualTo("bank_etl@bank");
    assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl(), "bank_etl", "wrong"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  private static String insertUser(LocalStack stack) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Connection connection = connect(stack);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO usuarios (id_usuario, id_regiao, saldo, limite_pix, limite_ted,"
                    + " limite_doc, limite_boleto) VALUES (?::uuid, 'RJ', 1500, 1000, 5000,"
                    + " 5000, 3000)")) {
      insert.setString(1, id);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    return id;
  }

  private static String query(LocalStack stack, String sql) throws SQLException {
    try (Connection connection = connect(stack);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static Connection connect(LocalStack stack) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static void setGetAndExpireInRedis(LocalStack stack) throws InterruptedException {
    try (Jedis jedis = new Jedis(stack.redisHost(), stack.redisPort())) {
      assertThat(jedis.set("bankstream:test", "ok")).isEqualTo("OK");
      assertThat(jedis.get("bankstream:test")).isEqualTo("ok");
      assertThat(jedis.pexpire("bankstream:test", 200)).isEqualTo(1L);
      assertThat(jedis.pttl("bankstream:test")).isBetween(1L, 200L);

      Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
      while (jedis.exists("bankstream:test") && Instant.now().isBefore(deadline)) {
        Thread.sleep(20); // Polling for the expiry, bounded by the deadline above.
      }
      assertThat(jedis.get("bankstream:test")).as("value after its TTL").isNull();
    }
  }

  /**
   * Whether process {@code pid} has exited, polling up to a deadline. PostgreSQL's postmaster is
   * detached by pg_ctl, so once it exits it may stay a zombie until init reaps it: that counts as
   * exited.
   */
  private static boolean awaitExit(long pid) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !isRunning(process.get())) {
        return true;
      }
      Thread.sleep(50); // Polling for the exit, bounded by the deadline above.
    }
    return false;
  }

  private static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    if (!Files.isDirectory(Path.of("/proc"))) {
      return true; // No procfs to tell a zombie apart: alive means running.
    }
    try {
      String fields = Files.readString(stat);
      // The state follows the parenthesised command name: Z is a zombie, X is dead.
      char state = fields.charAt(fields.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // Gone between the two checks.
    }
  }

  private static Set<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.collect(Collectors.toSet());
    }
  }

  private static Set<Path> difference(Set<Path> after, Set<Path> before) {
    Set<Path> added = new HashSet<>(after);
    added.removeAll(before);
    added.removeIf(path -> path.getFileName().toString().startsWith("bankstream-named-"));
    return added;
  }
}
