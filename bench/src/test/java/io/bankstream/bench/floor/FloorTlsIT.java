package io.bankstream.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import io.bankstream.localstack.tls.TestCertificates;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.net.Tls;
import io.bankstream.producer.publish.RecordPublisher;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The floor over TLS, as the pipeline in {@code TlsIT}: Kafka on an SSL listener that requires a
 * client certificate, reached through {@code --kafkaConfigFile}; PostgreSQL with {@code
 * sslmode=verify-full} in {@code --jdbcUrl}; Redis on a TLS port only, with {@code --redisSsl=true
 * --redisCaFile}. Every record is written, the statistics reach Redis, no database session of the
 * application user is without TLS; a Kafka client trusting another CA is refused in one line.
 */
class FloorTlsIT {

  private static final int USERS = 200;
  private static final int RECORDS = 500;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static TestCertificates certificates;
  private static TestCertificates otherCa;
  private static LocalStack stack;
  private static ExecutorService threads;

  @TempDir static Path files;

  @BeforeAll
  static void startStack() throws Exception {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    certificates = TestCertificates.create("127.0.0.1");
    otherCa = TestCertificates.create("127.0.0.1");
    stack = LocalStack.builder().tls(certificates.stackTls(true)).start();
    threads = Executors.newCachedThreadPool();
    List<UserProfile> users = new UserGenerator(new Random(3)).generate(USERS, Instant.now());
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
    }
    publish(users);
  }

  @AfterAll
  static void stopStack() {
    try {
      threads.shutdownNow();
      if (stack != null) {
        stack.close();
      }
    } finally {
      certificates.close();
      otherCa.close();
    }
  }

  @Test
  void readsKafkaAndWritesPostgresAndRedisOverTls() throws Exception {
    FloorConsumer floor = new FloorConsumer();
    Path config = propertiesFile("client.properties", stack.kafkaClientProperties());
    Future<Integer> run =
        threads.submit(() -> FloorConsumer.commandLine(floor).execute(arguments(config)));
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (count("SELECT (SELECT count(*) FROM transacoes) + (SELECT count(*) FROM dead_letters)")
        < RECORDS) {
      assertThat(run.isDone()).as("the floor exited early").isFalse();
      assertThat(System.nanoTime()).as("every record written within " + DEADLINE).isLessThan(end);
      TimeUnit.MILLISECONDS.sleep(100); // Polling the condition, bounded by the deadline.
    }
    floor.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).as("exit code").isZero();

    assertThat(count("SELECT count(*) FROM transacoes")).isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)"
                    + " WHERE usename = 'bank_etl' AND NOT ssl"))
        .as("sessions of the application user without TLS")
        .isZero();
    DefaultJedisClientConfig tls =
        DefaultJedisClientConfig.builder()
            .ssl(true)
            .sslSocketFactory(Tls.trusting(certificates.caPem()))
            .build();
    try (Jedis redis = new Jedis(new HostAndPort(stack.redisHost(), stack.redisPort()), tls)) {
      assertThat(redis.keys("*")).as("statistics keys in Redis").isNotEmpty();
    }
  }

  @Test
  void kafkaSignedByAnotherCaIsRefusedInOneLine() throws Exception {
    Map<String, Object> wrongTrust = new HashMap<>(stack.kafkaClientProperties());
    wrongTrust.put("ssl.truststore.location", otherCa.trustStore().toString());
    wrongTrust.put("ssl.truststore.password", otherCa.password());
    Path config = propertiesFile("other-ca.properties", wrongTrust);
    StringWriter err = new StringWriter();

    int exitCode =
        FloorConsumer.commandLine(new FloorConsumer())
            .setErr(new PrintWriter(err, true))
            .execute(arguments(config));

    assertThat(exitCode).isEqualTo(FloorConsumer.EXIT_BAD_OPTIONS);
    assertThat(err.toString().strip())
        .startsWith(
            "error: TLS with Kafka at "
                + stack.kafkaBootstrapServers()
                + " failed: certificate not trusted")
        .doesNotContain("\n");
  }

  private static String[] arguments(Path kafkaConfig) {
    return new String[] {
      "--bootstrapServers=" + stack.kafkaBootstrapServers(),
      "--kafkaConfigFile=" + kafkaConfig,
      "--topic=" + stack.topic(),
      "--consumerGroup=floor-tls-it",
      "--jdbcUrl=" + stack.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + certificates.caPem(),
      "--dbUser=" + stack.databaseUser(),
      "--redisHost=" + stack.redisHost(),
      "--redisPort=" + stack.redisPort(),
      "--redisSsl=true",
      "--redisCaFile=" + certificates.caPem(),
      "--consumers=2"
    };
  }

  private static void publish(List<UserProfile> users) {
    TransactionGenerator generator =
        new TransactionGenerator(
            users,
            TrafficModel.defaults(),
            EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(13)),
            new Random(17),
            0.05,
            0.02);
    Map<String, Object> config = new HashMap<>(stack.kafkaClientProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    try (RecordPublisher publisher =
        new RecordPublisher(config, stack.topic(), GeneratedRecord.LABEL_HEADER)) {
      for (int i = 0; i < RECORDS; i++) {
        GeneratedRecord record = generator.next();
        publisher.send(record.key(), record.value(), record.label());
      }
      publisher.flush();
      assertThat(publisher.acknowledged()).as(publisher.lastError()).isEqualTo(RECORDS);
    }
  }

  private static Path propertiesFile(String name, Map<String, Object> settings) throws Exception {
    Properties properties = new Properties();
    settings.forEach((key, value) -> properties.setProperty(key, value.toString()));
    Path file = files.resolve(name);
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
