package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBoolean;
import static io.bankstream.pipeline.coders.Encodings.writePresence;

import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link ParsedTransaction}: the transaction with {@link TransactionCoder}, its record
 * with {@link SourceRecordCoder}, then the payer's ledger entry with {@link LedgerEntryCoder}
 * behind a presence flag (null before enrichment). Deterministic and consistent with equals.
 */
public final class ParsedTransactionCoder extends RecordCoder<ParsedTransaction> {

  private static final long serialVersionUID = 1L;
  private static final ParsedTransactionCoder INSTANCE = new ParsedTransactionCoder();
  private static final TransactionCoder TRANSACTION = TransactionCoder.of();
  private static final SourceRecordCoder SOURCE = SourceRecordCoder.of();
  private static final LedgerEntryCoder PAYER = LedgerEntryCoder.of();

  private ParsedTransactionCoder() {
    super("ParsedTransaction");
  }

  public static ParsedTransactionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(ParsedTransaction value, OutputStream out) throws IOException {
    TRANSACTION.encode(value.transaction(), out);
    SOURCE.encode(value.source(), out);
    if (writePresence(value.payer(), out)) {
      PAYER.encode(value.payer(), out);
    }
  }

  @Override
  public ParsedTransaction decode(InputStream in) throws IOException {
    Transaction transaction = TRANSACTION.decode(in);
    SourceRecord source = SOURCE.decode(in);
    LedgerEntry payer = readBoolean(in) ? PAYER.decode(in) : null;
    return new ParsedTransaction(transaction, source, payer);
  }
}
