package io.bankstream.core.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.net.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up of a pipeline started before its services: a few lines naming what it waits for and
 * what to do, then one error naming the services, instead of every client's retries.
 */
class StartupWaitTest {

  @Test
  void waitingForClosedPortsSaysWhatItWaitsForInAFewLines() {
    int kafka = LoopbackPorts.pickFree().orElseThrow();
    int postgres = LoopbackPorts.pickFree().orElseThrow();
    int redis = LoopbackPorts.pickFree().orElseThrow();
    Startup startup =
        new Startup(
            "127.0.0.1:" + kafka,
            Map.of(),
            "transacoes",
            "bankstream-pipeline",
            new RedisConfig("127.0.0.1", redis, null, false, 0),
            new PostgresConfig("jdbc:postgresql://127.0.0.1:" + postgres + "/bank", "u", "p", 1));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    assertThatThrownBy(
            () ->
                startup.run(
                    RetryPolicy.StopSignal.NEVER,
                    Duration.ofSeconds(3),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)))
        .isInstanceOf(Startup.UnavailableException.class)
        .hasMessageContaining("Kafka at 127.0.0.1:" + kafka)
        .hasMessageContaining("PostgreSQL at 127.0.0.1:" + postgres)
        .hasMessageContaining("./bankstream stack");

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .hasSizeBetween(2, 4)
        .allMatch(line -> line.startsWith("waiting for ") && line.contains("./bankstream stack"));
    assertThat(lines.get(0)).contains("Kafka at 127.0.0.1:" + kafka, "--bootstrapServers");
    assertThat(lines.get(1)).contains("PostgreSQL at 127.0.0.1:" + postgres, "--jdbcUrl");
  }

  @Test
  void aServiceThatAnswersIsNotWaitedFor() throws Exception {
    try (java.net.ServerSocket listening = new java.net.ServerSocket(0)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();

      ServiceWait.await(
          List.of(ServiceWait.Service.kafka("127.0.0.1:" + listening.getLocalPort())),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          new PrintStream(printed, true, StandardCharsets.UTF_8),
          RetryPolicy.StopSignal.NEVER);

      assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }
}
