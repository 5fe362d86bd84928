package io.bankstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.tls.TestCertificates;
import io.bankstream.model.net.Tls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The local stack with TLS ({@link LocalStack.Builder#tls}, mutual for Kafka) serves TLS on all
 * three servers and nothing else: Kafka answers a client with the stack's SSL properties (trust
 * store and client key store) and refuses one without a client certificate; PostgreSQL takes {@code
 * sslmode=verify-full} against the test CA and refuses its application user without TLS; Redis
 * answers a PING over TLS and nothing in clear text.
 */
class LocalStackTlsIT {

  private static TestCertificates certificates;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create("127.0.0.1");
    stack = LocalStack.builder().tls(certificates.stackTls(true)).start();
  }

  @AfterAll
  static void stop() {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      certificates.close();
    }
  }

  @Test
  void kafkaTakesTheClientCertificateAndRefusesAClientWithout() throws Exception {
    assertThat(stack.kafkaClientProperties())
        .containsEntry("security.protocol", "SSL")
        .containsKeys("ssl.truststore.location", "ssl.keystore.location");
    try (Admin admin = admin(stack.kafkaClientProperties())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(stack.topic());
    }
    Map<String, Object> noCertificate = new HashMap<>(stack.kafkaClientProperties());
    noCertificate.remove("ssl.keystore.location");
    noCertificate.remove("ssl.keystore.password");
    noCertificate.remove("ssl.keystore.type");
    try (Admin admin = admin(noCertificate)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
    }
  }

  @Test
  void postgresTakesVerifyFullAndRefusesClearText() throws SQLException {
    String verifyFull =
        stack.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + certificates.caPem();
    try (Connection connection =
            DriverManager.getConnection(
                verifyFull, stack.databaseUser(), stack.databasePassword());
        Statement statement = connection.createStatement();
        ResultSet ssl =
            statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(ssl.next()).isTrue();
      assertThat(ssl.getBoolean(1)).isTrue();
    }
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                        stack.jdbcUrl() + "?sslmode=disable",
                        stack.databaseUser(),
                        stack.databasePassword())
                    .close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no encryption");
  }

  @Test
  void redisAnswersOverTlsOnly() {
    DefaultJedisClientConfig tls =
        DefaultJedisClientConfig.builder()
            .ssl(true)
            .sslSocketFactory(Tls.trusting(certificates.caPem()))
            .sslParameters(Tls.verifyingHostName())
            .build();
    HostAndPort redis = new HostAndPort(stack.redisHost(), stack.redisPort());
    try (Jedis jedis = new Jedis(redis, tls)) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
    assertThat(stack.redisUri()).startsWith("rediss://");
    assertThatThrownBy(
            () -> {
              try (Jedis clear = new Jedis(redis, DefaultJedisClientConfig.builder().build())) {
                clear.ping();
              }
            })
        .isInstanceOf(JedisConnectionException.class);
  }

  private static Admin admin(Map<String, Object> security) {
    Map<String, Object> config = new HashMap<>(security);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    return Admin.create(config);
  }
}
