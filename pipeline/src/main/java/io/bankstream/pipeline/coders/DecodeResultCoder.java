package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBoolean;
import static io.bankstream.pipeline.coders.Encodings.readEnum;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeBoolean;
import static io.bankstream.pipeline.coders.Encodings.writeEnum;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.json.DecodeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes a {@link DecodeResult}: a boolean "valid", then the transaction with {@link
 * TransactionCoder}, or the violation's field, reason (by name) and message. What the codec decided
 * travels as it is, so no step downstream parses the JSON again. Deterministic and consistent with
 * equals.
 */
public final class DecodeResultCoder extends RecordCoder<DecodeResult> {

  private static final long serialVersionUID = 1L;
  private static final DecodeResultCoder INSTANCE = new DecodeResultCoder();
  private static final TransactionCoder TRANSACTION = TransactionCoder.of();

  private DecodeResultCoder() {
    super("DecodeResult");
  }

  public static DecodeResultCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(DecodeResult value, OutputStream out) throws IOException {
    if (value instanceof DecodeResult.Valid valid) {
      writeBoolean(true, out);
      TRANSACTION.encode(valid.transaction(), out);
    } else {
      ContractViolation violation = ((DecodeResult.Invalid) value).violation();
      writeBoolean(false, out);
      writeString(violation.field(), out);
      writeEnum(violation.reason(), out);
      writeString(violation.message(), out);
    }
  }

  @Override
  public DecodeResult decode(InputStream in) throws IOException {
    if (readBoolean(in)) {
      return DecodeResult.valid(TRANSACTION.decode(in));
    }
    try {
      return DecodeResult.invalid(
          new ContractViolation(
              readString(in), readEnum(ContractViolation.Reason.class, in), readString(in)));
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid ContractViolation: " + e.getMessage(), e);
    }
  }
}
