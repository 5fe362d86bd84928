package io.bankstream.pipeline.options;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.core.startup.Startup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The pipeline's options checked and resolved, once for {@code run} and {@code build}: the rules
 * loaded, the passwords found (through {@link Startup}'s helpers, as every entry point finds them),
 * Kafka's client settings read and the consumer configured. An option that cannot work is refused
 * with an {@link IllegalArgumentException} naming it.
 *
 * @param kafkaClientConfig the properties of {@code --kafkaConfigFile}, for every Kafka client
 * @param consumerConfig the reader's settings: the client's, the group, where to start, no
 *     auto-commit
 */
public record PipelineSettings(
    RulesConfig rules,
    PostgresConfig postgres,
    RedisConfig redis,
    Map<String, Object> kafkaClientConfig,
    Map<String, Object> consumerConfig) {

  /** Checks and resolves {@code options}. */
  public static PipelineSettings from(BankstreamOptions options) {
    RulesConfig rules =
        options.getRulesFile() == null
            ? RulesConfig.defaults()
            : RulesLoader.load(Path.of(options.getRulesFile()));
    if (options.getRulesProfile() != null) {
      rules = rules.withProfile(options.getRulesProfile());
    }
    Startup.requireAtLeast("writeBatchSize", options.getWriteBatchSize(), 1);
    Startup.requireAtLeast("maxPoolSize", options.getMaxPoolSize(), 1);
    Startup.requireAtLeast("profileRefreshSeconds", options.getProfileRefreshSeconds(), 1);
    Startup.requireAtLeast("maxOutOfOrdernessSeconds", options.getMaxOutOfOrdernessSeconds(), 0);
    String password =
        Startup.databasePassword(options.getJdbcUrl(), path(options.getDbPasswordFile()));
    PostgresConfig postgres =
        new PostgresConfig(
            options.getJdbcUrl(), options.getDbUser(), password, options.getMaxPoolSize());
    Startup.requireAtLeast("windowSeconds", options.getWindowSeconds(), 1);
    Startup.requireAtLeast("earlyFiringSeconds", options.getEarlyFiringSeconds(), 1);
    Startup.requireAtLeast("latestCap", options.getLatestCap(), 1);
    Startup.requireAtLeast("allowedLatenessMinutes", options.getAllowedLatenessMinutes(), 0);
    Startup.requireTtlOutlastsWindows(
        options.getWindowSeconds(),
        options.getAllowedLatenessMinutes(),
        options.getStatsTtlMinutes());
    RedisConfig redis =
        new RedisConfig(
            options.getRedisHost(),
            options.getRedisPort(),
            Startup.redisPassword(path(options.getRedisPasswordFile())),
            options.getRedisSsl(),
            0);
    Map<String, Object> kafkaClientConfig =
        Startup.kafkaClientConfig(path(options.getKafkaConfigFile()));
    Map<String, Object> consumerConfig = new HashMap<>(kafkaClientConfig);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, options.getConsumerGroup());
    consumerConfig.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, Startup.startFrom(options.getStartFrom()));
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new PipelineSettings(rules, postgres, redis, kafkaClientConfig, consumerConfig);
  }

  /** The start-up of the pipeline of {@code options}, with these settings' connections. */
  public Startup startup(BankstreamOptions options) {
    return new Startup(
        options.getBootstrapServers(),
        kafkaClientConfig,
        options.getTopic(),
        options.getConsumerGroup(),
        redis,
        postgres);
  }

  private static Path path(String file) {
    return file == null ? null : Path.of(file);
  }
}
