package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readNullableDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeNullableDecimal;

import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link LedgerEntry}: the user with {@link UserProfileCoder} (required: an entry is a
 * user's), then the ledger total as a nullable decimal (the record does not forbid null).
 * Deterministic and consistent with equals.
 */
public final class LedgerEntryCoder extends RecordCoder<LedgerEntry> {

  private static final long serialVersionUID = 1L;
  private static final LedgerEntryCoder INSTANCE = new LedgerEntryCoder();
  private static final UserProfileCoder USER = UserProfileCoder.of();

  private LedgerEntryCoder() {
    super("LedgerEntry");
  }

  public static LedgerEntryCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(LedgerEntry value, OutputStream out) throws IOException {
    USER.encode(value.user(), out);
    writeNullableDecimal(value.totalDebited(), out);
  }

  @Override
  public LedgerEntry decode(InputStream in) throws IOException {
    return new LedgerEntry(USER.decode(in), readNullableDecimal(in));
  }
}
