package io.bankstream.model;

import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.Serializable;
import java.util.Objects;

/**
 * A transaction that met the contract, with the Kafka record it came from; after enrichment, also
 * its payer's profile and ledger total as the database held them (null before).
 */
public record ParsedTransaction(Transaction transaction, SourceRecord source, LedgerEntry payer)
    implements Serializable {

  public ParsedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(source, "source");
  }

  /** This transaction with its payer's profile. */
  public ParsedTransaction withPayer(LedgerEntry profile) {
    return new ParsedTransaction(transaction, source, profile);
  }
}
