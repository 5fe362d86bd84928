package io.bankstream.producer.cli;

import io.bankstream.model.net.Tls;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to talk to it: a picocli mixin. TLS and SASL settings pass through
 * unchanged from {@code --kafka-config} (a properties file, the place for secrets) or {@code
 * --kafka-property}.
 */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "<host:port,...>",
      defaultValue = "${env:BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description =
          "Kafka bootstrap servers (env BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "<name>",
      defaultValue = "${env:BANKSTREAM_TOPIC:-bank_transactions}",
      description = "Topic to publish to (env BANKSTREAM_TOPIC; default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--kafka-config",
      paramLabel = "<file>",
      defaultValue = "${env:BANKSTREAM_KAFKA_CONFIG}",
      description =
          "Kafka client properties file, e.g. security.protocol, ssl.*, sasl.* (env"
              + " BANKSTREAM_KAFKA_CONFIG).")
  Path configFile;

  @Option(
      names = "--kafka-property",
      paramLabel = "<key=value>",
      description = "One more Kafka client property; repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = "--connect-timeout",
      paramLabel = "<duration>",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long to wait for Kafka to answer before giving up (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  public String topic() {
    return topic;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client properties: the file, then the flags, then the bootstrap servers. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (configFile != null) {
      Properties fromFile = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile)) {
        fromFile.load(reader);
      } catch (IOException e) {
        throw new CliException("cannot read --kafka-config " + configFile + ": " + e, e);
      }
      fromFile.forEach((key, value) -> config.put(key.toString(), value));
    }
    config.putAll(properties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /**
   * Checks within {@code --connect-timeout} that the cluster answers and the topic exists, and
   * returns its partition count; otherwise throws a {@link CliException} saying which.
   */
  public int awaitTopic() {
    Map<String, Object> config = new LinkedHashMap<>(clientProperties());
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
      Set<String> topics =
          admin.listTopics().names().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!topics.contains(topic)) {
        throw new CliException(
            "topic '"
                + topic
                + "' does not exist at "
                + bootstrapServers
                + "; create it, or choose another with --topic");
      }
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException e) {
      Optional<String> tls = Tls.failure(e.getCause());
      if (tls.isPresent()) {
        throw new CliException(
            "TLS with Kafka at "
                + bootstrapServers
                + " failed: "
                + tls.get()
                + " (check the ssl.* settings of --kafka-config and the host names of"
                + " --bootstrap-servers)",
            e);
      }
      if (e.getCause() instanceof AuthenticationException
          || e.getCause() instanceof AuthorizationException) {
        throw new CliException(
            "Kafka at "
                + bootstrapServers
                + " refused authentication: "
                + e.getCause().getMessage()
                + " (check security.protocol and the sasl.* or ssl.* settings of --kafka-config)",
            e);
      }
      throw unreachable(e);
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while connecting to Kafka", e);
    }
  }

  private CliException unreachable(Exception e) {
    return new CliException(
        "cannot reach Kafka at "
            + bootstrapServers
            + " within "
            + DurationConverter.format(connectTimeout)
            + " (is it running? see --bootstrap-servers)",
        e);
  }
}
