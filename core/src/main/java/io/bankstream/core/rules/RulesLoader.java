package io.bankstream.core.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.bankstream.model.PaymentModality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a rules file (YAML) into a {@link RulesConfig}. Every key is optional: a key left out keeps
 * its value from {@link RulesConfig#defaults()}, so a file names only what it changes. The layout,
 * with every default, is {@code rules/default-rules.yaml} on the classpath ({@link
 * #DEFAULT_RULES_RESOURCE}):
 *
 * <pre>
 * profile: default            # or seed
 * pixNoturno: { nightStart: "20:00", nightEnd: "06:00", limit: 1000.00 }
 * velocidade: { maxTransactions: 10, window: 60s }
 * risco:
 *   threshold: 0.8
 *   weights: { distance: 0.40, amount: 0.45, hour: 0.15 }
 *   distanceScaleKm: 1500
 *   amountRatioScale: 10
 *   usualAmountAlpha: 0.2
 *   usualAmount: { PIX: 80, BOLETO: 250, TED: 1500, DOC: 800 }
 *   hourRisk: [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5]
 * seed: { threshold: 6 }
 * </pre>
 *
 * <p>A file that cannot be used is refused with a {@link RulesConfigException} whose message names
 * the field by its path ({@code risco.weights.amount: must be between 0 and 1, was 1.7}), including
 * an unknown key ({@code risco.treshold: unknown field (known: threshold, ...)}); malformed YAML is
 * reported with its line and column. Durations are written {@code 500ms}, {@code 60s}, {@code 5m},
 * {@code 1h} (or ISO-8601, {@code PT60S}); times of day {@code "HH:mm"} or {@code "HH:mm:ss"}.
 */
public final class RulesLoader {

  /** The classpath resource holding the defaults, written out with a comment per field. */
  public static final String DEFAULT_RULES_RESOURCE = "/rules/default-rules.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private RulesLoader() {}

  /**
   * Reads the rules file at {@code yamlFile}.
   *
   * @throws RulesConfigException if the file is missing, unreadable, not YAML or invalid; the
   *     message starts with {@code rules file <path>:}
   */
  public static RulesConfig load(Path yamlFile) {
    String text;
    try {
      text = Files.readString(yamlFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RulesConfigException("rules file " + yamlFile + ": not found");
    } catch (CharacterCodingException e) {
      throw new RulesConfigException("rules file " + yamlFile + ": is not UTF-8 text");
    } catch (IOException e) {
      throw new RulesConfigException(
          "rules file " + yamlFile + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      return fromYaml(text);
    } catch (RulesConfigException e) {
      throw e.inSource(yamlFile.toString());
    }
  }

  /**
   * Reads rules from YAML text; empty text gives the defaults.
   *
   * @throws RulesConfigException if the text is not YAML or holds an invalid value
   */
  public static RulesConfig fromYaml(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
    RulesConfig.Builder builder = RulesConfig.defaults().toBuilder();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return builder.build();
    }
    if (!root.isObject()) {
      throw new RulesConfigException(
          "the rules file must be a mapping of sections (profile, pixNoturno, velocidade, risco,"
              + " seed), was "
              + describe(root));
    }
    Section top = new Section("", root, "profile", "pixNoturno", "velocidade", "risco", "seed");
    top.text("profile").map(RulesConfig::parseProfile).ifPresent(builder::profile);

    Section night = top.section("pixNoturno", "nightStart", "nightEnd", "limit");
    night.time("nightStart").ifPresent(builder::nightStart);
    night.time("nightEnd").ifPresent(builder::nightEnd);
    night.number("limit").ifPresent(builder::nightPixLimit);

    Section velocity = top.section("velocidade", "maxTransactions", "window");
    velocity.wholeNumber("maxTransactions").ifPresent(builder::velocityMaxTransactions);
    velocity.duration("window").ifPresent(builder::velocityWindow);

    Section risk =
        top.section(
            "risco",
            "threshold",
            "weights",
            "distanceScaleKm",
            "amountRatioScale",
            "usualAmountAlpha",
            "usualAmount",
            "hourRisk");
    risk.real("threshold").ifPresent(builder::riskThreshold);
    Section weights = risk.section("weights", "distance", "amount", "hour");
    weights.real("distance").ifPresent(builder::distanceWeight);
    weights.real("amount").ifPresent(builder::amountWeight);
    weights.real("hour").ifPresent(builder::hourWeight);
    risk.real("distanceScaleKm").ifPresent(builder::distanceScaleKm);
    risk.real("amountRatioScale").ifPresent(builder::amountRatioScale);
    risk.real("usualAmountAlpha").ifPresent(builder::usualAmountAlpha);
    readUsualAmounts(risk, builder);
    risk.realList("hourRisk").ifPresent(builder::hourRisk);

    Section seed = top.section("seed", "threshold");
    seed.real("threshold").ifPresent(builder::seedRiskThreshold);
    return builder.build();
  }

  /** The text of {@link #DEFAULT_RULES_RESOURCE}: a starting point for a rules file. */
  public static String defaultRulesYaml() {
    try (InputStream in = RulesLoader.class.getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RULES_RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readUsualAmounts(Section risk, RulesConfig.Builder builder) {
    List<String> modalities =
        Arrays.stream(PaymentModality.values()).map(PaymentModality::name).toList();
    Section usual = risk.section("usualAmount", modalities.toArray(String[]::new));
    Set<PaymentModality> seen = EnumSet.noneOf(PaymentModality.class);
    for (String key : usual.keys()) {
      PaymentModality modality = PaymentModality.fromContract(key).orElseThrow();
      if (!seen.add(modality)) {
        throw new RulesConfigException(usual.path(key), modality + " is given twice");
      }
      usual.number(key).ifPresent(amount -> builder.defaultUsualAmount(modality, amount));
    }
  }

  private static RulesConfigException malformed(JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        Mark mark = yaml.getProblemMark();
        String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
        return new RulesConfigException(
            "line "
                + (mark.getLine() + 1)
                + ", column "
                + (mark.getColumn() + 1)
                + ": malformed YAML: "
                + context
                + yaml.getProblem());
      }
    }
    JsonLocation location = e.getLocation();
    String message = e.getOriginalMessage();
    String firstLine =
        message == null ? "cannot be parsed" : message.lines().findFirst().orElse("");
    if (firstLine.startsWith("Duplicate field")) {
      firstLine = "a key is given twice (" + firstLine.substring("Duplicate field ".length()) + ")";
    }
    String where =
        location == null
            ? ""
            : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    return new RulesConfigException(where + "malformed YAML: " + firstLine);
  }

  /** How a node reads in a message: {@code 'text'}, a number as written, or its kind. */
  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "'" + node.textValue() + "'";
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return "'" + node.asText() + "'";
  }

  /**
   * One mapping of the rules file with its path: refuses keys it does not know when built, and
   * reads its values as the types the rules need, naming {@code path.key} in every refusal.
   */
  private static final class Section {
    private final String path;
    private final JsonNode node;

    Section(String path, JsonNode node, String... known) {
      this.path = path;
      this.node = node;
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        boolean isKnown =
            Arrays.stream(known).anyMatch(k -> k.equals(name) || (isModalityKey(k, name)));
        if (!isKnown) {
          throw new RulesConfigException(
              path(name), "unknown field (known: " + String.join(", ", known) + ")");
        }
      }
    }

    /** Modality keys are case-insensitive, as modality values in the contract are. */
    private static boolean isModalityKey(String known, String name) {
      return PaymentModality.fromContract(name).map(m -> m.name().equals(known)).orElse(false);
    }

    String path(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      return keys;
    }

    /** The sub-mapping under {@code key}; an absent or empty key is an empty section. */
    Section section(String key, String... known) {
      JsonNode child = node.get(key);
      if (child == null || child.isNull()) {
        return new Section(path(key), YAML.createObjectNode(), known);
      }
      if (!child.isObject()) {
        throw new RulesConfigException(
            path(key),
            "must be a mapping of " + String.join(", ", known) + ", was " + describe(child));
      }
      return new Section(path(key), child, known);
    }

    private Optional<JsonNode> value(String key) {
      JsonNode child = node.get(key);
      if (child == null) {
        return Optional.empty();
      }
      if (child.isNull()) {
        throw new RulesConfigException(
            path(key), "has no value (remove the key to keep the default)");
      }
      return Optional.of(child);
    }

    Optional<String> text(String key) {
      return value(key)
          .map(
              child -> {
                if (!child.isValueNode() || child.isBinary()) {
                  throw new RulesConfigException(
                      path(key), "must be a single value, was " + describe(child));
                }
                return child.asText();
              });
    }

    Optional<BigDecimal> number(String key) {
      return value(key).map(child -> toNumber(path(key), child));
    }

    Optional<Double> real(String key) {
      return number(key).map(BigDecimal::doubleValue);
    }

    Optional<Integer> wholeNumber(String key) {
      return number(key)
          .map(
              value -> {
                try {
                  return value.intValueExact();
                } catch (ArithmeticException e) {
                  throw new RulesConfigException(
                      path(key),
                      "must be a whole number, was " + value.stripTrailingZeros().toPlainString());
                }
              });
    }

    Optional<List<Double>> realList(String key) {
      return value(key)
          .map(
              child -> {
                if (!child.isArray()) {
                  throw new RulesConfigException(
                      path(key), "must be a list of numbers, was " + describe(child));
                }
                List<Double> values = new ArrayList<>(child.size());
                for (int i = 0; i < child.size(); i++) {
                  values.add(toNumber(path(key) + "[" + i + "]", child.get(i)).doubleValue());
                }
                return values;
              });
    }

    Optional<Duration> duration(String key) {
      return text(key)
          .map(parsing(path(key), RulesLoader::parseDuration, "a duration (write e.g. 60s)"));
    }

    Optional<LocalTime> time(String key) {
      return text(key)
          .map(parsing(path(key), RulesLoader::parseTime, "a time of day (write e.g. \"20:00\")"));
    }

    private static BigDecimal toNumber(String field, JsonNode value) {
      if (value.isNumber()) {
        return value.decimalValue();
      }
      if (value.isTextual()) {
        try {
          return new BigDecimal(value.textValue().trim());
        } catch (NumberFormatException e) {
          // refused below
        }
      }
      throw new RulesConfigException(field, "must be a number, was " + describe(value));
    }
  }

  private static <T> Function<String, T> parsing(
      String field, Function<String, T> parser, String expected) {
    return text -> {
      T parsed = parser.apply(text.trim());
      if (parsed == null) {
        throw new RulesConfigException(field, "'" + text + "' is not " + expected);
      }
      return parsed;
    };
  }

  /** {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h} or ISO-8601; null if none of those. */
  static Duration parseDuration(String text) {
    Matcher simple = SIMPLE_DURATION.matcher(text);
    if (simple.matches()) {
      long value = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(value);
        case "s" -> Duration.ofSeconds(value);
        case "m" -> Duration.ofMinutes(value);
        default -> Duration.ofHours(value);
      };
    }
    if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code HH:mm} or {@code HH:mm:ss}; null if neither. */
  static LocalTime parseTime(String text) {
    if (!text.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
      return null;
    }
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
