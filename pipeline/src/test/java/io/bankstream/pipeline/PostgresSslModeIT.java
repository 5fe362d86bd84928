package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.ProducerCli;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sslmode} in the JDBC URL reaches the PostgreSQL driver unchanged, in every component that
 * connects: against the local stack's server, which has no TLS, {@code sslmode=require} fails with
 * the driver's "The server does not support SSL" (the pipeline at start with one message naming the
 * option, its sink pool, the producer's {@code seed}), and {@code sslmode=disable} works (the
 * pipeline writes its rows).
 */
class PostgresSslModeIT {

  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final String NO_SSL = "The server does not support SSL";

  private static LocalStack stack;
  private static StackHarness harness;
  private static List<UserProfile> users;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start();
    harness = new StackHarness(stack);
    users = new UserGenerator(new Random(11)).generate(300, Instant.now());
    try (Connection connection = harness.connect()) {
      UserProfiles.insertAll(connection, users);
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void requireIsRefusedByTheServerWithoutTlsAtThePipelinesStart() {
    String url = stack.jdbcUrl() + "?sslmode=require";
    BankstreamOptions options =
        PipelineOptionsFactory.fromArgs(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--jdbcUrl=" + url,
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort())
            .as(BankstreamOptions.class);
    options.setRunner(DirectRunner.class);

    long start = System.nanoTime();
    assertThatThrownBy(() -> BankstreamPipeline.run(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PostgreSQL at " + url + " refused user bank_etl")
        .hasMessageContaining(NO_SSL)
        .hasMessageContaining("sslmode");
    // Refused at once, not after the minute the pipeline waits for a database that is down.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void requireReachesTheDriverThroughTheSinksPool() {
    PostgresConfig config =
        new PostgresConfig(
            stack.jdbcUrl() + "?sslmode=require",
            stack.databaseUser(),
            stack.databasePassword(),
            1);
    try (HikariDataSource pool = config.dataSource()) {
      assertThatThrownBy(() -> pool.getConnection().close())
          .isInstanceOf(SQLException.class)
          .rootCause()
          .hasMessageContaining(NO_SSL);
    }
  }

  @Test
  void requireReachesTheDriverFromTheProducer() {
    StringWriter errors = new StringWriter();
    int exit =
        ProducerCli.commandLine()
            .setOut(new PrintWriter(Writer.nullWriter()))
            .setErr(new PrintWriter(errors))
            .execute("seed", "--users", "10", "--jdbc-url", stack.jdbcUrl() + "?sslmode=require");

    assertThat(exit).isNotZero();
    assertThat(errors.toString()).startsWith("error: ").contains(NO_SSL);
  }

  @Test
  void disableWorks() throws Exception {
    BankstreamOptions options = harness.options("sslmode-disable-it");
    options.setJdbcUrl(stack.jdbcUrl() + "?sslmode=disable");
    PipelineResult pipeline = BankstreamPipeline.run(options);
    try {
      TransactionGenerator generator =
          new TransactionGenerator(
              users,
              TrafficModel.defaults(),
              EventClock.live(Clock.systemUTC(), Duration.ZERO, new Random(11)),
              new Random(11),
              0,
              0);
      harness.produce(generator, 100, 0);
      StackHarness.awaitUntil(
          DEADLINE,
          "100 rows in transacoes",
          () -> harness.count("SELECT count(*) FROM transacoes") == 100,
          () -> harness.progress(pipeline));
    } finally {
      pipeline.cancel();
    }
  }
}
