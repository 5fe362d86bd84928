package io.bankstream.core.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bankstream.model.PaymentModality;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RulesConfig} written out as a complete rules document, every key given, in the layout
 * {@link RulesLoader} reads ({@code RulesLoader.fromYaml(yaml(config))} gives {@code config} back),
 * and two of them compared field by field. The pipeline publishes its start-up rules with it, and
 * {@code rules show} and {@code rules diff} print with it.
 */
public final class RulesDocument {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RulesDocument() {}

  /**
   * One difference between two rules documents.
   *
   * @param field the field's path, e.g. {@code pixNoturno.limit} or {@code limits[0].max}
   * @param before its value in the first, or null if it has none
   * @param after its value in the second, or null if it has none
   */
  public record Change(String field, String before, String after) {}

  /** {@code config} as a complete YAML rules document. */
  public static String yaml(RulesConfig config) {
    try {
      return YAML.writeValueAsString(tree(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a rules tree always writes", e);
    }
  }

  /**
   * Every field of {@code config} by its path, in document order, each value as written; an
   * aggregate limit is one field, {@code limits.<CODE>}, its value the limit in one line ({@code
   * count over 1m above 4, ANY: what it is for}), so a diff names limits added, removed or changed
   * by their codes rather than by their places in the list.
   */
  public static Map<String, String> fields(RulesConfig config) {
    Map<String, String> fields = new LinkedHashMap<>();
    ObjectNode tree = tree(config);
    tree.remove("limits");
    flatten(tree, "", fields);
    if (config.limits().isEmpty()) {
      fields.put("limits", "[]");
    }
    for (RulesConfig.AggregateLimit limit : config.limits()) {
      fields.put("limits." + limit.code(), line(limit));
    }
    return fields;
  }

  /** {@code sum over 1h above 20000.00, PIX: what it is for}. */
  static String line(RulesConfig.AggregateLimit limit) {
    return limit.measure().id()
        + " over "
        + duration(limit.window())
        + " above "
        + limit.max().toPlainString()
        + ", "
        + limit.modality()
        + (limit.description().isEmpty() ? "" : ": " + limit.description());
  }

  /** What changed from {@code before} to {@code after}, field by field, in document order. */
  public static List<Change> diff(RulesConfig before, RulesConfig after) {
    Map<String, String> from = fields(before);
    Map<String, String> to = fields(after);
    List<Change> changes = new ArrayList<>();
    from.forEach(
        (field, value) -> {
          String next = to.get(field);
          if (!Objects.equals(value, next)) {
            changes.add(new Change(field, value, next));
          }
        });
    to.forEach(
        (field, value) -> {
          if (!from.containsKey(field)) {
            changes.add(new Change(field, null, value));
          }
        });
    return changes;
  }

  static ObjectNode tree(RulesConfig config) {
    ObjectNode root = NODES.objectNode();
    root.put("profile", config.profile().id());
    ObjectNode pix = root.putObject("pixNoturno");
    pix.put("nightStart", time(config.pixNoturno().nightStart()));
    pix.put("nightEnd", time(config.pixNoturno().nightEnd()));
    pix.put("limit", config.pixNoturno().limit());
    ObjectNode velocidade = root.putObject("velocidade");
    velocidade.put("maxTransactions", config.velocidade().maxTransactions());
    velocidade.put("window", duration(config.velocidade().window()));
    RulesConfig.Risco risco = config.risco();
    ObjectNode risk = root.putObject("risco");
    risk.put("threshold", decimal(risco.threshold()));
    ObjectNode weights = risk.putObject("weights");
    weights.put("distance", decimal(risco.weights().distance()));
    weights.put("amount", decimal(risco.weights().amount()));
    weights.put("hour", decimal(risco.weights().hour()));
    risk.put("distanceScaleKm", decimal(risco.distanceScaleKm()));
    risk.put("amountRatioScale", decimal(risco.amountRatioScale()));
    risk.put("usualAmountAlpha", decimal(risco.usualAmountAlpha()));
    ObjectNode usual = risk.putObject("usualAmount");
    for (PaymentModality modality : PaymentModality.values()) {
      usual.put(modality.name(), risco.usualAmount(modality));
    }
    ArrayNode hours = risk.putArray("hourRisk");
    risco.hourRisk().forEach(hour -> hours.add(decimal(hour)));
    ObjectNode seed = root.putObject("seed");
    seed.put("threshold", decimal(config.seed().threshold()));
    seed.put("largeAmount", config.seed().largeAmount());
    seed.put("hourZone", config.seed().hourZone().getId());
    ArrayNode limits = root.putArray("limits");
    for (RulesConfig.AggregateLimit limit : config.limits()) {
      ObjectNode entry = limits.addObject();
      entry.put("code", limit.code());
      if (!limit.description().isEmpty()) {
        entry.put("description", limit.description());
      }
      entry.put("measure", limit.measure().id());
      entry.put("window", duration(limit.window()));
      entry.put("max", limit.max());
      entry.put("modality", limit.modality());
    }
    return root;
  }

  private static void flatten(JsonNode node, String path, Map<String, String> fields) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        flatten(
            entry.getValue(),
            path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(),
            fields);
      }
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        fields.put(path, "[]");
      }
      for (int i = 0; i < node.size(); i++) {
        flatten(node.get(i), path + "[" + i + "]", fields);
      }
    } else {
      fields.put(path, node.isNumber() ? node.decimalValue().toPlainString() : node.asText());
    }
  }

  /** {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}: the largest unit that is exact. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static String time(LocalTime time) {
    return time.getSecond() == 0 && time.getNano() == 0
        ? String.format("%02d:%02d", time.getHour(), time.getMinute())
        : String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
  }

  /** A double as the decimal a person wrote: 0.4, not 0.40000000000000002. */
  private static BigDecimal decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros();
  }
}
