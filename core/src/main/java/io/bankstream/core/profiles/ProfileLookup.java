package io.bankstream.core.profiles;

import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.Serializable;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a user's profile, with the ledger's total debited, by id; serializable so a DoFn can carry
 * it to the workers.
 */
public interface ProfileLookup extends Serializable {

  /** The profile of {@code userId}, or empty when there is no such user. */
  Optional<LedgerEntry> find(UUID userId);
}
