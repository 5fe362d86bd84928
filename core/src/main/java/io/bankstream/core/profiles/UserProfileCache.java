package io.bankstream.core.profiles;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user profile of one database, held in memory and reloaded whole every refresh interval, so
 * that enrichment never queries per record. A lookup that misses reloads at most once a second,
 * which lets users seeded while the pipeline runs be found within a second without letting unknown
 * payers turn into a query each.
 *
 * <p>One cache per database and JVM, shared by every DoFn instance ({@link #shared}): a runner
 * starts many instances per worker, and each loading its own copy of the table would multiply the
 * memory and the load on the database. Hand-written because the refresh-on-miss policy is the
 * pipeline's own; it holds no connection between reloads.
 */
final class UserProfileCache {

  private static final Logger LOG = LoggerFactory.getLogger(UserProfileCache.class);
  private static final ConcurrentMap<String, UserProfileCache> SHARED = new ConcurrentHashMap<>();
  private static final Duration MISS_RELOAD_INTERVAL = Duration.ofSeconds(1);

  /** The first load waits for the database as long as it takes: there is nothing to serve yet. */
  private static final RetryPolicy FIRST_LOAD =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofDays(365));

  private final PostgresConfig config;
  private final long refreshNanos;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Map<UUID, LedgerEntry> users;
  private volatile long loadedAtNanos;

  private UserProfileCache(PostgresConfig config, Duration refreshInterval) {
    this.config = config;
    this.refreshNanos = refreshInterval.toNanos();
  }

  /** The cache of {@code config}'s database in this JVM. */
  static UserProfileCache shared(PostgresConfig config, Duration refreshInterval) {
    return SHARED.computeIfAbsent(
        config.jdbcUrl() + "|" + config.user(),
        key -> new UserProfileCache(config, refreshInterval));
  }

  Optional<LedgerEntry> find(UUID id) {
    reloadIfOlderThan(refreshNanos);
    LedgerEntry profile = users.get(id);
    if (profile == null && reloadIfOlderThan(MISS_RELOAD_INTERVAL.toNanos())) {
      profile = users.get(id);
    }
    return Optional.ofNullable(profile);
  }

  /** Reloads when the data is older than {@code maxAgeNanos}; true if this call reloaded. */
  private boolean reloadIfOlderThan(long maxAgeNanos) {
    if (users != null && System.nanoTime() - loadedAtNanos < maxAgeNanos) {
      return false;
    }
    if (users == null) {
      reloading.lock(); // Nothing to serve yet: everyone waits for the first load.
    } else if (!reloading.tryLock()) {
      return false; // Another thread is reloading; serve what we have.
    }
    try {
      if (users != null && System.nanoTime() - loadedAtNanos < maxAgeNanos) {
        return false;
      }
      load();
      return true;
    } finally {
      reloading.unlock();
    }
  }

  private void load() {
    if (users != null) {
      try {
        loadOnce();
      } catch (SQLException e) {
        LOG.warn(
            "Reloading user profiles from {} failed ({}); serving the {} loaded before",
            config.jdbcUrlRedacted(),
            PostgresConfig.redact(e.getMessage()),
            users.size());
        loadedAtNanos = System.nanoTime(); // Try again after a refresh interval.
      }
      return;
    }
    // Nothing to serve yet: wait for the database, however long it takes to come up.
    try {
      FIRST_LOAD.run(
          "load user profiles from " + config.jdbcUrlRedacted(),
          () -> {
            loadOnce();
            return null;
          },
          SQLException.class,
          error -> true,
          error -> " (" + PostgresConfig.redact(error.getMessage()) + ")",
          () -> {});
    } catch (SQLException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("interrupted while loading user profiles", e);
      }
      throw new IllegalStateException("cannot load user profiles", e); // Not before a year.
    }
  }

  private void loadOnce() throws SQLException {
    try (Connection connection = config.connect()) {
      List<LedgerEntry> all = UserProfiles.loadLedger(connection);
      Map<UUID, LedgerEntry> byId = new HashMap<>(all.size() * 2);
      all.forEach(entry -> byId.put(entry.user().id(), entry));
      users = byId;
      loadedAtNanos = System.nanoTime();
    }
  }
}
