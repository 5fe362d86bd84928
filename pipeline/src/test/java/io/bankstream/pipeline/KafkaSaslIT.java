package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.localstack.LocalStack;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.ProducerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka with SASL/PLAIN on its client listener (the local stack's {@code kafkaSaslPlain}): the
 * producer publishes through a client properties file ({@code --kafka-config}), the pipeline reads
 * through the same kind of file ({@code --kafkaConfigFile}) and writes every record to PostgreSQL;
 * a client with a wrong password, producer or pipeline, is refused at once with Kafka's
 * authentication error, not left waiting.
 */
class KafkaSaslIT {

  private static final String USER = "bankstream";
  private static final String PASSWORD = "sasl-" + UUID.randomUUID();
  private static final int RECORDS = 300;
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final Duration REFUSED_WITHIN = Duration.ofSeconds(20);

  private static LocalStack stack;
  private static StackHarness harness;

  @TempDir static Path files;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.builder().kafkaSaslPlain(USER, PASSWORD).start();
    harness = new StackHarness(stack);
    assertThat(cli("seed", "--users", "500", "--seed", "3", "--jdbc-url", stack.jdbcUrl()))
        .isZero();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void producerAndPipelineGoThroughSaslWithTheirPropertiesFiles() throws Exception {
    Path clientConfig = propertiesFile("client.properties", stack.kafkaClientProperties());
    assertThat(Files.readString(clientConfig))
        .contains("security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN");
    assertThat(
            cli(
                "produce",
                "--count",
                Integer.toString(RECORDS),
                "--rate",
                "unlimited",
                "--seed",
                "3",
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
                stack.jdbcUrl()))
        .isZero();

    PipelineResult pipeline =
        harness.startPipeline("kafka-sasl-it", "--kafkaConfigFile=" + clientConfig);
    try {
      StackHarness.awaitUntil(
          DEADLINE,
          RECORDS + " rows in transacoes",
          () -> harness.count("SELECT count(*) FROM transacoes") == RECORDS,
          () -> harness.progress(pipeline));
    } finally {
      pipeline.cancel();
    }
    assertThat(harness.count("SELECT count(*) FROM dead_letters")).isZero();
  }

  @Test
  void aWrongPasswordIsRefusedWithAnAuthenticationError() throws Exception {
    Map<String, Object> wrong =
        Map.of(
            "security.protocol",
            "SASL_PLAINTEXT",
            "sasl.mechanism",
            "PLAIN",
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"bankstream\" password=\"not-the-password\";");
    Path wrongConfig = propertiesFile("wrong.properties", wrong);

    StringWriter errors = new StringWriter();
    long start = System.nanoTime();
    int exit =
        ProducerCli.commandLine()
            .setOut(new PrintWriter(Writer.nullWriter()))
            .setErr(new PrintWriter(errors))
            .execute(
                "produce",
                "--count",
                "1",
                "--bootstrap-servers",
                stack.kafkaBootstrapServers(),
                "--topic",
                stack.topic(),
                "--kafka-config",
                wrongConfig.toString(),
                "--jdbc-url",
                stack.jdbcUrl());
    assertThat(exit).isNotZero();
    assertThat(errors.toString())
        .startsWith("error: Kafka at " + stack.kafkaBootstrapServers() + " refused authentication")
        .contains("Invalid username or password")
        .doesNotContain("Exception");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REFUSED_WITHIN);

    BankstreamOptions options =
        PipelineOptionsFactory.fromArgs(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--kafkaConfigFile=" + wrongConfig,
                "--jdbcUrl=" + stack.jdbcUrl(),
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort())
            .as(BankstreamOptions.class);
    options.setRunner(DirectRunner.class);
    long pipelineStart = System.nanoTime();
    assertThatThrownBy(() -> BankstreamPipeline.run(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Kafka at " + stack.kafkaBootstrapServers() + " refused authentication")
        .hasMessageContaining("Invalid username or password")
        .hasMessageContaining("--kafkaConfigFile")
        .hasMessageNotContaining("not-the-password");
    assertThat(Duration.ofNanos(System.nanoTime() - pipelineStart)).isLessThan(REFUSED_WITHIN);
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
