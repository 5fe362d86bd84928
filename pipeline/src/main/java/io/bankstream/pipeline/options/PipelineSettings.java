package io.bankstream.pipeline.options;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.core.startup.Startup;
import io.bankstream.pipeline.source.SourcePayloadDeserializer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(PipelineSettings.class);

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
    Startup.requireAtLeast("statusEverySeconds", options.getStatusEverySeconds(), 0);
    Startup.requireAtLeast("metricsPort", options.getMetricsPort(), 0);
    if (options.getMetricsPort() > 65_535) {
      throw new IllegalArgumentException(
          "--metricsPort must be at most 65535, was " + options.getMetricsPort());
    }
    String password =
        Startup.databasePassword(options.getJdbcUrl(), path(options.getDbPasswordFile()));
    PostgresConfig postgres =
        new PostgresConfig(
            options.getJdbcUrl(), options.getDbUser(), password, options.getMaxPoolSize());
    Startup.requireAtLeast("windowSeconds", options.getWindowSeconds(), 1);
    Startup.requireAtLeast("earlyFiringSeconds", options.getEarlyFiringSeconds(), 1);
    Startup.requireAtLeast("latestCap", options.getLatestCap(), 1);
    Startup.requireAtLeast("allowedLatenessMinutes", options.getAllowedLatenessMinutes(), 0);
    Startup.requireAtLeast("seedRedisRecent", options.getSeedRedisRecent(), 1);
    Startup.requireAtLeast("seedRedisTtlMinutes", options.getSeedRedisTtlMinutes(), 1);
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
            0,
            Startup.redisCaFile(
                path(blankIsNull(options.getRedisCaFile())), options.getRedisSsl()));
    Map<String, Object> kafkaClientConfig =
        Startup.kafkaClientConfig(path(options.getKafkaConfigFile()));
    Map<String, Object> consumerConfig = new HashMap<>(kafkaClientConfig);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, options.getConsumerGroup());
    consumerConfig.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, Startup.startFrom(options.getStartFrom()));
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(
        SourcePayloadDeserializer.NAIVE_ZONE_CONFIG,
        Startup.zone("naiveTimeZone", options.getNaiveTimeZone()).getId());
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

  /**
   * Publishes the start-up rules as version 1, deciding from the start, when {@code versoes_regras}
   * holds no version yet (the first pipeline on a database), so that the rules every decision names
   * are in the table and {@code rules rollback 1} restores them. When versions exist, they decide,
   * and a rules file or profile given to this pipeline only decides where none is in force: said
   * once here.
   */
  public void publishFirstRulesVersion(BankstreamOptions options) {
    String source =
        (options.getRulesFile() == null ? "the bundled defaults" : options.getRulesFile())
            + (options.getRulesProfile() == null ? "" : ", profile " + options.getRulesProfile());
    try (Connection connection = postgres.connect()) {
      Optional<RuleVersionStore.Stored> first =
          RuleVersionStore.publishFirstIfNone(
              connection,
              RulesDocument.yaml(rules),
              "pipeline start-up",
              "the rules the first pipeline started with: " + source);
      if (first.isPresent()) {
        LOG.info("Rules version 1 published from {}", source);
      } else if (options.getRulesFile() != null || options.getRulesProfile() != null) {
        LOG.warn(
            "Rules versions exist in versoes_regras and decide; {} is used only where none is in"
                + " force. Publish it with ./bankstream rules push",
            source);
      }
    } catch (SQLException e) {
      throw new Startup.UnavailableException(
          "cannot publish the start-up rules as version 1 to "
              + postgres.jdbcUrlRedacted()
              + ": "
              + PostgresConfig.redact(e.getMessage()),
          e);
    }
  }

  private static String blankIsNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Path path(String file) {
    return file == null ? null : Path.of(file);
  }
}
