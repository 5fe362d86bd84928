package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.LocalStack;
import io.bankstream.localstack.tls.TestCertificates;
import io.bankstream.model.net.Tls;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.ProducerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * TLS end to end, with certificates made at test time ({@link TestCertificates}): the local stack
 * serves Kafka on an SSL listener that requires a client certificate (mutual TLS), PostgreSQL with
 * {@code ssl=on} taking its application users over TLS only, and Redis on a TLS port only. The
 * server certificate names 127.0.0.1 and nothing else.
 *
 * <p>The producer ({@code --kafka-config}, {@code --jdbc-url ...sslmode=verify-full}) and the
 * pipeline ({@code --kafkaConfigFile}, {@code --jdbcUrl ...sslmode=verify-full}, {@code
 * --redisSsl=true --redisCaFile}) reach all three through their existing settings, and every record
 * is written to PostgreSQL and the statistics to Redis. A client that trusts another CA, or that
 * connects by the name {@code localhost} (which the certificate does not name), is refused at once
 * with one line saying which server and what failed.
 */
class TlsIT {

  private static final int RECORDS = 200;
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final Duration REFUSED_WITHIN = Duration.ofSeconds(30);

  private static TestCertificates certificates;
  private static TestCertificates otherCa;
  private static LocalStack stack;
  private static StackHarness harness;

  @TempDir static Path files;

  @BeforeAll
  static void startStack() {
    certificates = TestCertificates.create("127.0.0.1");
    otherCa = TestCertificates.create("127.0.0.1");
    stack = LocalStack.builder().tls(certificates.stackTls(true)).start();
    harness = new StackHarness(stack);
    assertThat(cli("seed", "--users", "300", "--seed", "5", "--jdbc-url", verifyFull(certificates)))
        .isZero();
  }

  @AfterAll
  static void stopStack() {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      certificates.close();
      otherCa.close();
    }
  }

  @Test
  void producerAndPipelineReachAllThreeOverTls() throws Exception {
    Path clientConfig = propertiesFile("client.properties", stack.kafkaClientProperties());
    assertThat(Files.readString(clientConfig))
        .contains("security.protocol=SSL", "ssl.truststore.location", "ssl.keystore.location");
    assertThat(
            cli(
                "produce",
                "--count",
                Integer.toString(RECORDS),
                "--rate",
                "unlimited",
                "--seed",
                "5",
                "--fraud-rate",
                "0",
                "--malformed-rate",
                "0",
                "--bootstrap-servers",
                stack.kafkaBootstrapServers(),
                "--topic",
                stack.topic(),
                "--kafka-config",
                clientConfig.toString(),
                "--jdbc-url",
                verifyFull(certificates)))
        .isZero();

    BankstreamOptions options = tlsOptions("tls-it", certificates);
    PipelineResult pipeline = BankstreamPipeline.run(options);
    try {
      StackHarness.awaitUntil(
          DEADLINE,
          RECORDS + " rows in transacoes and a window in Redis",
          () -> harness.count("SELECT count(*) FROM transacoes") == RECORDS && windowsInRedis() > 0,
          () -> harness.progress(pipeline));
    } finally {
      pipeline.cancel();
    }
    assertThat(harness.count("SELECT count(*) FROM dead_letters")).isZero();
    // pg_hba takes the application user over TLS only, so every row came over TLS; say it too.
    assertThat(
            harness.count(
                "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)"
                    + " WHERE usename = 'bank_etl' AND NOT ssl"))
        .isZero();
  }

  @Test
  void kafkaSignedByAnotherCaIsRefusedInOneLine() throws Exception {
    Map<String, Object> wrongTrust = new HashMap<>(stack.kafkaClientProperties());
    wrongTrust.put("ssl.truststore.location", otherCa.trustStore().toString());
    wrongTrust.put("ssl.truststore.password", otherCa.password());
    Path wrongConfig = propertiesFile("other-ca.properties", wrongTrust);

    assertThat(produceOne(stack.kafkaBootstrapServers(), wrongConfig, verifyFull(certificates)))
        .isEqualTo(
            "error: TLS with Kafka at "
                + stack.kafkaBootstrapServers()
                + " failed: certificate not trusted (PKIX path building failed: unable to find"
                + " valid certification path to requested target) (check the ssl.* settings of"
                + " --kafka-config and the host names of --bootstrap-servers)");

    BankstreamOptions options = tlsOptions("tls-it-other-ca", certificates);
    options.setKafkaConfigFile(wrongConfig.toString());
    assertRefused(
        options, "TLS with Kafka at " + stack.kafkaBootstrapServers() + " failed: certificate not");
  }

  @Test
  void kafkaByAHostNameTheCertificateDoesNotNameIsRefusedInOneLine() throws Exception {
    Path clientConfig = propertiesFile("client.properties", stack.kafkaClientProperties());
    String localhost = "localhost:" + stack.kafkaPort();

    // The JDK's words: "No name matching localhost found".
    assertThat(produceOne(localhost, clientConfig, verifyFull(certificates)))
        .startsWith(
            "error: TLS with Kafka at "
                + localhost
                + " failed: certificate does not name the host (")
        .contains("localhost found")
        .endsWith(
            " (check the ssl.* settings of --kafka-config and the host names of"
                + " --bootstrap-servers)");

    BankstreamOptions options = tlsOptions("tls-it-localhost", certificates);
    options.setBootstrapServers(localhost);
    assertRefused(
        options, "TLS with Kafka at " + localhost + " failed: certificate does not name the host");
  }

  @Test
  void kafkaWithoutAClientCertificateIsRefusedInOneLine() throws Exception {
    Map<String, Object> noCertificate = new HashMap<>(stack.kafkaClientProperties());
    noCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore."));
    Path config = propertiesFile("no-certificate.properties", noCertificate);

    assertThat(produceOne(stack.kafkaBootstrapServers(), config, verifyFull(certificates)))
        .startsWith("error: TLS with Kafka at " + stack.kafkaBootstrapServers() + " failed: ")
        .doesNotContain("\n", "Exception");
  }

  @Test
  void postgresSignedByAnotherCaOrByAnotherNameIsRefusedInOneLine() {
    String otherCaUrl = verifyFull(otherCa);
    assertThat(errorOf("seed", "--users", "10", "--jdbc-url", otherCaUrl))
        .startsWith(
            "error: TLS with PostgreSQL at " + otherCaUrl + " failed: certificate not trusted")
        .endsWith("(check the sslrootcert and the host name of --jdbc-url)");

    String localhostUrl = verifyFull(certificates).replace("127.0.0.1", "localhost");
    assertThat(errorOf("seed", "--users", "10", "--jdbc-url", localhostUrl))
        .startsWith(
            "error: TLS with PostgreSQL at "
                + localhostUrl
                + " failed: certificate does not name the host");

    BankstreamOptions options = tlsOptions("tls-it-pg-other-ca", certificates);
    options.setJdbcUrl(otherCaUrl);
    assertRefused(options, "TLS with PostgreSQL at " + otherCaUrl + " failed: certificate not");
    options = tlsOptions("tls-it-pg-localhost", certificates);
    options.setJdbcUrl(localhostUrl);
    assertRefused(
        options,
        "TLS with PostgreSQL at " + localhostUrl + " failed: certificate does not name the host");
  }

  @Test
  void redisSignedByAnotherCaOrByAnotherNameIsRefusedInOneLine() {
    String redis = stack.redisHost() + ":" + stack.redisPort();
    BankstreamOptions options = tlsOptions("tls-it-redis-other-ca", certificates);
    options.setRedisCaFile(otherCa.caPem().toString());
    assertRefused(options, "TLS with Redis at " + redis + " failed: certificate not trusted");

    options = tlsOptions("tls-it-redis-localhost", certificates);
    options.setRedisHost("localhost");
    assertRefused(
        options,
        "TLS with Redis at localhost:"
            + stack.redisPort()
            + " failed: certificate does not name the host");
  }

  /** The pipeline's options for this stack over TLS, trusting {@code ca}'s certificates. */
  private static BankstreamOptions tlsOptions(String group, TestCertificates ca) {
    BankstreamOptions options = harness.options(group);
    try {
      options.setKafkaConfigFile(
          propertiesFile(group + ".properties", stack.kafkaClientProperties()).toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    options.setJdbcUrl(verifyFull(ca));
    options.setRedisSsl(true);
    options.setRedisCaFile(ca.caPem().toString());
    return options;
  }

  private static void assertRefused(BankstreamOptions options, String messageStart) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> BankstreamPipeline.run(options).cancel())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n");
    // Refused at once, not after the minute the pipeline waits for a service that is down.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REFUSED_WITHIN);
  }

  private static String verifyFull(TestCertificates ca) {
    return stack.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + ca.caPem();
  }

  private long windowsInRedis() {
    DefaultJedisClientConfig tls =
        DefaultJedisClientConfig.builder()
            .ssl(true)
            .sslSocketFactory(Tls.trusting(certificates.caPem()))
            .sslParameters(Tls.verifyingHostName())
            .build();
    try (Jedis redis = new Jedis(new HostAndPort(stack.redisHost(), stack.redisPort()), tls)) {
      return redis.zcard(RedisKeys.DEFAULT.windows());
    }
  }

  /** The producer's standard error for one record to {@code bootstrapServers}, which must fail. */
  private static String produceOne(String bootstrapServers, Path kafkaConfig, String jdbcUrl) {
    long start = System.nanoTime();
    String error =
        errorOf(
            "produce",
            "--count",
            "1",
            "--bootstrap-servers",
            bootstrapServers,
            "--topic",
            stack.topic(),
            "--kafka-config",
            kafkaConfig.toString(),
            "--jdbc-url",
            jdbcUrl);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REFUSED_WITHIN);
    return error;
  }

  /** Runs the producer's command line, which must fail, and returns its one error line. */
  private static String errorOf(String... args) {
    StringWriter errors = new StringWriter();
    int exit =
        ProducerCli.commandLine()
            .setOut(new PrintWriter(Writer.nullWriter()))
            .setErr(new PrintWriter(errors))
            .execute(args);
    assertThat(exit).isNotZero();
    String text = errors.toString().strip();
    assertThat(text).doesNotContain("\n").doesNotContain("Exception");
    return text;
  }

  private static int cli(String... args) {
    StringWriter errors = new StringWriter();
    int exit =
        ProducerCli.commandLine()
            .setOut(new PrintWriter(Writer.nullWriter()))
            .setErr(new PrintWriter(errors))
            .execute(args);
    assertThat(errors.toString()).as("errors of %s", args[0]).doesNotContain("error:");
    return exit;
  }

  private static Path propertiesFile(String name, Map<String, Object> settings) throws IOException {
    Properties properties = new Properties();
    settings.forEach((key, value) -> properties.setProperty(key, value.toString()));
    Path file = files.resolve(name);
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }
}
