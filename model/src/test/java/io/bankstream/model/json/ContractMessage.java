package io.bankstream.model.json;

import static io.bankstream.model.json.TransactionCodec.AMOUNT_FIELD;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_FIELD;
import static io.bankstream.model.json.TransactionCodec.ID_FIELD;
import static io.bankstream.model.json.TransactionCodec.MODALITY_FIELD;
import static io.bankstream.model.json.TransactionCodec.PAYER_FIELD;
import static io.bankstream.model.json.TransactionCodec.RECEIVER_FIELD;
import static io.bankstream.model.json.TransactionCodec.REGION_FIELD;

import io.bankstream.model.TransactionFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds JSON message text for codec tests, written the way the seed's Python producer wrote it
 * ({@code ", "} and {@code ": "} separators). Values are raw JSON fragments, so a test can put any
 * type, or broken JSON, in any field.
 */
final class ContractMessage {

  private final Map<String, String> fields = new LinkedHashMap<>();

  private ContractMessage() {}

  /** A valid message for {@link TransactionFixtures#aTransaction()}'s defaults. */
  static ContractMessage valid() {
    return new ContractMessage()
        .withString(ID_FIELD, TransactionFixtures.TRANSACTION_ID.toString())
        .withString(PAYER_FIELD, TransactionFixtures.PAYER_ID.toString())
        .withString(RECEIVER_FIELD, TransactionFixtures.RECEIVER_ID.toString())
        .withString(REGION_FIELD, "SP")
        .withString(MODALITY_FIELD, "PIX")
        .with(EVENT_TIME_FIELD, Long.toString(TransactionFixtures.EVENT_TIME.toEpochMilli()))
        .with(AMOUNT_FIELD, "150.00");
  }

  /** Sets {@code field} to the raw JSON {@code rawJson}, keeping its position if it exists. */
  ContractMessage with(String field, String rawJson) {
    fields.put(field, rawJson);
    return this;
  }

  /** Sets {@code field} to the JSON string {@code text} (no escaping: test values are plain). */
  ContractMessage withString(String field, String text) {
    return with(field, '"' + text + '"');
  }

  ContractMessage without(String field) {
    fields.remove(field);
    return this;
  }

  String json() {
    return fields.entrySet().stream()
        .map(e -> '"' + e.getKey() + "\": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public String toString() {
    return json();
  }
}
