package io.bankstream.producer.traffic;

import static io.bankstream.model.json.TransactionCodec.AMOUNT_FIELD;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_FIELD;
import static io.bankstream.model.json.TransactionCodec.ID_FIELD;
import static io.bankstream.model.json.TransactionCodec.MODALITY_FIELD;
import static io.bankstream.model.json.TransactionCodec.PAYER_FIELD;
import static io.bankstream.model.json.TransactionCodec.RECEIVER_FIELD;
import static io.bankstream.model.json.TransactionCodec.REGION_FIELD;

import io.bankstream.model.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction as raw JSON literals by field, to be broken on purpose and written back: what the
 * malformed records and the fuzzer start from. By hand because Jackson would refuse to write most
 * of what they make of it (raw literals that are not JSON, repeated keys).
 */
public final class RawJson {

  private RawJson() {}

  /** The seven fields of {@code t} as raw JSON literals, in contract order. */
  public static Map<String, String> fields(Transaction t) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ID_FIELD, quote(t.id().toString()));
    fields.put(PAYER_FIELD, quote(t.payerId().toString()));
    fields.put(RECEIVER_FIELD, quote(t.receiverId().toString()));
    fields.put(REGION_FIELD, quote(t.region().code()));
    fields.put(MODALITY_FIELD, quote(t.modality().name()));
    fields.put(EVENT_TIME_FIELD, Long.toString(t.eventTime().toEpochMilli()));
    fields.put(AMOUNT_FIELD, t.amount().toPlainString());
    return fields;
  }

  /** An object of {@code fields}, each value written as it is. */
  public static String json(Map<String, String> fields) {
    StringBuilder out = new StringBuilder(256).append('{');
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(field.getKey())).append(':').append(field.getValue());
    }
    return out.append('}').toString();
  }

  /** A JSON string literal; the values quoted here never need escaping. */
  public static String quote(String text) {
    return '"' + text + '"';
  }
}
