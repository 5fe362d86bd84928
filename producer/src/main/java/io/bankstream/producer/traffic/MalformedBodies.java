package io.bankstream.producer.traffic;

import static io.bankstream.model.json.TransactionCodec.AMOUNT_FIELD;
import static io.bankstream.model.json.TransactionCodec.CONTRACT_FIELDS;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_FIELD;
import static io.bankstream.model.json.TransactionCodec.MODALITY_FIELD;
import static io.bankstream.model.json.TransactionCodec.RECEIVER_FIELD;
import static io.bankstream.model.json.TransactionCodec.REGION_FIELD;
import static io.bankstream.producer.traffic.RawJson.fields;
import static io.bankstream.producer.traffic.RawJson.json;
import static io.bankstream.producer.traffic.RawJson.quote;

import io.bankstream.model.Transaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Builds the value bytes of each {@link MalformedKind} (except {@code UNKNOWN_USER}, which is a
 * valid encoding) from a valid transaction and its encoding. Fields are written as raw JSON
 * literals in contract order, in the same compact form as the codec's output, with one change.
 */
final class MalformedBodies {

  static final String UNKNOWN_REGION = "XX";
  static final String UNKNOWN_MODALITY = "CHEQUE";
  static final String LATIN1_REGION = "S\u00e3o Paulo";
  static final BigDecimal THIRD_DECIMAL = new BigDecimal("0.005");

  private MalformedBodies() {}

  /**
   * The value of a {@code kind} record derived from {@code base}, whose encoding is {@code valid}.
   */
  static byte[] body(MalformedKind kind, Transaction base, byte[] valid, Random random) {
    return switch (kind) {
      case BAD_JSON -> Arrays.copyOf(valid, random.nextInt(1, valid.length));
      case NOT_AN_OBJECT -> utf8("[" + new String(valid, StandardCharsets.UTF_8) + "]");
      case MISSING_FIELD -> {
        Map<String, String> fields = fields(base);
        fields.remove(CONTRACT_FIELDS.get(random.nextInt(CONTRACT_FIELDS.size())));
        yield utf8(json(fields));
      }
      case WRONG_TYPE -> with(base, AMOUNT_FIELD, quote(base.amount().toPlainString()));
      case UNKNOWN_REGION -> with(base, REGION_FIELD, quote(UNKNOWN_REGION));
      case UNKNOWN_MODALITY -> with(base, MODALITY_FIELD, quote(UNKNOWN_MODALITY));
      case NEGATIVE_AMOUNT -> with(base, AMOUNT_FIELD, base.amount().negate().toPlainString());
      case ZERO_AMOUNT -> with(base, AMOUNT_FIELD, "0.00");
      case THREE_DECIMALS ->
          with(base, AMOUNT_FIELD, base.amount().add(THIRD_DECIMAL).toPlainString());
      case SAME_PAYER_AND_RECEIVER -> with(base, RECEIVER_FIELD, quote(base.payerId().toString()));
      case EPOCH_SECONDS ->
          with(
              base,
              EVENT_TIME_FIELD,
              Long.toString(base.eventTime().toEpochMilli() / Duration.ofSeconds(1).toMillis()));
      case NOT_UTF8 -> {
        Map<String, String> fields = fields(base);
        fields.put(REGION_FIELD, quote(LATIN1_REGION));
        yield json(fields).getBytes(StandardCharsets.ISO_8859_1);
      }
      case UNKNOWN_USER ->
          throw new IllegalArgumentException("UNKNOWN_USER is a valid encoding, not a body");
    };
  }

  private static byte[] with(Transaction base, String field, String rawValue) {
    Map<String, String> fields = fields(base);
    fields.put(field, rawValue);
    return utf8(json(fields));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
