package io.bankstream.pipeline;

import io.bankstream.core.profiles.ProfileLookup;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Profiles from a map: a stand-in for PostgreSQL in tests of the pipeline's own logic. */
final class InMemoryProfileLookup implements ProfileLookup {

  private static final long serialVersionUID = 1L;

  private final HashMap<UUID, LedgerEntry> profiles = new HashMap<>();

  InMemoryProfileLookup(UserProfile... users) {
    for (UserProfile user : users) {
      profiles.put(user.id(), new LedgerEntry(user, BigDecimal.ZERO));
    }
  }

  Map<UUID, LedgerEntry> profiles() {
    return profiles;
  }

  @Override
  public Optional<LedgerEntry> find(UUID userId) {
    return Optional.ofNullable(profiles.get(userId));
  }
}
