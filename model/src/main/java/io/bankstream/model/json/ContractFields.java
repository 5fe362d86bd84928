package io.bankstream.model.json;

import static io.bankstream.model.json.TransactionCodec.CONTRACT_FIELDS;
import static io.bankstream.model.json.TransactionCodec.EARLIEST_EVENT_TIME;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_LIMIT;
import static io.bankstream.model.json.TransactionCodec.PAYER_FIELD;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract's rules for the seven fields of a transaction message, for {@link TransactionCodec}:
 * how each field's JSON value is read and checked (UUIDs, UF code, modality, event time, amount),
 * and the exact message of each field violation. The codec handles the payload and the document
 * around them; it hands each contract field's value token here while it reads the object, and asks
 * {@link #firstViolationOrTransaction} for the result once the object is read. The rules themselves
 * are documented on {@link TransactionCodec}. Stateless, static only.
 */
final class ContractFields {

  // Indexes into CONTRACT_FIELDS, then a slot for the receiver's id as sent, which a
  // SAME_PAYER_AND_RECEIVER message quotes.
  private static final int ID = 0;
  private static final int PAYER = 1;
  private static final int RECEIVER = 2;
  private static final int REGION = 3;
  private static final int MODALITY = 4;
  private static final int EVENT_TIME = 5;
  private static final int AMOUNT = 6;
  private static final int RECEIVER_AS_SENT = 7;

  /** What each contract field must hold, as MISSING, NULL and WRONG_TYPE messages say. */
  private static final List<String> EXPECTED =
      List.of(
          "a UUID string",
          "a UUID string",
          "a UUID string",
          "a UF code string",
          "a string: PIX, TED, DOC or BOLETO",
          "epoch milliseconds (an integer) or an ISO-8601 date-time string",
          "a JSON number");

  /**
   * What a field's violation says after "Field {name} ", by reason; see {@link #fieldViolation}.
   */
  private static final Map<Reason, String> SENTENCES =
      Map.ofEntries(
          Map.entry(Reason.MISSING, "is missing; it must be %s."),
          Map.entry(Reason.NULL, "is null; it must be %s."),
          Map.entry(Reason.WRONG_TYPE, "must be %s but is %s: %s"),
          Map.entry(
              Reason.INVALID_UUID, "is not a canonical UUID (8-4-4-4-12 hexadecimal digits): %s"),
          Map.entry(
              Reason.SAME_PAYER_AND_RECEIVER,
              "must differ from " + PAYER_FIELD + ", but both are %s."),
          Map.entry(Reason.UNKNOWN_REGION, "is not one of the 27 UF codes (AC to TO): %s"),
          Map.entry(Reason.UNKNOWN_MODALITY, "is not one of PIX, TED, DOC or BOLETO: %s"),
          Map.entry(
              Reason.INVALID_TIMESTAMP,
              "is not an ISO-8601 date-time such as 2024-05-28T14:23:11.123-03:00: %s"),
          Map.entry(
              Reason.TIMESTAMP_OUT_OF_RANGE,
              "is outside ["
                  + EARLIEST_EVENT_TIME
                  + ", "
                  + EVENT_TIME_LIMIT
                  + ") (epoch seconds instead of milliseconds?): %s"),
          Map.entry(Reason.NOT_POSITIVE, "must be greater than 0: %s"),
          Map.entry(Reason.TOO_MANY_DECIMALS, "has more than two decimals: %s"),
          Map.entry(
              Reason.AMOUNT_TOO_LARGE,
              "exceeds the maximum of " + Money.MAX_AMOUNT.toPlainString() + ": %s"));

  private static final int UUID_LENGTH = 36;

  /** Longer strings cannot be a date-time of the accepted forms; they are not parsed. */
  private static final int MAX_TIMESTAMP_CHARS = 64;

  /** Digits before the decimal point of {@link Money#MAX_AMOUNT}. */
  private static final int MAX_INTEGER_DIGITS = 13;

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

  private ContractFields() {}

  /** A fresh array of per-field slots for {@link #readField}: all {@code null}, all absent. */
  static Object[] newValues() {
    return new Object[RECEIVER_AS_SENT + 1];
  }

  /**
   * The transaction of the fields read into {@code values}, or the first violation in contract
   * order: a field never read is MISSING.
   */
  static DecodeResult firstViolationOrTransaction(Object[] values) {
    for (int field = 0; field < CONTRACT_FIELDS.size(); field++) {
      if (values[field] == null) {
        return DecodeResult.invalid(fieldViolation(field, Reason.MISSING, EXPECTED.get(field)));
      }
      if (values[field] instanceof ContractViolation violation) {
        return DecodeResult.invalid(violation);
      }
      if (field == RECEIVER && values[RECEIVER].equals(values[PAYER])) {
        String asSent = (String) values[RECEIVER_AS_SENT];
        return DecodeResult.invalid(
            fieldViolation(field, Reason.SAME_PAYER_AND_RECEIVER, quoted(asSent)));
      }
    }
    return DecodeResult.valid(
        new Transaction(
            (UUID) values[ID],
            (UUID) values[PAYER],
            (UUID) values[RECEIVER],
            (Region) values[REGION],
            (PaymentModality) values[MODALITY],
            (Instant) values[EVENT_TIME],
            (BigDecimal) values[AMOUNT]));
  }

  /** The value of contract field {@code field} at the parser's current token, or its violation. */
  static Object readField(
      int field, JsonParser parser, JsonToken token, byte[] json, Object[] values, ZoneId naiveZone)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return fieldViolation(field, Reason.NULL, EXPECTED.get(field));
    }
    if (field == EVENT_TIME) {
      return readEventTime(parser, token, json, naiveZone);
    }
    if (field == AMOUNT) {
      return readAmount(parser, token, json);
    }
    if (token != JsonToken.VALUE_STRING) {
      return wrongType(field, parser, token, json);
    }
    String text = parser.getText();
    Object value =
        switch (field) {
          case REGION -> Region.fromCode(text).orElse(null);
          case MODALITY -> PaymentModality.fromContract(text).orElse(null);
          default -> canonicalUuid(text);
        };
    if (value == null) {
      Reason reason =
          switch (field) {
            case REGION -> Reason.UNKNOWN_REGION;
            case MODALITY -> Reason.UNKNOWN_MODALITY;
            default -> Reason.INVALID_UUID;
          };
      return fieldViolation(field, reason, quoted(text));
    }
    if (field == RECEIVER) {
      values[RECEIVER_AS_SENT] = text;
    }
    return value;
  }

  /**
   * {@code text} as a UUID if it is one in canonical form, any case, else {@code null}. A contract
   * rule, not a JSON one: {@link UUID#fromString} also takes forms such as {@code 1-1-1-1-1} or
   * digits that are not ASCII; a canonical UUID is one that prints back as itself.
   */
  private static UUID canonicalUuid(String text) {
    if (text.length() != UUID_LENGTH) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Object readEventTime(
      JsonParser parser, JsonToken token, byte[] json, ZoneId naiveZone) throws IOException {
    Instant instant = null; // an integer beyond a long stays null: out of range
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        instant = Instant.ofEpochMilli(parser.getLongValue());
      }
    } else if (token == JsonToken.VALUE_STRING) {
      instant = parseDateTime(parser.getText(), naiveZone);
      if (instant == null) {
        return fieldViolation(EVENT_TIME, Reason.INVALID_TIMESTAMP, quoted(parser.getText()));
      }
    } else {
      // Includes decimal numbers such as 1.5 or 1716912345000.0: epoch milliseconds are integers.
      return wrongType(EVENT_TIME, parser, token, json);
    }
    if (instant == null
        || instant.isBefore(EARLIEST_EVENT_TIME)
        || !instant.isBefore(EVENT_TIME_LIMIT)) {
      return fieldViolation(EVENT_TIME, Reason.TIMESTAMP_OUT_OF_RANGE, quoted(parser, token, json));
    }
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The instant of an ISO-8601 date-time with {@code T} or a space, with or without an offset (a
   * naive one is read in {@code naiveZone}); {@code null} if it is not one.
   */
  private static Instant parseDateTime(String text, ZoneId naiveZone) {
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
      return parsed instanceof OffsetDateTime offsetDateTime
          ? offsetDateTime.toInstant()
          : ((LocalDateTime) parsed).atZone(naiveZone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Object readAmount(JsonParser parser, JsonToken token, byte[] json)
      throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      return wrongType(AMOUNT, parser, token, json);
    }
    BigDecimal value;
    try {
      value = parser.getDecimalValue();
    } catch (JsonParseException | NumberFormatException | ArithmeticException e) {
      // A valid JSON number (Jackson checked its syntax) whose exponent does not fit a
      // BigDecimal's scale, such as 1e99999999999: judged by its text.
      String text = parser.getText();
      return fieldViolation(
          AMOUNT, unrepresentableAmountProblem(text), ContractViolation.excerpt(text));
    }
    Reason problem = amountProblem(value);
    return problem == null
        ? Money.requireValidAmount(value)
        : fieldViolation(AMOUNT, problem, ContractViolation.excerpt(value.toString()));
  }

  /** The contract's amount rule that {@code value} breaks, or {@code null}: Money's, as reasons. */
  private static Reason amountProblem(BigDecimal value) {
    if (value.signum() <= 0) {
      return Reason.NOT_POSITIVE;
    }
    // Cheap bounds first: precision - scale is the count of integer digits, whatever the exponent.
    if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      return Reason.AMOUNT_TOO_LARGE;
    }
    if (value.stripTrailingZeros().scale() > Money.SCALE) {
      return Reason.TOO_MANY_DECIMALS;
    }
    return value.compareTo(Money.MAX_AMOUNT) > 0 ? Reason.AMOUNT_TOO_LARGE : null;
  }

  /** {@link #amountProblem} for a number too large for a BigDecimal, from its text alone. */
  private static Reason unrepresentableAmountProblem(String text) {
    int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    if (text.startsWith("-") || mantissa.chars().noneMatch(c -> c >= '1' && c <= '9')) {
      return Reason.NOT_POSITIVE;
    }
    boolean negativeExponent = exponent >= 0 && text.startsWith("-", exponent + 1);
    return negativeExponent ? Reason.TOO_MANY_DECIMALS : Reason.AMOUNT_TOO_LARGE;
  }

  // ---------------------------------------------------------------------------------------------
  // Shared messages.

  /** WRONG_TYPE for the value at the current token; an array or object is skipped. */
  private static ContractViolation wrongType(
      int field, JsonParser parser, JsonToken token, byte[] json) throws IOException {
    String type =
        switch (token) {
          case VALUE_STRING -> "a string";
          case VALUE_NUMBER_INT -> "an integer";
          case VALUE_NUMBER_FLOAT -> "a decimal number";
          case START_ARRAY -> "an array";
          case START_OBJECT -> "an object";
          default -> "a boolean";
        };
    return fieldViolation(
        field, Reason.WRONG_TYPE, EXPECTED.get(field), type, quoted(parser, token, json));
  }

  /**
   * The value at the current token as a message quotes it, cut to an excerpt: a string in JSON
   * quotes, a number as Java prints it, an array or object as its source (which is skipped).
   */
  private static String quoted(JsonParser parser, JsonToken token, byte[] json) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return quoted(parser.getText());
    }
    if (token.isStructStart()) {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      TransactionCodec.skipNested(parser);
      int end = (int) parser.currentLocation().getByteOffset();
      return ContractViolation.excerpt(TransactionCodec.slice(json, start, end));
    }
    try {
      return ContractViolation.excerpt(
          token.isNumeric() ? parser.getNumberValueExact().toString() : parser.getText());
    } catch (JsonParseException | NumberFormatException | ArithmeticException e) {
      return ContractViolation.excerpt(parser.getText()); // an exponent beyond BigDecimal's
    }
  }

  /** {@code text} as a JSON string, cut to an excerpt. */
  private static String quoted(String text) {
    return ContractViolation.excerpt(TextNode.valueOf(text).toString());
  }

  /** A violation of contract field {@code field}: "Field {name} ", then its reason's sentence. */
  private static ContractViolation fieldViolation(int field, Reason reason, Object... details) {
    String name = CONTRACT_FIELDS.get(field);
    return new ContractViolation(
        name, reason, "Field " + name + " " + String.format(SENTENCES.get(reason), details));
  }
}
