package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.OperationsSource;
import io.bankstream.dashboard.data.PostgresHistorySource;
import io.bankstream.dashboard.data.PostgresOperationsSource;
import io.bankstream.dashboard.data.RedisLiveSource;
import io.bankstream.dashboard.settings.ConnectionSettings;
import io.bankstream.model.stats.RedisKeys;

/**
 * The real data sources the app opens for a {@link ConnectionSettings}: {@link DashboardMain} and
 * {@link DashboardApp} hand {@code Sources::live}, {@code Sources::history} and {@code
 * Sources::operations} to the {@link Dashboard}. Both are called on a view's reader thread (never
 * the UI thread), once per settings applied, and may block (connect, read a password file); a
 * runtime exception shows as "disconnected" with its message and is retried with backoff. The
 * dashboard closes what they return.
 */
public final class Sources {

  private Sources() {}

  /** The live statistics of {@code settings}' Redis, under the default key prefix. */
  public static LiveSource live(ConnectionSettings settings) {
    return new RedisLiveSource(
        settings.redisHost(),
        settings.redisPort(),
        settings.redisPasswordResolved(),
        settings.redisSsl(),
        settings.redisCaFile(),
        RedisKeys.DEFAULT);
  }

  /** The dead letters and rules versions of {@code settings}' PostgreSQL, read-only. */
  public static OperationsSource operations(ConnectionSettings settings) {
    return new PostgresOperationsSource(
        settings.jdbcUrl(), settings.dbUser(), settings.databasePassword());
  }

  /** The history of {@code settings}' PostgreSQL, read through a read-only pool. */
  public static HistorySource history(ConnectionSettings settings) {
    return new PostgresHistorySource(
        settings.jdbcUrl(), settings.dbUser(), settings.databasePassword());
  }
}
