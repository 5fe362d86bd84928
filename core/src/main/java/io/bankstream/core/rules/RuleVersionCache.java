package io.bankstream.core.rules;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.retry.RetryPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules versions of one database, held in memory and reloaded whole every refresh interval by a
 * daemon thread of its own, so that no transaction queries for them and none is decided with
 * versions older than an interval (and a reload's time), quiet spells included. One per database,
 * start-up rules and JVM ({@link #shared}), as {@code UserProfileCache} is for profiles, and
 * hand-written for the same reason: the policy (never stop, keep the last good, say so once) is the
 * pipeline's own.
 *
 * <ul>
 *   <li>The table cannot be read (the database is down): the versions loaded before stay, one WARN
 *       when it starts and one INFO when it ends.
 *   <li>A version's content cannot be read as rules: that version is left out, so transactions in
 *       its time are decided by the version before it, as on every worker that reads the same row;
 *       one ERROR for it, and {@link #problems()} counts it once.
 *   <li>Nothing is loaded yet: every thread waits for the first load, however long the database
 *       takes to answer, as for the profiles; deciding meanwhile with the start-up rules would give
 *       a transaction another version than a replay gives it.
 * </ul>
 */
final class RuleVersionCache {

  private static final Logger LOG = LoggerFactory.getLogger(RuleVersionCache.class);
  private static final ConcurrentMap<String, RuleVersionCache> SHARED = new ConcurrentHashMap<>();

  /** Rows refused since this JVM started, each counted once: a gauge for the pipeline. */
  private static final AtomicLong PROBLEMS = new AtomicLong();

  private final PostgresConfig config;
  private final long refreshNanos;
  private final ReentrantLock reloading = new ReentrantLock();
  private final Map<Integer, RuleVersion> parsed = new HashMap<>();
  private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
  private volatile RuleVersions versions;
  private volatile boolean failing;
  private volatile boolean loaded;

  /** The first load waits for the database as long as it takes: nothing can be decided before. */
  private static final RetryPolicy FIRST_LOAD =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofDays(365));

  private RuleVersionCache(PostgresConfig config, RulesConfig startup, Duration refresh) {
    this.config = config;
    this.refreshNanos = refresh.toNanos();
    this.versions = RuleVersions.only(startup);
  }

  static RuleVersionCache shared(PostgresConfig config, RulesConfig startup, Duration refresh) {
    return SHARED.computeIfAbsent(
        config.jdbcUrl() + "|" + config.user() + "|" + startup.hashCode(),
        key -> new RuleVersionCache(config, startup, refresh));
  }

  /** How many version rows this JVM refused as unreadable. */
  static long problems() {
    return PROBLEMS.get();
  }

  RuleVersions current() {
    if (!loaded) {
      loadFirst();
    }
    return versions;
  }

  /**
   * Reloads every refresh interval on a daemon thread of its own, traffic or not: a reload made
   * only when a transaction asks would, after a quiet spell, let the first transactions past a new
   * version's effective time be decided by the versions loaded before it.
   */
  private void startReloading() {
    ScheduledExecutorService reloader =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bankstream-rules-reload");
              thread.setDaemon(true);
              return thread;
            });
    reloader.scheduleWithFixedDelay(
        () -> {
          try {
            reload();
          } catch (RuntimeException e) {
            LOG.error("Reloading the rules versions failed; trying again", e);
          }
        },
        refreshNanos,
        refreshNanos,
        TimeUnit.NANOSECONDS);
  }

  /** The first load: every thread waits for it, retried until the database answers. */
  private void loadFirst() {
    reloading.lock();
    try {
      if (loaded) {
        return;
      }
      List<RuleVersionStore.Stored> rows =
          FIRST_LOAD.run(
              "load the rules versions from " + config.jdbcUrlRedacted(),
              this::readAll,
              SQLException.class,
              error -> true,
              error -> " (" + PostgresConfig.redact(error.getMessage()) + ")",
              () -> {});
      apply(rows);
      loaded = true;
      startReloading();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load the rules versions", e); // Not before a year.
    } finally {
      reloading.unlock();
    }
  }

  private List<RuleVersionStore.Stored> readAll() throws SQLException {
    try (Connection connection = config.connect()) {
      return RuleVersionStore.all(connection);
    }
  }

  private void reload() {
    List<RuleVersionStore.Stored> rows;
    try {
      rows = readAll();
    } catch (SQLException e) {
      if (!failing) {
        failing = true;
        LOG.warn(
            "Cannot read the rules versions from {} ({}); deciding with the {} loaded before"
                + " until it answers",
            config.jdbcUrlRedacted(),
            PostgresConfig.redact(e.getMessage()),
            versions.newest() == 0 ? "start-up rules" : "versions up to " + versions.newest());
      }
      return;
    }
    if (failing) {
      failing = false;
      LOG.info("The rules versions can be read again from {}", config.jdbcUrlRedacted());
    }
    apply(rows);
  }

  /** Makes the versions of {@code rows} current, each parsed once, an unreadable one left out. */
  private void apply(List<RuleVersionStore.Stored> rows) {
    List<RuleVersion> good = new ArrayList<>(rows.size());
    for (RuleVersionStore.Stored row : rows) {
      RuleVersion version = parsed.get(row.number());
      if (version == null && !refused.contains(row.number())) {
        try {
          version = new RuleVersion(row.number(), row.effectiveFrom(), row.rules());
          parsed.put(row.number(), version);
          if (versions.newest() > 0 || row.number() > 1) {
            LOG.info(
                "Rules version {} loaded: decides from {} (published by {}: {})",
                row.number(),
                row.effectiveFrom(),
                row.publishedBy(),
                row.comment());
          }
        } catch (RulesConfigException e) {
          refused.add(row.number());
          PROBLEMS.incrementAndGet();
          LOG.error(
              "Rules version {} cannot be used and is left out: transactions from {} are decided"
                  + " by the version before it ({})",
              row.number(),
              row.effectiveFrom(),
              e.getMessage());
        }
      }
      if (version != null) {
        good.add(version);
      }
    }
    List<RuleVersion> newestFirst = new ArrayList<>(good);
    Collections.reverse(newestFirst);
    if (!newestFirst.equals(versions.published())) {
      versions = RuleVersions.of(versions.startup().rules(), good);
    }
  }
}
