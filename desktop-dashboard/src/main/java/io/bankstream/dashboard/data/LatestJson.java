package io.bankstream.dashboard.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON of one transaction of the latest lists ({@code
 * bankstream:latest:transactions:data}, {@code bankstream:latest:rejections:data}) into a {@link
 * RecentTransaction}: {@code id}, {@code payer}, {@code receiver}, {@code region}, {@code
 * modality}, {@code event_time}, {@code amount}, {@code approved} and {@code decided_at} are
 * required; {@code reasons} is empty when absent; {@code risk_score} is null when absent or null.
 * Amounts keep their decimals exactly ({@code 150.00} stays {@code 150.00}).
 */
final class LatestJson {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // Keep 150.00 as written rather than normalised to 1.5E+2.
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private LatestJson() {}

  /**
   * The transaction {@code json} describes.
   *
   * @throws MalformedEntryException when it is not a JSON object, or a field is missing or of the
   *     wrong type
   */
  static RecentTransaction parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedEntryException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedEntryException("not a JSON object");
    }
    return new RecentTransaction(
        text(node, "id"),
        text(node, "payer"),
        text(node, "receiver"),
        text(node, "region"),
        text(node, "modality"),
        instant(node, "event_time"),
        amount(node),
        bool(node, "approved"),
        reasons(node),
        riskScore(node),
        instant(node, "decided_at"));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedEntryException("field " + field + " is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new MalformedEntryException("field " + field + " is not a non-blank string");
    }
    return value.textValue();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new MalformedEntryException("field " + field + " is not an instant: '" + value + "'");
    }
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isBoolean()) {
      throw new MalformedEntryException("field " + field + " is not a boolean");
    }
    return value.booleanValue();
  }

  private static BigDecimal amount(JsonNode node) {
    JsonNode value = required(node, "amount");
    if (!value.isNumber()) {
      throw new MalformedEntryException("field amount is not a number");
    }
    return value.decimalValue();
  }

  private static List<String> reasons(JsonNode node) {
    JsonNode value = node.get("reasons");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new MalformedEntryException("field reasons is not an array");
    }
    List<String> reasons = new ArrayList<>(value.size());
    for (JsonNode reason : value) {
      if (!reason.isTextual()) {
        throw new MalformedEntryException("field reasons holds a non-string");
      }
      reasons.add(reason.textValue());
    }
    return reasons;
  }

  private static Double riskScore(JsonNode node) {
    JsonNode value = node.get("risk_score");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw new MalformedEntryException("field risk_score is not a number");
    }
    return value.doubleValue();
  }
}
