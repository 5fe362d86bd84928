package io.bankstream.core.rules;

import io.bankstream.core.postgres.PostgresConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules versions of one database through the JVM's shared, periodically reloaded {@link
 * RuleVersionCache}, over the rules the pipeline was started with (version 0).
 */
public final class PostgresRulesSource implements RulesSource {

  private static final long serialVersionUID = 1L;

  private final PostgresConfig config;
  private final RulesConfig startup;
  private final Duration refreshInterval;
  private transient volatile RuleVersionCache cache;

  /**
   * @param config the database holding {@code versoes_regras}
   * @param startup the rules the pipeline was started with: version 0
   * @param refreshInterval how often the versions are reloaded, at most {@link
   *     RuleVersions#MAX_REFRESH}
   */
  public PostgresRulesSource(PostgresConfig config, RulesConfig startup, Duration refreshInterval) {
    this.config = Objects.requireNonNull(config, "config");
    this.startup = Objects.requireNonNull(startup, "startup");
    if (refreshInterval.isNegative()
        || refreshInterval.isZero()
        || refreshInterval.compareTo(RuleVersions.MAX_REFRESH) > 0) {
      throw new IllegalArgumentException(
          "the rules refresh interval must be more than 0 and at most "
              + RuleVersions.MAX_REFRESH.toMillis()
              + " ms, was "
              + refreshInterval.toMillis()
              + " ms");
    }
    this.refreshInterval = refreshInterval;
  }

  /** How many version rows this JVM left out as unreadable, each once. */
  public static long refusedVersions() {
    return RuleVersionCache.problems();
  }

  @Override
  public RuleVersions current() {
    RuleVersionCache shared = cache;
    if (shared == null) {
      shared = RuleVersionCache.shared(config, startup, refreshInterval);
      cache = shared;
    }
    return shared.current();
  }
}
