package io.bankstream.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and writes the JSON of one transaction as it travels on Kafka (SPEC section 3). {@link
 * #decode(byte[])} turns a UTF-8 payload into a {@link DecodeResult}: a {@link Transaction}, or the
 * first {@link ContractViolation} found; it never returns {@code null} and never throws for bad
 * input. {@link #encode(Transaction)} writes the seven contract fields, in contract order, as
 * compact UTF-8 JSON that {@code decode} reads back to an equal transaction (for every transaction
 * {@code decode} can produce: event time in range, whole milliseconds). The codec holds no state
 * (one shared Jackson mapper is static), so it is thread-safe, serializable and free to create: a
 * Beam {@code DoFn} can keep one in a field.
 *
 * <p>Decoding rules, checked in this order, stopping at the first violation:
 *
 * <ol>
 *   <li>The payload ({@code "$"}): at most {@value #MAX_PAYLOAD_BYTES} bytes, checked before
 *       parsing ({@code TOO_LARGE_PAYLOAD}); well-formed UTF-8 throughout, unknown fields included,
 *       checked before parsing; valid JSON ({@code MALFORMED_JSON}: also empty input, {@code NaN},
 *       numbers of more than 1,000 digits); one JSON object ({@code NOT_AN_OBJECT}) followed by
 *       nothing but whitespace ({@code TRAILING_CONTENT}); no field name twice ({@code
 *       DUPLICATE_FIELD}, on the contract field if it is one, else on {@code "$"}). Unknown extra
 *       fields are ignored (a tolerant reader), so producers may add fields.
 *   <li>Then each field in contract order; a field that is absent is {@code MISSING}, a JSON {@code
 *       null} is {@code NULL}, a value of the wrong JSON type is {@code WRONG_TYPE}.
 *   <li>{@code id_transacao}, {@code id_usuario_pagador}, {@code id_usuario_recebedor}: strings in
 *       canonical 8-4-4-4-12 hexadecimal UUID form, any case ({@code INVALID_UUID}; forms that
 *       {@link UUID#fromString} would also take, such as {@code 1-1-1-1-1}, are refused). A
 *       receiver equal to the payer is {@code SAME_PAYER_AND_RECEIVER} on {@code
 *       id_usuario_recebedor}.
 *   <li>{@code id_regiao}: a string naming one of the 27 UF codes, any case ({@code
 *       UNKNOWN_REGION}). {@code modalidade_pagamento}: {@code PIX}, {@code TED}, {@code DOC} or
 *       {@code BOLETO}, any case ({@code UNKNOWN_MODALITY}).
 *   <li>{@code data_horario}: a JSON integer of epoch milliseconds, or an ISO-8601 date-time string
 *       with {@code T} or a single space between date and time, 0 to 9 fractional digits, and an
 *       optional offset ({@code Z}, {@code -03:00}, {@code -0300}, {@code -03}). A string without
 *       an offset (Python's {@code isoformat()} of a naive datetime) is read in {@value
 *       #LOCAL_ZONE_ID}; a local time skipped by a daylight-saving change is moved forward, an
 *       ambiguous one takes the earlier offset. A decimal number such as {@code 1.5} is {@code
 *       WRONG_TYPE}; an unparseable string is {@code INVALID_TIMESTAMP}. Any instant outside
 *       [{@link #EARLIEST_EVENT_TIME}, {@link #EVENT_TIME_LIMIT}) is {@code
 *       TIMESTAMP_OUT_OF_RANGE}: this is what catches epoch seconds sent as milliseconds (they land
 *       in January 1970), and integers beyond a {@code long}. Event times are kept to the
 *       millisecond, the contract's unit: finer fractions are truncated.
 *   <li>{@code valor_transacao}: a JSON number (a string such as {@code "10.00"} is {@code
 *       WRONG_TYPE}), read exactly as a {@link BigDecimal}, never as a double; greater than 0
 *       ({@code NOT_POSITIVE}), at most two decimals once trailing zeros are stripped ({@code
 *       TOO_MANY_DECIMALS}), at most {@link Money#MAX_AMOUNT} ({@code AMOUNT_TOO_LARGE}). Huge
 *       exponents such as {@code 1e999999999} are judged by precision and scale, without expanding
 *       them.
 * </ol>
 */
public final class TransactionCodec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** {@code id_transacao}: the transaction's UUID. */
  public static final String ID_FIELD = "id_transacao";

  /** {@code id_usuario_pagador}: the payer's UUID. */
  public static final String PAYER_FIELD = "id_usuario_pagador";

  /** {@code id_usuario_recebedor}: the receiver's UUID. */
  public static final String RECEIVER_FIELD = "id_usuario_recebedor";

  /** {@code id_regiao}: the UF code. */
  public static final String REGION_FIELD = "id_regiao";

  /** {@code modalidade_pagamento}: PIX, TED, DOC or BOLETO. */
  public static final String MODALITY_FIELD = "modalidade_pagamento";

  /** {@code data_horario}: the event time. */
  public static final String EVENT_TIME_FIELD = "data_horario";

  /** {@code valor_transacao}: the amount in reais. */
  public static final String AMOUNT_FIELD = "valor_transacao";

  /** The seven contract fields, in contract order: the order of checks and of encoding. */
  public static final List<String> CONTRACT_FIELDS =
      List.of(
          ID_FIELD,
          PAYER_FIELD,
          RECEIVER_FIELD,
          REGION_FIELD,
          MODALITY_FIELD,
          EVENT_TIME_FIELD,
          AMOUNT_FIELD);

  /** The largest payload decoded, in bytes (64 KiB); larger ones are refused unparsed. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** The zone of a {@code data_horario} string without an offset. */
  public static final String LOCAL_ZONE_ID = "America/Sao_Paulo";

  /** {@link #LOCAL_ZONE_ID} as a zone. */
  public static final ZoneId LOCAL_ZONE = ZoneId.of(LOCAL_ZONE_ID);

  /** The earliest accepted event time, inclusive. */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /** The end of the accepted event times, exclusive. */
  public static final Instant EVENT_TIME_LIMIT = Instant.parse("2100-01-01T00:00:00Z");

  private static final int ID = 0;
  private static final int PAYER = 1;
  private static final int RECEIVER = 2;
  private static final int REGION = 3;
  private static final int MODALITY = 4;
  private static final int EVENT_TIME = 5;
  private static final int AMOUNT = 6;

  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int UUID_LENGTH = 36;

  /** Longer strings cannot be a date-time of the accepted forms; they are not parsed. */
  private static final int MAX_TIMESTAMP_CHARS = 64;

  /** Digits before the decimal point of {@link Money#MAX_AMOUNT}. */
  private static final int MAX_INTEGER_DIGITS = 13;

  /** Bytes of source quoted for an array or object value, before {@link #excerpt}. */
  private static final int MAX_SOURCE_BYTES = 4 * ContractViolation.MAX_EXCERPT_CHARS;

  private static final String UUID_EXPECTED = "a UUID string";
  private static final String REGION_EXPECTED = "a UF code string";
  private static final String MODALITY_EXPECTED = "a string: PIX, TED, DOC or BOLETO";
  private static final String EVENT_TIME_EXPECTED =
      "epoch milliseconds (an integer) or an ISO-8601 date-time string";
  private static final String AMOUNT_EXPECTED = "a JSON number";
  private static final String TIME_RANGE =
      "[" + EARLIEST_EVENT_TIME + ", " + EVENT_TIME_LIMIT + ")";

  /**
   * The one mapper: floats become exact {@code BigDecimal}s, and error locations never quote the
   * payload (it may be large, and it is stored separately in the dead letter).
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /**
   * ISO-8601 local date-time, then an optional offset as {@code Z}, {@code +HH:MM} or {@code
   * +HHMM}.
   */
  private static final DateTimeFormatter ISO_DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHmm", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  /** A codec; all instances behave the same. */
  public TransactionCodec() {}

  /** A codec; all instances behave the same. */
  public static TransactionCodec create() {
    return new TransactionCodec();
  }

  /**
   * Decodes one message value as sent on Kafka (UTF-8 JSON). A {@code null} value (a Kafka
   * tombstone) is {@code MALFORMED_JSON}.
   */
  public DecodeResult decode(byte[] utf8Json) {
    if (utf8Json == null) {
      return invalid(
          ContractViolation.DOCUMENT,
          Reason.MALFORMED_JSON,
          "The payload ($) is null: a message must carry a JSON object.");
    }
    if (utf8Json.length > MAX_PAYLOAD_BYTES) {
      return tooLarge(utf8Json.length);
    }
    for (byte b : utf8Json) {
      // A NUL byte never appears in UTF-8 JSON; refusing it also stops Jackson from guessing
      // UTF-16 or UTF-32, which the contract does not allow.
      if (b == 0) {
        return invalid(
            ContractViolation.DOCUMENT,
            Reason.MALFORMED_JSON,
            "The payload ($) is not valid UTF-8 JSON: it contains a NUL byte.");
      }
    }
    int badByte = firstInvalidUtf8(utf8Json);
    if (badByte >= 0) {
      // Jackson decodes only what it reads: bytes inside a skipped unknown field go unchecked.
      return invalid(
          ContractViolation.DOCUMENT,
          Reason.MALFORMED_JSON,
          String.format(
              "The payload ($) is not valid UTF-8: byte 0x%02X at offset %d does not start a"
                  + " well-formed sequence.",
              utf8Json[badByte] & 0xFF, badByte));
    }
    RawField[] fields = new RawField[CONTRACT_FIELDS.size()];
    ContractViolation documentViolation = readDocument(utf8Json, fields);
    if (documentViolation != null) {
      return DecodeResult.invalid(documentViolation);
    }
    return validate(fields);
  }

  /**
   * Decodes one message given as text; the same rules as {@link #decode(byte[])}, the size limit
   * counted in UTF-8 bytes.
   */
  public DecodeResult decode(String json) {
    if (json == null) {
      return decode((byte[]) null);
    }
    long size = utf8Length(json);
    if (size > MAX_PAYLOAD_BYTES) {
      return tooLarge(size);
    }
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Encodes {@code transaction} as compact UTF-8 JSON: the seven contract fields in contract order,
   * ids as lower-case UUIDs, the UF code, the upper-case modality, {@code data_horario} as epoch
   * milliseconds (sub-millisecond fractions truncated) and {@code valor_transacao} as a number with
   * exactly two decimals, such as {@code 150.00}.
   */
  public byte[] encode(Transaction transaction) {
    Objects.requireNonNull(transaction, "transaction");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = MAPPER.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField(ID_FIELD, transaction.id().toString());
      generator.writeStringField(PAYER_FIELD, transaction.payerId().toString());
      generator.writeStringField(RECEIVER_FIELD, transaction.receiverId().toString());
      generator.writeStringField(REGION_FIELD, transaction.region().code());
      generator.writeStringField(MODALITY_FIELD, transaction.modality().name());
      generator.writeNumberField(EVENT_TIME_FIELD, transaction.eventTime().toEpochMilli());
      generator.writeFieldName(AMOUNT_FIELD);
      // Transaction keeps amounts at scale 2; plain text avoids 1.5E+2 for any value.
      generator.writeNumber(transaction.amount().toPlainString());
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode transaction " + transaction.id(), e);
    }
    return out.toByteArray();
  }

  /** {@link #encode(Transaction)} as a string. */
  public String encodeToString(Transaction transaction) {
    return new String(encode(transaction), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the document: syntax, shape, duplicates. Fills fields[] with the contract fields.

  /**
   * One contract field as read: its JSON type, its value as a node (scalars only), and, when there
   * is no node, the source text to quote in a message.
   */
  private record RawField(JsonNodeType type, JsonNode node, String source) {

    static RawField of(JsonNode node) {
      return new RawField(node.getNodeType(), node, null);
    }

    /** The value as it would be quoted in a message, already cut to an excerpt. */
    String quoted() {
      return ContractViolation.excerpt(node != null ? node.toString() : source);
    }
  }

  /**
   * Parses {@code json} and stores each contract field's value in {@code fields}; returns the
   * document-level violation, or {@code null} if there is none.
   */
  private static ContractViolation readDocument(byte[] json, RawField[] fields) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return invalidDocument(
            Reason.MALFORMED_JSON, "The payload ($) is empty: it holds no JSON value.");
      }
      if (first != JsonToken.START_OBJECT) {
        // Read the whole value, so that broken JSON is reported as such.
        parser.skipChildren();
        parser.finishToken();
        return invalidDocument(
            Reason.NOT_AN_OBJECT,
            "The payload ($) must be a JSON object but is "
                + describe(first)
                + ": "
                + ContractViolation.excerpt(slice(json, 0, json.length).strip()));
      }
      Set<String> names = new HashSet<>();
      String duplicate = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        int index = CONTRACT_FIELDS.indexOf(name);
        if (!names.add(name)) {
          duplicate = duplicate == null ? name : duplicate;
          index = -1;
        }
        if (index >= 0) {
          fields[index] = readField(parser, value, json);
        } else {
          parser.skipChildren();
          parser.finishToken();
        }
      }
      // The loop ends on the object's END_OBJECT: Jackson reports anything else as an error.
      int end = (int) Math.min(parser.currentLocation().getByteOffset(), json.length);
      if (hasTrailingContent(parser)) {
        return invalidDocument(
            Reason.TRAILING_CONTENT,
            "The payload ($) has content after the JSON object: "
                + ContractViolation.excerpt(slice(json, end, json.length).strip()));
      }
      if (duplicate != null) {
        boolean contractField = CONTRACT_FIELDS.contains(duplicate);
        String field = contractField ? duplicate : ContractViolation.DOCUMENT;
        String quotedName = ContractViolation.excerpt('"' + duplicate + '"');
        return new ContractViolation(
            field,
            Reason.DUPLICATE_FIELD,
            contractField
                ? "Field " + duplicate + " appears more than once."
                : "The payload ($) has the field " + quotedName + " more than once.");
      }
      return null;
    } catch (IOException | RuntimeException e) {
      // IOException: Jackson's syntax and constraint errors. RuntimeException: Jackson 2.15 lets a
      // few unchecked exceptions escape for valid but unrepresentable input; none may crash us.
      return malformed(e);
    }
  }

  /** Reads the value at the parser's current token, leaving the parser on its last token. */
  private static RawField readField(JsonParser parser, JsonToken token, byte[] json)
      throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      // Wrong type in every field: keep only the source text for the message.
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      int end = (int) parser.currentLocation().getByteOffset();
      JsonNodeType type =
          token == JsonToken.START_OBJECT ? JsonNodeType.OBJECT : JsonNodeType.ARRAY;
      return new RawField(type, null, slice(json, start, end));
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      // Jackson's tree reader turns 1e999999999 into an infinite double; read the exact decimal.
      try {
        return RawField.of(DecimalNode.valueOf(parser.getDecimalValue()));
      } catch (JsonParseException | NumberFormatException | ArithmeticException e) {
        // The token is a valid JSON number (Jackson checked its syntax when reading it), but its
        // exponent does not fit a BigDecimal's scale: keep the text to judge it by.
        return new RawField(JsonNodeType.NUMBER, null, parser.getText());
      }
    }
    JsonNode node = MAPPER.readTree(parser);
    return RawField.of(node == null ? NullNode.getInstance() : node);
  }

  private static boolean hasTrailingContent(JsonParser parser) {
    try {
      return parser.nextToken() != null;
    } catch (IOException e) {
      return true;
    }
  }

  /** Up to {@link #MAX_SOURCE_BYTES} bytes of {@code json} from {@code start}, as text. */
  private static String slice(byte[] json, int start, int end) {
    int from = Math.max(0, Math.min(start, json.length));
    int to = Math.max(from, Math.min(Math.min(end, json.length), from + MAX_SOURCE_BYTES));
    return new String(json, from, to - from, StandardCharsets.UTF_8);
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return "not an object";
    }
  }

  private static ContractViolation malformed(Exception e) {
    String detail;
    String where = "";
    if (e instanceof JsonProcessingException jsonError) {
      detail = jsonError.getOriginalMessage();
      JsonLocation location = jsonError.getLocation();
      if (location != null && location.getLineNr() > 0) {
        where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      }
    } else {
      detail = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return invalidDocument(
        Reason.MALFORMED_JSON,
        "The payload ($) is not valid JSON" + where + ": " + ContractViolation.excerpt(detail));
  }

  private static DecodeResult tooLarge(long size) {
    return invalid(
        ContractViolation.DOCUMENT,
        Reason.TOO_LARGE_PAYLOAD,
        "The payload ($) has " + size + " bytes, more than the " + MAX_PAYLOAD_BYTES + " allowed.");
  }

  /**
   * The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong
   * forms, no surrogates, nothing above U+10FFFF, no sequence cut short), or -1 if there is none.
   */
  static int firstInvalidUtf8(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int length;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
      } else {
        return i;
      }
      if (i + length > bytes.length) {
        return i;
      }
      // The second byte's range rules out overlong forms, surrogates and code points > U+10FFFF.
      int second = bytes[i + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }

  /** The length of {@code text} in UTF-8, as {@link String#getBytes} would encode it. */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1; // an unpaired surrogate is encoded as '?'
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------
  // Checking the fields, in contract order.

  /** A checked value, or the violation that stopped it. */
  private record Check<T>(T value, ContractViolation violation) {

    static <T> Check<T> ok(T value) {
      return new Check<>(value, null);
    }

    static <T> Check<T> fail(ContractViolation violation) {
      return new Check<>(null, violation);
    }

    static <T> Check<T> fail(String field, Reason reason, String message) {
      return fail(new ContractViolation(field, reason, message));
    }

    boolean failed() {
      return violation != null;
    }

    DecodeResult result() {
      return DecodeResult.invalid(violation);
    }
  }

  private static DecodeResult validate(RawField[] fields) {
    Check<UUID> id = readUuid(ID_FIELD, fields[ID]);
    if (id.failed()) {
      return id.result();
    }
    Check<UUID> payer = readUuid(PAYER_FIELD, fields[PAYER]);
    if (payer.failed()) {
      return payer.result();
    }
    Check<UUID> receiver = readUuid(RECEIVER_FIELD, fields[RECEIVER]);
    if (receiver.failed()) {
      return receiver.result();
    }
    if (payer.value().equals(receiver.value())) {
      return invalid(
          RECEIVER_FIELD,
          Reason.SAME_PAYER_AND_RECEIVER,
          "Field "
              + RECEIVER_FIELD
              + " must differ from "
              + PAYER_FIELD
              + ", but both are "
              + fields[RECEIVER].quoted()
              + ".");
    }
    Check<Region> region = readRegion(fields[REGION]);
    if (region.failed()) {
      return region.result();
    }
    Check<PaymentModality> modality = readModality(fields[MODALITY]);
    if (modality.failed()) {
      return modality.result();
    }
    Check<Instant> eventTime = readEventTime(fields[EVENT_TIME]);
    if (eventTime.failed()) {
      return eventTime.result();
    }
    Check<BigDecimal> amount = readAmount(fields[AMOUNT]);
    if (amount.failed()) {
      return amount.result();
    }
    return DecodeResult.valid(
        new Transaction(
            id.value(),
            payer.value(),
            receiver.value(),
            region.value(),
            modality.value(),
            eventTime.value(),
            amount.value()));
  }

  private static Check<UUID> readUuid(String field, RawField raw) {
    ContractViolation problem = requireType(field, raw, JsonNodeType.STRING, UUID_EXPECTED);
    if (problem != null) {
      return Check.fail(problem);
    }
    String text = raw.node().textValue();
    if (text.length() != UUID_LENGTH || !CANONICAL_UUID.matcher(text).matches()) {
      return Check.fail(
          field,
          Reason.INVALID_UUID,
          "Field "
              + field
              + " is not a canonical UUID (8-4-4-4-12 hexadecimal digits): "
              + raw.quoted());
    }
    return Check.ok(UUID.fromString(text));
  }

  private static Check<Region> readRegion(RawField raw) {
    ContractViolation problem =
        requireType(REGION_FIELD, raw, JsonNodeType.STRING, REGION_EXPECTED);
    if (problem != null) {
      return Check.fail(problem);
    }
    return Region.fromCode(raw.node().textValue())
        .map(Check::ok)
        .orElseGet(
            () ->
                Check.fail(
                    REGION_FIELD,
                    Reason.UNKNOWN_REGION,
                    "Field "
                        + REGION_FIELD
                        + " is not one of the 27 UF codes (AC to TO): "
                        + raw.quoted()));
  }

  private static Check<PaymentModality> readModality(RawField raw) {
    ContractViolation problem =
        requireType(MODALITY_FIELD, raw, JsonNodeType.STRING, MODALITY_EXPECTED);
    if (problem != null) {
      return Check.fail(problem);
    }
    return PaymentModality.fromContract(raw.node().textValue())
        .map(Check::ok)
        .orElseGet(
            () ->
                Check.fail(
                    MODALITY_FIELD,
                    Reason.UNKNOWN_MODALITY,
                    "Field "
                        + MODALITY_FIELD
                        + " is not one of PIX, TED, DOC or BOLETO: "
                        + raw.quoted()));
  }

  private static Check<Instant> readEventTime(RawField raw) {
    ContractViolation problem = requirePresent(EVENT_TIME_FIELD, raw, EVENT_TIME_EXPECTED);
    if (problem != null) {
      return Check.fail(problem);
    }
    Instant instant;
    if (raw.type() == JsonNodeType.NUMBER && raw.node() != null && raw.node().isIntegralNumber()) {
      if (!raw.node().canConvertToLong()) {
        return outOfRange(raw);
      }
      long millis = raw.node().longValue();
      if (millis < EARLIEST_EVENT_TIME.toEpochMilli()
          || millis >= EVENT_TIME_LIMIT.toEpochMilli()) {
        return outOfRange(raw);
      }
      instant = Instant.ofEpochMilli(millis);
    } else if (raw.type() == JsonNodeType.STRING) {
      instant = parseDateTime(raw.node().textValue());
      if (instant == null) {
        return Check.fail(
            EVENT_TIME_FIELD,
            Reason.INVALID_TIMESTAMP,
            "Field "
                + EVENT_TIME_FIELD
                + " is not an ISO-8601 date-time such as 2024-05-28T14:23:11.123-03:00: "
                + raw.quoted());
      }
      if (instant.isBefore(EARLIEST_EVENT_TIME) || !instant.isBefore(EVENT_TIME_LIMIT)) {
        return outOfRange(raw);
      }
    } else {
      // Includes decimal numbers such as 1.5 or 1716912345000.0: epoch milliseconds are integers.
      return Check.fail(wrongType(EVENT_TIME_FIELD, raw, EVENT_TIME_EXPECTED));
    }
    return Check.ok(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static Check<Instant> outOfRange(RawField raw) {
    return Check.fail(
        EVENT_TIME_FIELD,
        Reason.TIMESTAMP_OUT_OF_RANGE,
        "Field "
            + EVENT_TIME_FIELD
            + " is outside "
            + TIME_RANGE
            + " (epoch seconds instead of milliseconds?): "
            + raw.quoted());
  }

  /**
   * The instant of an ISO-8601 date-time with {@code T} or a space, with or without an offset (a
   * naive one is read in {@link #LOCAL_ZONE}); {@code null} if it is not one.
   */
  private static Instant parseDateTime(String text) {
    if (text.length() > MAX_TIMESTAMP_CHARS) {
      return null;
    }
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      TemporalAccessor parsed =
          ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime offsetDateTime) {
        return offsetDateTime.toInstant();
      }
      return ((LocalDateTime) parsed).atZone(LOCAL_ZONE).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Check<BigDecimal> readAmount(RawField raw) {
    ContractViolation problem =
        requireType(AMOUNT_FIELD, raw, JsonNodeType.NUMBER, AMOUNT_EXPECTED);
    if (problem != null) {
      return Check.fail(problem);
    }
    if (raw.node() == null) {
      return Check.fail(unrepresentableAmount(raw));
    }
    BigDecimal value = raw.node().decimalValue();
    if (value.signum() <= 0) {
      return Check.fail(notPositive(raw));
    }
    // Cheap bounds first: precision - scale is the count of integer digits, whatever the exponent.
    if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      return Check.fail(tooLarge(raw));
    }
    if (value.stripTrailingZeros().scale() > Money.SCALE) {
      return Check.fail(
          AMOUNT_FIELD,
          Reason.TOO_MANY_DECIMALS,
          "Field " + AMOUNT_FIELD + " has more than two decimals: " + raw.quoted());
    }
    if (value.compareTo(Money.MAX_AMOUNT) > 0) {
      return Check.fail(tooLarge(raw));
    }
    return Check.ok(Money.requireValidAmount(value));
  }

  /** Judges a number whose exponent overflows a BigDecimal, from its text alone. */
  private static ContractViolation unrepresentableAmount(RawField raw) {
    String text = raw.source();
    int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    boolean zero = mantissa.chars().noneMatch(c -> c >= '1' && c <= '9');
    if (text.startsWith("-") || zero) {
      return notPositive(raw);
    }
    if (exponent >= 0 && exponent + 1 < text.length() && text.charAt(exponent + 1) == '-') {
      return new ContractViolation(
          AMOUNT_FIELD,
          Reason.TOO_MANY_DECIMALS,
          "Field " + AMOUNT_FIELD + " has more than two decimals: " + raw.quoted());
    }
    return tooLarge(raw);
  }

  private static ContractViolation notPositive(RawField raw) {
    return new ContractViolation(
        AMOUNT_FIELD,
        Reason.NOT_POSITIVE,
        "Field " + AMOUNT_FIELD + " must be greater than 0: " + raw.quoted());
  }

  private static ContractViolation tooLarge(RawField raw) {
    return new ContractViolation(
        AMOUNT_FIELD,
        Reason.AMOUNT_TOO_LARGE,
        "Field "
            + AMOUNT_FIELD
            + " exceeds the maximum of "
            + Money.MAX_AMOUNT.toPlainString()
            + ": "
            + raw.quoted());
  }

  // ---------------------------------------------------------------------------------------------
  // Shared checks and messages.

  /** MISSING or NULL, or {@code null} if the field has a non-null value. */
  private static ContractViolation requirePresent(String field, RawField raw, String expected) {
    if (raw == null) {
      return new ContractViolation(
          field, Reason.MISSING, "Field " + field + " is missing; it must be " + expected + ".");
    }
    if (raw.type() == JsonNodeType.NULL) {
      return new ContractViolation(
          field, Reason.NULL, "Field " + field + " is null; it must be " + expected + ".");
    }
    return null;
  }

  /** MISSING, NULL or WRONG_TYPE, or {@code null} if the field has a value of {@code type}. */
  private static ContractViolation requireType(
      String field, RawField raw, JsonNodeType type, String expected) {
    ContractViolation problem = requirePresent(field, raw, expected);
    if (problem != null) {
      return problem;
    }
    return raw.type() == type ? null : wrongType(field, raw, expected);
  }

  private static ContractViolation wrongType(String field, RawField raw, String expected) {
    return new ContractViolation(
        field,
        Reason.WRONG_TYPE,
        "Field "
            + field
            + " must be "
            + expected
            + " but is "
            + typeName(raw)
            + ": "
            + raw.quoted());
  }

  private static String typeName(RawField raw) {
    switch (raw.type()) {
      case STRING:
        return "a string";
      case NUMBER:
        return raw.node() != null && raw.node().isIntegralNumber()
            ? "an integer"
            : "a decimal number";
      case BOOLEAN:
        return "a boolean";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return "a " + raw.type().name().toLowerCase(Locale.ROOT);
    }
  }

  private static ContractViolation invalidDocument(Reason reason, String message) {
    return new ContractViolation(ContractViolation.DOCUMENT, reason, message);
  }

  private static DecodeResult invalid(String field, Reason reason, String message) {
    return DecodeResult.invalid(new ContractViolation(field, reason, message));
  }
}
