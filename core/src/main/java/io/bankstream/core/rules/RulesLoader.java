package io.bankstream.core.rules;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bankstream.model.PaymentModality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a rules document (YAML) into a {@link RulesConfig} by Jackson data binding: the document's
 * sections and keys are the components of {@link RulesConfig} and of its nested records. The
 * defaults are written once, in {@link #DEFAULT_RULES_RESOURCE} on the classpath, which gives every
 * key; a user's document is laid over them mapping by mapping, so it names only what it changes: a
 * key left out, or a section left empty, keeps the defaults; a list ({@code hourRisk}) is replaced
 * whole; a modality key may be written in any case ({@code pix}), as modalities in the transaction
 * contract may.
 *
 * <p>A document that cannot be used is refused with a {@link RulesConfigException} whose message
 * names the field by its path ({@code risco.weights.amount: must be between 0 and 1, was 1.7}),
 * including an unknown key ({@code risco.treshold: unknown field (known: threshold, ...)});
 * malformed YAML is reported with its line and column. A document read from text ({@link
 * #fromYaml}, e.g. one kept in a database) is refused as the same document in a file ({@link
 * #load}) is, the latter with the file's path in front. Durations are written {@code 500ms}, {@code
 * 60s}, {@code 5m}, {@code 1h} (or ISO-8601, {@code PT60S}); times of day {@code "HH:mm"} or {@code
 * "HH:mm:ss"}.
 */
public final class RulesLoader {

  /** The classpath resource holding the defaults, written out with a comment per field. */
  public static final String DEFAULT_RULES_RESOURCE = "/rules/default-rules.yaml";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Exact amounts and weights: 1000.001 must stay 1000.001 to be refused.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          // A key written without a value is refused, not read as null or 0.
          .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL, Nulls.FAIL))
          .addModule(
              new SimpleModule()
                  .addDeserializer(
                      RuleProfile.class,
                      new TextValue<>(RuleProfile.class, RulesConfig::parseProfile))
                  .addDeserializer(
                      Duration.class, new TextValue<>(Duration.class, RulesLoader::parseDuration))
                  .addDeserializer(
                      LocalTime.class, new TextValue<>(LocalTime.class, RulesLoader::parseTime))
                  .addDeserializer(
                      ZoneId.class, new TextValue<>(ZoneId.class, RulesLoader::parseZone))
                  .addDeserializer(
                      RulesConfig.Measure.class,
                      new TextValue<>(RulesConfig.Measure.class, RulesConfig.Measure::parse))
                  .addDeserializer(
                      int.class, new TextValue<>(Integer.class, RulesLoader::wholeNumber)))
          .build();

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private RulesLoader() {}

  /**
   * Reads the rules file at {@code yamlFile}, over the defaults.
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
   * Reads rules from YAML text, over the defaults; empty text gives the defaults.
   *
   * @throws RulesConfigException if the text is not YAML or holds an invalid value
   */
  public static RulesConfig fromYaml(String yaml) {
    return bind(over(Defaults.DOCUMENT, parse(yaml), ""));
  }

  /**
   * Reads rules from YAML text that gives every value itself, as {@link #DEFAULT_RULES_RESOURCE}
   * does.
   *
   * @throws RulesConfigException as {@link #fromYaml} does, and naming any value left out
   */
  static RulesConfig fromCompleteYaml(String yaml) {
    return bind(parse(yaml));
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

  /** The bundled defaults' document tree; not to be changed. */
  static ObjectNode defaultsDocument() {
    return Defaults.DOCUMENT;
  }

  /** What {@link RulesConfig#defaults()} returns. */
  static RulesConfig defaults() {
    return Defaults.CONFIG;
  }

  /**
   * The bundled defaults, read once, when first needed; a fault in them is a fault of the build.
   */
  private static final class Defaults {
    static final ObjectNode DOCUMENT;
    static final RulesConfig CONFIG;

    static {
      try {
        DOCUMENT = parse(defaultRulesYaml());
        CONFIG = bind(DOCUMENT);
      } catch (RulesConfigException e) {
        throw e.inSource("classpath:" + DEFAULT_RULES_RESOURCE);
      }
    }
  }

  /** The document's tree: a mapping, empty for empty text. */
  static ObjectNode parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return YAML.createObjectNode();
    }
    if (!root.isObject()) {
      throw new RulesConfigException(
          "the rules file must be a mapping of sections ("
              + keysOf(RulesConfig.class)
              + "), was "
              + describe(root));
    }
    return (ObjectNode) root;
  }

  /**
   * {@code document} laid over {@code defaults}: a mapping's keys are laid one by one over the same
   * keys of the defaults, anything else replaces what the defaults have there. A key given with no
   * value keeps a section of the defaults, and a single value it replaces becomes null, for binding
   * to refuse. A key the defaults do not have is kept, for binding to refuse. {@code path} is the
   * path of the mapping in the document, with a dot after it ({@code risco.}), empty at the top.
   */
  static JsonNode over(JsonNode defaults, JsonNode document, String path) {
    if (!defaults.isObject() || !document.isObject()) {
      return defaults.isObject() && document.isNull() ? defaults : document;
    }
    ObjectNode merged = ((ObjectNode) defaults).deepCopy();
    Set<String> given = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : document.properties()) {
      String key = defaultsKey(defaults, entry.getKey());
      if (!given.add(key)) {
        // Only a modality can get here: the parser refuses a key written twice the same way.
        throw new RulesConfigException(path + entry.getKey(), key + " is given twice");
      }
      JsonNode base = defaults.get(key);
      merged.set(
          key, base == null ? entry.getValue() : over(base, entry.getValue(), path + key + "."));
    }
    return merged;
  }

  /** The key of {@code defaults} that {@code key} stands for: a modality in any case, or itself. */
  private static String defaultsKey(JsonNode defaults, String key) {
    return PaymentModality.fromContract(key).map(Enum::name).filter(defaults::has).orElse(key);
  }

  static RulesConfig bind(JsonNode document) {
    withLimitDefaults(document);
    try {
      return YAML.treeToValue(document, RulesConfig.class);
    } catch (JsonMappingException e) {
      throw refusal(e, document);
    } catch (JsonProcessingException e) {
      throw new RulesConfigException(firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * Gives each limit of {@code document}'s {@code limits} list the optional keys it leaves out: no
   * description, every modality. A limit has no defaults otherwise: the list is replaced whole.
   */
  private static void withLimitDefaults(JsonNode document) {
    JsonNode limits = document.get("limits");
    if (limits == null || !limits.isArray()) {
      return;
    }
    for (JsonNode limit : limits) {
      if (limit instanceof ObjectNode entry) {
        if (!entry.has("description")) {
          entry.put("description", "");
        }
        if (!entry.has("modality")) {
          entry.put("modality", RulesConfig.AggregateLimit.ANY);
        }
      }
    }
  }

  /**
   * What binding found wrong, at the field's path in the document: the refusal of a record (which
   * names the field itself) or of a value's reader, or Jackson's own finding said as the rules say
   * it.
   */
  private static RulesConfigException refusal(JsonMappingException e, JsonNode document) {
    String field = "";
    JsonNode value = document;
    for (JsonMappingException.Reference at : e.getPath()) {
      String key = at.getFieldName();
      field += key == null ? "[" + at.getIndex() + "]" : (field.isEmpty() ? "" : ".") + key;
      value = value == null ? null : key == null ? value.get(at.getIndex()) : value.get(key);
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RulesConfigException refused) {
        if (refused.field().isEmpty()) {
          return new RulesConfigException(field, refused.problem());
        }
        // An element of a list (limits[0]) names its fields relative to itself.
        return field.endsWith("]")
            ? new RulesConfigException(field + "." + refused.field().get(), refused.problem())
            : refused;
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new RulesConfigException(
          field, "unknown field (known: " + keysOf(unknown.getReferringClass()) + ")");
    }
    if (e instanceof InvalidNullException) {
      boolean inList = field.endsWith("]");
      return new RulesConfigException(
          field, inList ? "has no value" : "has no value (remove the key to keep the default)");
    }
    if (value == null) {
      return new RulesConfigException(field, "is missing");
    }
    if (e instanceof InvalidFormatException badKey
        && badKey.getTargetType().isEnum()
        && value.isObject()) {
      // A key of a mapping by modality that names none: Jackson's path stops at the mapping.
      return new RulesConfigException(
          field + "." + badKey.getValue(),
          "unknown field (known: " + names(badKey.getTargetType().getEnumConstants()) + ")");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new RulesConfigException(
          field, "must be " + expected(mismatch.getTargetType()) + ", was " + describe(value));
    }
    return new RulesConfigException(field, "cannot be used, was " + describe(value));
  }

  /** What a value of {@code type} is written as, e.g. {@code a list of numbers}. */
  private static String expected(Class<?> type) {
    if (type.isRecord()) {
      return "a mapping of " + keysOf(type);
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping of " + names(PaymentModality.values());
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list of numbers";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    return "a single value";
  }

  /** The keys of a section: the components of the record it binds to, in order. */
  private static String keysOf(Class<?> record) {
    return Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.joining(", "));
  }

  private static String names(Object[] values) {
    return Stream.of(values).map(String::valueOf).collect(Collectors.joining(", "));
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
    String firstLine = firstLine(e.getOriginalMessage());
    if (firstLine.startsWith("Duplicate field")) {
      firstLine = "a key is given twice (" + firstLine.substring("Duplicate field ".length()) + ")";
    }
    String where =
        location == null
            ? ""
            : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    return new RulesConfigException(where + "malformed YAML: " + firstLine);
  }

  private static String firstLine(String message) {
    return message == null ? "cannot be parsed" : message.lines().findFirst().orElse("");
  }

  /**
   * How a node reads in a message: {@code 'text'}, a number or {@code true} as written, its kind.
   */
  private static String describe(JsonNode node) {
    if (node.isContainerNode()) {
      return node.isArray() ? "a list" : "a mapping";
    }
    return node.isTextual() ? "'" + node.textValue() + "'" : node.asText();
  }

  /**
   * Reads a single value from its text, e.g. {@code 60s}, {@code 20:00}, {@code seed}. Its parser
   * throws a {@link RulesConfigException} without a field: {@link #refusal} adds the path Jackson
   * was at.
   */
  private static final class TextValue<T> extends StdScalarDeserializer<T> {
    private final Class<T> type;
    private final Function<String, T> parse;

    TextValue(Class<T> type, Function<String, T> parse) {
      super(type);
      this.type = type;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.currentToken().isScalarValue()) {
        return type.cast(context.handleUnexpectedToken(type, parser));
      }
      return parse.apply(parser.getText().trim());
    }
  }

  /** A count: {@code 10} or {@code 10.0}, but not {@code 10.5}, which is refused, not truncated. */
  private static int wholeNumber(String text) {
    try {
      return new BigDecimal(text).intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new RulesConfigException("must be a whole number, was " + text);
    }
  }

  /** {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1M30S}). */
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
    try {
      if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
        return Duration.parse(text);
      }
    } catch (DateTimeParseException e) {
      // refused below, as any other text
    }
    throw new RulesConfigException("'" + text + "' is not a duration (write e.g. 60s)");
  }

  /** A time zone: {@code UTC}, {@code America/Sao_Paulo}, {@code -03:00}. */
  static ZoneId parseZone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new RulesConfigException(
          "'" + text + "' is not a time zone (write e.g. UTC or America/Sao_Paulo)");
    }
  }

  /** {@code HH:mm} or {@code HH:mm:ss}. */
  private static LocalTime parseTime(String text) {
    try {
      if (text.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
        return LocalTime.parse(text);
      }
    } catch (DateTimeParseException e) {
      // refused below, as any other text
    }
    throw new RulesConfigException("'" + text + "' is not a time of day (write e.g. \"20:00\")");
  }
}
