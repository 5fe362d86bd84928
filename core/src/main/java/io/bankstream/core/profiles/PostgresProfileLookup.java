package io.bankstream.core.profiles;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Finds profiles in {@code usuarios} through the JVM's shared, periodically reloaded cache. */
public final class PostgresProfileLookup implements ProfileLookup {

  private static final long serialVersionUID = 1L;

  private final PostgresConfig config;
  private final Duration refreshInterval;

  public PostgresProfileLookup(PostgresConfig config, Duration refreshInterval) {
    this.config = config;
    this.refreshInterval = refreshInterval;
  }

  @Override
  public Optional<LedgerEntry> find(UUID userId) {
    return UserProfileCache.shared(config, refreshInterval).find(userId);
  }
}
