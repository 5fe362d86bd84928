package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Redis with a password (the local stack's {@code redisPassword}): the pipeline given it through
 * {@code --redisPasswordFile} writes its live statistics there; without a password, or with a wrong
 * one, it is refused at start with one message saying so and naming where the password comes from,
 * and nothing runs.
 */
class RedisPasswordIT {

  private static final String PASSWORD = "redis-" + UUID.randomUUID();
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private static LocalStack stack;
  private static StackHarness harness;

  @TempDir static Path files;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.builder().redisPassword(PASSWORD).start();
    harness = new StackHarness(stack);
    List<UserProfile> users = harness.seedUsers(500, 7);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theServerRequiresThePassword() {
    try (Jedis anonymous = new Jedis(stack.redisHost(), stack.redisPort())) {
      assertThatThrownBy(anonymous::ping)
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("NOAUTH");
    }
  }

  @Test
  void withThePasswordFileThePipelineWritesItsStatistics() throws Exception {
    Path passwordFile = Files.writeString(files.resolve("redis-password"), PASSWORD + "\n");
    List<UserProfile> users;
    try (Connection connection = harness.connect()) {
      users = UserProfiles.loadAll(connection);
    }
    PipelineResult pipeline =
        harness.startPipeline(
            "redis-password-it",
            "--redisPasswordFile=" + passwordFile,
            "--windowSeconds=5",
            "--earlyFiringSeconds=1");
    try {
      TransactionGenerator generator =
          new TransactionGenerator(
              users,
              TrafficModel.defaults(),
              EventClock.live(Clock.systemUTC(), Duration.ZERO, new Random(7)),
              new Random(7),
              0,
              0);
      harness.produce(generator, 200, 0);
      StackHarness.awaitUntil(
          DEADLINE,
          "latest transactions and a window in the password-protected Redis",
          () -> latestCount() > 0 && windowCount() > 0,
          () -> harness.progress(pipeline));
    } finally {
      pipeline.cancel();
    }
  }

  @Test
  void withoutThePasswordThePipelineIsRefusedAtStart() {
    assertThatThrownBy(() -> BankstreamPipeline.run(options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Redis at " + stack.redisHost() + ":" + stack.redisPort() + " refused the connection")
        .hasMessageContaining("NOAUTH")
        .hasMessageContaining("set BANKSTREAM_REDIS_PASSWORD or --redisPasswordFile");
  }

  @Test
  void withAWrongPasswordThePipelineIsRefusedAtStart() throws Exception {
    Path wrong = Files.writeString(files.resolve("wrong-password"), "not-the-password");

    assertThatThrownBy(() -> BankstreamPipeline.run(options("--redisPasswordFile=" + wrong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Redis at " + stack.redisHost() + ":" + stack.redisPort() + " refused the connection")
        .hasMessageContaining("WRONGPASS")
        .hasMessageContaining("--redisPasswordFile")
        .hasMessageNotContaining("not-the-password");
  }

  private static BankstreamOptions options(String... more) {
    String[] args =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(
                    "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                    "--jdbcUrl=" + stack.jdbcUrl(),
                    "--redisHost=" + stack.redisHost(),
                    "--redisPort=" + stack.redisPort()),
                java.util.stream.Stream.of(more))
            .toArray(String[]::new);
    BankstreamOptions options = PipelineOptionsFactory.fromArgs(args).as(BankstreamOptions.class);
    options.setRunner(DirectRunner.class);
    return options;
  }

  private static long latestCount() {
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      redis.auth(PASSWORD);
      return redis.zcard(RedisKeys.DEFAULT.latestTransactions());
    }
  }

  private static long windowCount() {
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      redis.auth(PASSWORD);
      return redis.zcard(RedisKeys.DEFAULT.windows());
    }
  }
}
