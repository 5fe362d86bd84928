package io.bankstream.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.Money;
import io.bankstream.model.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads and writes the JSON of one transaction as it travels on Kafka (SPEC section 3). {@link
 * #decode(byte[])} turns a UTF-8 payload into a {@link DecodeResult}: a {@link Transaction}, or the
 * first {@link ContractViolation} found; it never returns {@code null} and never throws for bad
 * input. {@link #encode(Transaction)} writes the seven contract fields, in contract order, as
 * compact UTF-8 JSON that {@code decode} reads back to an equal transaction (for every transaction
 * {@code decode} can produce: event time in range, whole milliseconds). The codec holds no state
 * (one shared Jackson factory is static), so it is thread-safe, serializable and free to create: a
 * Beam {@code DoFn} can keep one in a field.
 *
 * <p>Decoding rules, checked in this order, stopping at the first violation:
 *
 * <ol>
 *   <li>The payload ({@code "$"}): at most {@value #MAX_PAYLOAD_BYTES} bytes ({@code
 *       TOO_LARGE_PAYLOAD}); no NUL byte and well-formed UTF-8 throughout, unknown fields included;
 *       valid JSON ({@code MALFORMED_JSON}: also empty input, {@code NaN}, and Jackson's limits:
 *       numbers of more than 1,000 digits, nesting deeper than 1,000); one JSON object ({@code
 *       NOT_AN_OBJECT}) followed by nothing but whitespace ({@code TRAILING_CONTENT}); no field
 *       name twice in that object ({@code DUPLICATE_FIELD}, on the contract field if it is one,
 *       else on {@code "$"}). Unknown extra fields are ignored (a tolerant reader).
 *   <li>Then each field in contract order; a field that is absent is {@code MISSING}, a JSON {@code
 *       null} is {@code NULL}, a value of the wrong JSON type is {@code WRONG_TYPE}.
 *   <li>The three ids: canonical 8-4-4-4-12 hexadecimal UUID strings, any case ({@code
 *       INVALID_UUID}; forms that {@link UUID#fromString} would also take, such as {@code
 *       1-1-1-1-1}, are refused). A receiver equal to the payer is {@code SAME_PAYER_AND_RECEIVER}
 *       on {@code id_usuario_recebedor}.
 *   <li>{@code id_regiao}: one of the 27 UF codes, any case ({@code UNKNOWN_REGION}). {@code
 *       modalidade_pagamento}: {@code PIX}, {@code TED}, {@code DOC} or {@code BOLETO}, any case
 *       ({@code UNKNOWN_MODALITY}).
 *   <li>{@code data_horario}: a JSON integer of epoch milliseconds, or an ISO-8601 date-time string
 *       with {@code T} or a single space between date and time, 0 to 9 fractional digits, and an
 *       optional offset ({@code Z}, {@code -03:00}, {@code -0300}, {@code -03}); one without an
 *       offset (Python's {@code isoformat()} of a naive datetime) is read in {@value
 *       #LOCAL_ZONE_ID}, a time skipped by a daylight-saving change moved forward, an ambiguous one
 *       at the earlier offset. A decimal number is {@code WRONG_TYPE}, an unparseable string {@code
 *       INVALID_TIMESTAMP}. An instant outside [{@link #EARLIEST_EVENT_TIME}, {@link
 *       #EVENT_TIME_LIMIT}) is {@code TIMESTAMP_OUT_OF_RANGE}: this catches epoch seconds sent as
 *       milliseconds, and integers beyond a {@code long}. Finer fractions than milliseconds are
 *       truncated.
 *   <li>{@code valor_transacao}: a JSON number (a string such as {@code "10.00"} is {@code
 *       WRONG_TYPE}), read exactly as a {@link BigDecimal}; greater than 0 ({@code NOT_POSITIVE}),
 *       at most two decimals once trailing zeros are stripped ({@code TOO_MANY_DECIMALS}), at most
 *       {@link Money#MAX_AMOUNT} ({@code AMOUNT_TOO_LARGE}). Huge exponents such as {@code
 *       1e999999999} are judged by precision and scale, without expanding them.
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

  /** The zone a {@code data_horario} string without an offset is read in, unless told another. */
  public static final String LOCAL_ZONE_ID = "America/Sao_Paulo";

  /** {@link #LOCAL_ZONE_ID} as a zone. */
  public static final ZoneId LOCAL_ZONE = ZoneId.of(LOCAL_ZONE_ID);

  /** The earliest accepted event time, inclusive. */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /** The end of the accepted event times, exclusive. */
  public static final Instant EVENT_TIME_LIMIT = Instant.parse("2100-01-01T00:00:00Z");

  /** Bytes of source quoted for an array or object value, before it is cut to an excerpt. */
  private static final int MAX_SOURCE_BYTES = 4 * ContractViolation.MAX_EXCERPT_CHARS;

  /**
   * The one factory, thread-safe: a name twice in an object fails the parse, and error locations
   * never quote the payload (it may be large, and it is stored separately in the dead letter).
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final ThreadLocal<Utf8Check> UTF8 = ThreadLocal.withInitial(Utf8Check::new);

  private final ZoneId naiveZone;

  /** A codec reading a naive {@code data_horario} in {@link #LOCAL_ZONE}. */
  public TransactionCodec() {
    this(LOCAL_ZONE);
  }

  /**
   * A codec reading a naive {@code data_horario} (an ISO-8601 date-time without an offset) in
   * {@code naiveZone}: the seed's own producer wrote naive times in UTC, its containers' zone.
   */
  public TransactionCodec(ZoneId naiveZone) {
    this.naiveZone = Objects.requireNonNull(naiveZone, "naiveZone");
  }

  /** A codec reading naive times in {@link #LOCAL_ZONE}. */
  public static TransactionCodec create() {
    return new TransactionCodec();
  }

  /** The zone this codec reads a naive {@code data_horario} in. */
  public ZoneId naiveZone() {
    return naiveZone;
  }

  /**
   * Decodes one message value as sent on Kafka (UTF-8 JSON). A {@code null} value (a Kafka
   * tombstone) is {@code MALFORMED_JSON}.
   */
  public DecodeResult decode(byte[] utf8Json) {
    ContractViolation problem = checkPayload(utf8Json);
    // Per contract field: its value, or the violation that refused it, null while absent.
    Object[] values = ContractFields.newValues();
    if (problem == null) {
      problem = readDocument(utf8Json, values, naiveZone);
    }
    return problem != null
        ? DecodeResult.invalid(problem)
        : ContractFields.firstViolationOrTransaction(values);
  }

  /**
   * Decodes one message given as text; the same rules as {@link #decode(byte[])}, the size limit
   * counted in UTF-8 bytes.
   */
  public DecodeResult decode(String json) {
    return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
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
    try (JsonGenerator generator = JSON.createGenerator(out)) {
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
  // The payload and the document: size, encoding, syntax, shape, duplicates.

  private static ContractViolation checkPayload(byte[] payload) {
    if (payload == null) {
      return documentViolation(
          Reason.MALFORMED_JSON, "is null: a message must carry a JSON object.");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return documentViolation(
          Reason.TOO_LARGE_PAYLOAD,
          "has " + payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES + " allowed.");
    }
    // NUL is well-formed UTF-8, so the decoder lets it pass, but it never belongs in UTF-8 JSON;
    // in the first bytes it would make Jackson guess UTF-16 or UTF-32.
    for (byte b : payload) {
      if (b == 0) {
        return documentViolation(
            Reason.MALFORMED_JSON, "is not valid UTF-8 JSON: it contains a NUL byte.");
      }
    }
    // All of it: Jackson decodes only what it reads, not the strings of skipped fields.
    int bad = UTF8.get().firstMalformedByte(payload);
    if (bad >= 0) {
      return documentViolation(
          Reason.MALFORMED_JSON,
          String.format(
              "is not valid UTF-8: byte 0x%02X at offset %d does not start a well-formed sequence.",
              payload[bad] & 0xFF, bad));
    }
    return null;
  }

  /** The JDK's UTF-8 decoder (it has state, so one per thread) and the chunk it decodes into. */
  private static final class Utf8Check {
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chunk = CharBuffer.allocate(1024);

    /**
     * The offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates, code
     * points above U+10FFFF and sequences cut short are not), or -1 if there is none.
     */
    int firstMalformedByte(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      decoder.reset();
      CoderResult result;
      do {
        result = decoder.decode(in, chunk.clear(), true);
      } while (result.isOverflow());
      return result.isError() ? in.position() : -1;
    }
  }

  /**
   * Parses {@code json}, storing each contract field's value or violation in {@code values};
   * returns the document's violation, or {@code null} if it has none.
   */
  private static ContractViolation readDocument(byte[] json, Object[] values, ZoneId naiveZone) {
    String duplicate;
    try (JsonParser parser = JSON.createParser(json)) {
      try {
        return readObject(parser, json, values, naiveZone);
      } catch (JsonParseException e) {
        // Jackson 2 has no exception type of its own for a duplicate name, only this message.
        if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field ")) {
          throw e;
        }
        duplicate = parser.getParsingContext().getCurrentName();
      }
    } catch (IOException | RuntimeException e) {
      // IOException: Jackson's syntax and constraint errors. RuntimeException: Jackson 2.15 lets a
      // few unchecked exceptions escape for valid but unrepresentable input; none may crash us.
      return malformed(e);
    }
    // Jackson stopped at the duplicate, but broken JSON or trailing content after it comes first:
    // read the document again without the check.
    try (JsonParser parser = JSON.createParser(json)) {
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      ContractViolation other = readObject(parser, json, new Object[values.length], naiveZone);
      if (other != null) {
        return other;
      }
    } catch (IOException | RuntimeException e) {
      return malformed(e);
    }
    return CONTRACT_FIELDS.contains(duplicate)
        ? new ContractViolation(
            duplicate, Reason.DUPLICATE_FIELD, "Field " + duplicate + " appears more than once.")
        : documentViolation(
            Reason.DUPLICATE_FIELD,
            "has the field "
                + ContractViolation.excerpt('"' + duplicate + '"')
                + " more than once.");
  }

  private static ContractViolation readObject(
      JsonParser parser, byte[] json, Object[] values, ZoneId naiveZone) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return documentViolation(Reason.MALFORMED_JSON, "is empty: it holds no JSON value.");
    }
    if (first != JsonToken.START_OBJECT) {
      // Read the whole value, so that broken JSON is reported as such.
      skipNested(parser);
      parser.finishToken();
      return documentViolation(
          Reason.NOT_AN_OBJECT,
          "must be a JSON object but is "
              + describe(first)
              + ": "
              + ContractViolation.excerpt(slice(json, 0, json.length).strip()));
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      int field = CONTRACT_FIELDS.indexOf(parser.currentName());
      JsonToken token = parser.nextToken();
      if (field >= 0) {
        values[field] = ContractFields.readField(field, parser, token, json, values, naiveZone);
      } else {
        skipNested(parser);
        parser.finishToken();
      }
    }
    // The loop ends on the object's END_OBJECT: Jackson reports anything else as an error.
    int end = (int) Math.min(parser.currentLocation().getByteOffset(), json.length);
    if (hasTrailingContent(parser)) {
      return documentViolation(
          Reason.TRAILING_CONTENT,
          "has content after the JSON object: "
              + ContractViolation.excerpt(slice(json, end, json.length).strip()));
    }
    return null;
  }

  /**
   * Skips the array or object at the current token, if it is one. The contract forbids a name twice
   * in the message's own object only: objects nested in values are read as tolerantly as unknown
   * fields.
   */
  static void skipNested(JsonParser parser) throws IOException {
    if (parser.currentToken().isStructStart()) {
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      parser.skipChildren();
    }
  }

  private static boolean hasTrailingContent(JsonParser parser) {
    try {
      return parser.nextToken() != null;
    } catch (IOException e) {
      return true;
    }
  }

  /** Up to {@link #MAX_SOURCE_BYTES} bytes of {@code json} from {@code start}, as text. */
  static String slice(byte[] json, int start, int end) {
    int from = Math.max(0, Math.min(start, json.length));
    int to = Math.max(from, Math.min(Math.min(end, json.length), from + MAX_SOURCE_BYTES));
    return new String(json, from, to - from, StandardCharsets.UTF_8);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "not an object";
    };
  }

  private static ContractViolation malformed(Exception e) {
    String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
    String where = "";
    if (e instanceof JsonProcessingException jsonError) {
      detail = jsonError.getOriginalMessage();
      JsonLocation location = jsonError.getLocation();
      if (location != null && location.getLineNr() > 0) {
        where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      }
    }
    return documentViolation(
        Reason.MALFORMED_JSON,
        "is not valid JSON" + where + ": " + ContractViolation.excerpt(detail));
  }

  /** A violation of the payload as a whole: "The payload ($) {sentence}". */
  private static ContractViolation documentViolation(Reason reason, String sentence) {
    return new ContractViolation(ContractViolation.DOCUMENT, reason, "The payload ($) " + sentence);
  }
}
