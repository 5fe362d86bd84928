package io.bankstream.model.json;

import static io.bankstream.model.TransactionFixtures.EVENT_TIME;
import static io.bankstream.model.TransactionFixtures.PAYER_ID;
import static io.bankstream.model.TransactionFixtures.RECEIVER_ID;
import static io.bankstream.model.TransactionFixtures.TRANSACTION_ID;
import static io.bankstream.model.TransactionFixtures.aTransaction;
import static io.bankstream.model.json.TransactionCodec.AMOUNT_FIELD;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_FIELD;
import static io.bankstream.model.json.TransactionCodec.ID_FIELD;
import static io.bankstream.model.json.TransactionCodec.MODALITY_FIELD;
import static io.bankstream.model.json.TransactionCodec.PAYER_FIELD;
import static io.bankstream.model.json.TransactionCodec.RECEIVER_FIELD;
import static io.bankstream.model.json.TransactionCodec.REGION_FIELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionCodecTest {

  private static final TransactionCodec CODEC = TransactionCodec.create();

  /** Long enough for any violation message: sentence, field name and an 80-char excerpt. */
  private static final int MAX_MESSAGE_CHARS = 250;

  private static final String SEED_MESSAGE =
      "{\"id_transacao\": \"5f0c2a8e-3b1d-4e6f-9a7c-2d4b6e8f0a1c\", "
          + "\"id_usuario_pagador\": \"9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d\", "
          + "\"id_usuario_recebedor\": \"1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\", "
          + "\"id_regiao\": \"SP\", \"modalidade_pagamento\": \"Boleto\", "
          + "\"data_horario\": \"2024-05-28T14:23:11.123456\", \"valor_transacao\": 1520.5}";

  // -----------------------------------------------------------------------------------------------
  // Valid messages.

  @Test
  void decodesEveryFieldOfTheContract() {
    String json =
        ContractMessage.valid()
            .withString(REGION_FIELD, "RJ")
            .withString(MODALITY_FIELD, "TED")
            .with(AMOUNT_FIELD, "99.90")
            .json();

    Transaction transaction = decodeValid(json);

    assertThat(transaction.id()).isEqualTo(TRANSACTION_ID);
    assertThat(transaction.payerId()).isEqualTo(PAYER_ID);
    assertThat(transaction.receiverId()).isEqualTo(RECEIVER_ID);
    assertThat(transaction.region()).isEqualTo(Region.RJ);
    assertThat(transaction.modality()).isEqualTo(PaymentModality.TED);
    assertThat(transaction.eventTime()).isEqualTo(EVENT_TIME);
    assertThat(transaction.amount()).isEqualTo(new BigDecimal("99.90"));
  }

  @Test
  void decodesTheSeedProducersMessage() {
    Transaction transaction = decodeValid(SEED_MESSAGE);

    assertThat(transaction.id()).isEqualTo(UUID.fromString("5f0c2a8e-3b1d-4e6f-9a7c-2d4b6e8f0a1c"));
    assertThat(transaction.region()).isEqualTo(Region.SP);
    assertThat(transaction.modality()).isEqualTo(PaymentModality.BOLETO);
    assertThat(transaction.eventTime()).isEqualTo(Instant.parse("2024-05-28T17:23:11.123Z"));
    assertThat(transaction.amount()).isEqualTo(new BigDecimal("1520.50"));
    assertThat(transaction.amount().scale()).isEqualTo(2);
  }

  @Test
  void decodesBytesAndStringAlike() {
    byte[] bytes = SEED_MESSAGE.getBytes(StandardCharsets.UTF_8);

    assertThat(CODEC.decode(bytes)).isEqualTo(CODEC.decode(SEED_MESSAGE));
  }

  @Test
  void ignoresUnknownFields() {
    String json =
        ContractMessage.valid()
            .withString("canal", "app")
            .with("metadata", "{\"device\": [1, 2.5, {\"x\": null}], \"id_regiao\": 7}")
            .with("score", "1e999999999")
            .json();

    assertThat(decodeValid(json)).isEqualTo(aTransaction().build());
  }

  @Test
  void acceptsAnyCaseForIdsRegionAndModality() {
    String json =
        ContractMessage.valid()
            .withString(ID_FIELD, TRANSACTION_ID.toString().toUpperCase())
            .withString(REGION_FIELD, "sp")
            .withString(MODALITY_FIELD, "pix")
            .json();

    assertThat(decodeValid(json)).isEqualTo(aTransaction().build());
  }

  static Stream<Arguments> eventTimes() {
    return Stream.of(
        arguments("epoch milliseconds", "1716916991123", "2024-05-28T17:23:11.123Z"),
        arguments("first accepted millisecond", "946684800000", "2000-01-01T00:00:00Z"),
        arguments("last accepted millisecond", "4102444799999", "2099-12-31T23:59:59.999Z"),
        arguments("naive ISO, Sao Paulo time", "\"2024-05-28T14:23:11\"", "2024-05-28T17:23:11Z"),
        arguments(
            "naive ISO with microseconds (Python isoformat)",
            "\"2024-05-28T14:23:11.123456\"",
            "2024-05-28T17:23:11.123Z"),
        arguments(
            "naive ISO with nanoseconds",
            "\"2024-05-28T14:23:11.987654321\"",
            "2024-05-28T17:23:11.987Z"),
        arguments(
            "naive with a space (Python str(datetime))",
            "\"2024-05-28 14:23:11.123456\"",
            "2024-05-28T17:23:11.123Z"),
        arguments("naive without seconds", "\"2024-05-28T14:23\"", "2024-05-28T17:23:00Z"),
        arguments(
            "naive during Brazil's former summer time (UTC-2)",
            "\"2018-01-15T12:00:00\"",
            "2018-01-15T14:00:00Z"),
        arguments(
            "with offset -03:00", "\"2024-05-28T14:23:11.123-03:00\"", "2024-05-28T17:23:11.123Z"),
        arguments("with offset +01:00", "\"2024-05-28T14:23:11+01:00\"", "2024-05-28T13:23:11Z"),
        arguments("with offset -0300", "\"2024-05-28T14:23:11-0300\"", "2024-05-28T17:23:11Z"),
        arguments("with Z", "\"2024-05-28T14:23:11.123Z\"", "2024-05-28T14:23:11.123Z"),
        arguments("with lower-case z", "\"2024-05-28t14:23:11z\"", "2024-05-28T14:23:11Z"),
        arguments(
            "space and offset (Python str(aware datetime))",
            "\"2024-05-28 14:23:11.123456+00:00\"",
            "2024-05-28T14:23:11.123Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTimes")
  void readsBothFormsOfDataHorario(String name, String rawJson, String expected) {
    String json = ContractMessage.valid().with(EVENT_TIME_FIELD, rawJson).json();

    assertThat(decodeValid(json).eventTime()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void readsANaiveTimeInTheZoneItIsGiven() {
    // The seed's producer: datetime.now().isoformat() in a UTC container.
    String json =
        ContractMessage.valid().with(EVENT_TIME_FIELD, "\"2024-05-28T14:23:11.123456\"").json();
    TransactionCodec utc = new TransactionCodec(ZoneOffset.UTC);

    Transaction asUtc =
        utc.decode(json.getBytes(StandardCharsets.UTF_8)).transactionIfValid().get();

    assertThat(asUtc.eventTime()).isEqualTo(Instant.parse("2024-05-28T14:23:11.123Z"));
    // Read as São Paulo time, the default, the same text lands three hours later.
    assertThat(decodeValid(json).eventTime()).isEqualTo(Instant.parse("2024-05-28T17:23:11.123Z"));
    // A time with an offset is the same whatever the zone.
    String withOffset =
        ContractMessage.valid().with(EVENT_TIME_FIELD, "\"2024-05-28T14:23:11-03:00\"").json();
    assertThat(
            utc.decode(withOffset.getBytes(StandardCharsets.UTF_8))
                .transactionIfValid()
                .get()
                .eventTime())
        .isEqualTo(decodeValid(withOffset).eventTime());
  }

  static Stream<Arguments> amounts() {
    return Stream.of(
        arguments("1520.5", "1520.50"),
        arguments("10.100", "10.10"),
        arguments("150", "150.00"),
        arguments("150.0", "150.00"),
        arguments("1.5E+2", "150.00"),
        arguments("1e1", "10.00"),
        arguments("100e-2", "1.00"),
        arguments("0.01", "0.01"),
        arguments("0.010000", "0.01"),
        arguments("9999999999999.99", "9999999999999.99"),
        arguments("9999999999999.990", "9999999999999.99"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("amounts")
  void readsAmountsExactlyAtScaleTwo(String rawJson, String expected) {
    String json = ContractMessage.valid().with(AMOUNT_FIELD, rawJson).json();

    BigDecimal amount = decodeValid(json).amount();

    assertThat(amount).isEqualTo(new BigDecimal(expected));
    assertThat(amount.scale()).isEqualTo(2);
  }

  // -----------------------------------------------------------------------------------------------
  // Encoding.

  @Test
  void encodesTheSevenFieldsInContractOrder() {
    Transaction transaction =
        aTransaction().modality(PaymentModality.BOLETO).region(Region.DF).amount("150").build();

    assertThat(CODEC.encodeToString(transaction))
        .isEqualTo(
            "{\"id_transacao\":\"3f1c6d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f\","
                + "\"id_usuario_pagador\":\"0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b\","
                + "\"id_usuario_recebedor\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\","
                + "\"id_regiao\":\"DF\",\"modalidade_pagamento\":\"BOLETO\","
                + "\"data_horario\":1716916991123,\"valor_transacao\":150.00}");
  }

  @Test
  void encodesIdsInLowerCaseAndBytesAsUtf8() {
    UUID upper = UUID.fromString("ABCDEF01-2345-4789-ABCD-EF0123456789");
    Transaction transaction = aTransaction().id(upper).build();

    byte[] bytes = CODEC.encode(transaction);

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"abcdef01-2345-4789-abcd-ef0123456789\"")
        .isEqualTo(CODEC.encodeToString(transaction));
  }

  static Stream<Transaction> transactions() {
    return Stream.of(
        aTransaction().build(),
        aTransaction().modality(PaymentModality.PIX).amount("0.01").region(Region.AC).build(),
        aTransaction().modality(PaymentModality.TED).amount("9999999999999.99").build(),
        aTransaction().modality(PaymentModality.DOC).amount("1520.5").region(Region.TO).build(),
        aTransaction()
            .modality(PaymentModality.BOLETO)
            .amount("1E+3")
            .eventTime(Instant.parse("2000-01-01T00:00:00Z"))
            .build(),
        aTransaction()
            .id(UUID.fromString("00000000-0000-4000-8000-000000000001"))
            .payerId(RECEIVER_ID)
            .receiverId(PAYER_ID)
            .eventTime(Instant.parse("2099-12-31T23:59:59.999Z"))
            .amount("123456789.10")
            .build());
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void roundTripsEncodeThenDecode(Transaction transaction) {
    assertThat(CODEC.decode(CODEC.encode(transaction))).isEqualTo(DecodeResult.valid(transaction));
    assertThat(CODEC.decode(CODEC.encodeToString(transaction)).transactionIfValid())
        .contains(transaction);
  }

  @ParameterizedTest
  @EnumSource(PaymentModality.class)
  void roundTripsEveryModality(PaymentModality modality) {
    Transaction transaction = aTransaction().modality(modality).build();

    assertThat(CODEC.encodeToString(transaction))
        .contains("\"modalidade_pagamento\":\"" + modality.name() + "\"");
    assertThat(decodeValid(CODEC.encodeToString(transaction))).isEqualTo(transaction);
  }

  // -----------------------------------------------------------------------------------------------
  // Broken messages: field and reason of the first violation.

  static Stream<Arguments> malformedMessages() {
    String valid = ContractMessage.valid().json();
    String uuid = PAYER_ID.toString();
    return Stream.of(
        // The document as a whole.
        broken("empty input", "", "$", Reason.MALFORMED_JSON),
        broken("whitespace only", " \n\t ", "$", Reason.MALFORMED_JSON),
        broken("plain text", "hello bank", "$", Reason.MALFORMED_JSON),
        broken("unquoted field name", "{id_transacao: 1}", "$", Reason.MALFORMED_JSON),
        broken("single quotes", valid.replace('"', '\''), "$", Reason.MALFORMED_JSON),
        broken("truncated object", valid.substring(0, 60), "$", Reason.MALFORMED_JSON),
        broken(
            "trailing comma",
            valid.substring(0, valid.length() - 1) + ",}",
            "$",
            Reason.MALFORMED_JSON),
        broken(
            "NaN amount",
            ContractMessage.valid().with(AMOUNT_FIELD, "NaN").json(),
            "$",
            Reason.MALFORMED_JSON),
        broken("NUL byte", valid.replace(", ", ",\u0000"), "$", Reason.MALFORMED_JSON),
        broken(
            "number longer than 1000 digits",
            ContractMessage.valid().with(AMOUNT_FIELD, "1" + "0".repeat(1200)).json(),
            "$",
            Reason.MALFORMED_JSON),
        broken("JSON array", "[" + valid + "]", "$", Reason.NOT_AN_OBJECT),
        broken("JSON string", "\"" + TRANSACTION_ID + "\"", "$", Reason.NOT_AN_OBJECT),
        broken("JSON number", "42", "$", Reason.NOT_AN_OBJECT),
        broken("JSON null", "null", "$", Reason.NOT_AN_OBJECT),
        broken("garbage after the object", valid + " x", "$", Reason.TRAILING_CONTENT),
        broken("second object", valid + "\n" + valid, "$", Reason.TRAILING_CONTENT),
        broken("stray closing brace", valid + "}", "$", Reason.TRAILING_CONTENT),
        broken(
            "oversized payload",
            ContractMessage.valid().withString("padding", "x".repeat(70_000)).json(),
            "$",
            Reason.TOO_LARGE_PAYLOAD),
        broken(
            "duplicate contract field",
            valid.substring(0, valid.length() - 1) + ", \"id_regiao\": \"RJ\"}",
            REGION_FIELD,
            Reason.DUPLICATE_FIELD),
        broken(
            "duplicate unknown field",
            ContractMessage.valid().with("x", "1").json().replace("}", ", \"x\": 2}"),
            "$",
            Reason.DUPLICATE_FIELD),
        // Each field missing.
        missing(ID_FIELD),
        missing(PAYER_FIELD),
        missing(RECEIVER_FIELD),
        missing(REGION_FIELD),
        missing(MODALITY_FIELD),
        missing(EVENT_TIME_FIELD),
        missing(AMOUNT_FIELD),
        // Null fields.
        withField("null id", ID_FIELD, "null", Reason.NULL),
        withField("null region", REGION_FIELD, "null", Reason.NULL),
        withField("null timestamp", EVENT_TIME_FIELD, "null", Reason.NULL),
        withField("null amount", AMOUNT_FIELD, "null", Reason.NULL),
        // Wrong JSON types.
        withField("number id", PAYER_FIELD, "123", Reason.WRONG_TYPE),
        withField("object id", RECEIVER_FIELD, "{\"uuid\": \"" + uuid + "\"}", Reason.WRONG_TYPE),
        withField("string amount", AMOUNT_FIELD, "\"10.00\"", Reason.WRONG_TYPE),
        withField("boolean amount", AMOUNT_FIELD, "true", Reason.WRONG_TYPE),
        withField("array amount", AMOUNT_FIELD, "[10.00]", Reason.WRONG_TYPE),
        withField("object region", REGION_FIELD, "{\"uf\": \"SP\"}", Reason.WRONG_TYPE),
        withField("number region", REGION_FIELD, "35", Reason.WRONG_TYPE),
        withField("array modality", MODALITY_FIELD, "[\"PIX\"]", Reason.WRONG_TYPE),
        withField("float timestamp", EVENT_TIME_FIELD, "1716916991123.5", Reason.WRONG_TYPE),
        withField(
            "integral float timestamp", EVENT_TIME_FIELD, "1.716916991123E12", Reason.WRONG_TYPE),
        withField("boolean timestamp", EVENT_TIME_FIELD, "false", Reason.WRONG_TYPE),
        // Ids.
        withField("id \"123\"", ID_FIELD, "\"123\"", Reason.INVALID_UUID),
        withField("id not-a-uuid", ID_FIELD, "\"not-a-uuid\"", Reason.INVALID_UUID),
        withField("id 1-1-1-1-1", PAYER_FIELD, "\"1-1-1-1-1\"", Reason.INVALID_UUID),
        withField("id in braces", PAYER_FIELD, "\"{" + uuid + "}\"", Reason.INVALID_UUID),
        withField(
            "id without dashes",
            RECEIVER_FIELD,
            "\"" + uuid.replace("-", "") + "\"",
            Reason.INVALID_UUID),
        withField("id with spaces", ID_FIELD, "\" " + uuid + " \"", Reason.INVALID_UUID),
        withField(
            "id with a non-hex digit",
            ID_FIELD,
            "\"" + uuid.replace('0', 'g') + "\"",
            Reason.INVALID_UUID),
        withField("empty id", ID_FIELD, "\"\"", Reason.INVALID_UUID),
        broken(
            "payer equal to receiver",
            ContractMessage.valid().withString(RECEIVER_FIELD, uuid.toUpperCase()).json(),
            RECEIVER_FIELD,
            Reason.SAME_PAYER_AND_RECEIVER),
        // Region and modality.
        withField("unknown UF XX", REGION_FIELD, "\"XX\"", Reason.UNKNOWN_REGION),
        withField("UF by name", REGION_FIELD, "\"São Paulo\"", Reason.UNKNOWN_REGION),
        withField("empty UF", REGION_FIELD, "\"\"", Reason.UNKNOWN_REGION),
        withField("unknown modality", MODALITY_FIELD, "\"CARTAO\"", Reason.UNKNOWN_MODALITY),
        withField("empty modality", MODALITY_FIELD, "\"\"", Reason.UNKNOWN_MODALITY),
        // Event time.
        withField("epoch seconds", EVENT_TIME_FIELD, "1716912345", Reason.TIMESTAMP_OUT_OF_RANGE),
        withField("negative millis", EVENT_TIME_FIELD, "-1", Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "epoch microseconds",
            EVENT_TIME_FIELD,
            "1716916991123456",
            Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "millis beyond a long",
            EVENT_TIME_FIELD,
            "99999999999999999999",
            Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "year 1999",
            EVENT_TIME_FIELD,
            "\"1999-12-31T23:59:59Z\"",
            Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "year 2100",
            EVENT_TIME_FIELD,
            "\"2100-01-01T00:00:00Z\"",
            Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "year 10000",
            EVENT_TIME_FIELD,
            "\"+10000-01-01T00:00:00\"",
            Reason.TIMESTAMP_OUT_OF_RANGE),
        withField(
            "unparseable timestamp", EVENT_TIME_FIELD, "\"yesterday\"", Reason.INVALID_TIMESTAMP),
        withField(
            "date without time", EVENT_TIME_FIELD, "\"2024-05-28\"", Reason.INVALID_TIMESTAMP),
        withField(
            "month 13", EVENT_TIME_FIELD, "\"2024-13-01T00:00:00\"", Reason.INVALID_TIMESTAMP),
        withField(
            "February 30", EVENT_TIME_FIELD, "\"2024-02-30T10:00:00\"", Reason.INVALID_TIMESTAMP),
        withField(
            "numeric string timestamp",
            EVENT_TIME_FIELD,
            "\"1716916991123\"",
            Reason.INVALID_TIMESTAMP),
        withField(
            "two spaces", EVENT_TIME_FIELD, "\"2024-05-28  14:23:11\"", Reason.INVALID_TIMESTAMP),
        // Amount.
        withField("negative amount", AMOUNT_FIELD, "-10.00", Reason.NOT_POSITIVE),
        withField("zero amount", AMOUNT_FIELD, "0", Reason.NOT_POSITIVE),
        withField("zero with decimals", AMOUNT_FIELD, "0.00", Reason.NOT_POSITIVE),
        withField("negative zero", AMOUNT_FIELD, "-0.0", Reason.NOT_POSITIVE),
        withField("three decimals", AMOUNT_FIELD, "10.001", Reason.TOO_MANY_DECIMALS),
        withField("a tenth of a cent", AMOUNT_FIELD, "0.001", Reason.TOO_MANY_DECIMALS),
        withField("above the maximum", AMOUNT_FIELD, "10000000000000.00", Reason.AMOUNT_TOO_LARGE),
        withField(
            "ten trillion as an integer", AMOUNT_FIELD, "10000000000000", Reason.AMOUNT_TOO_LARGE),
        withField("exponent above the maximum", AMOUNT_FIELD, "1E+20", Reason.AMOUNT_TOO_LARGE),
        withField("huge exponent", AMOUNT_FIELD, "1e999999999", Reason.AMOUNT_TOO_LARGE),
        withField("tiny exponent", AMOUNT_FIELD, "1e-999999999", Reason.TOO_MANY_DECIMALS),
        withField("exponent beyond an int", AMOUNT_FIELD, "1e99999999999", Reason.AMOUNT_TOO_LARGE),
        withField(
            "negative exponent beyond an int",
            AMOUNT_FIELD,
            "1e-99999999999",
            Reason.TOO_MANY_DECIMALS),
        withField(
            "zero with an exponent beyond an int",
            AMOUNT_FIELD,
            "0e99999999999",
            Reason.NOT_POSITIVE),
        withField(
            "negative with an exponent beyond an int",
            AMOUNT_FIELD,
            "-5e99999999999",
            Reason.NOT_POSITIVE),
        withField("huge integer", AMOUNT_FIELD, "9".repeat(900), Reason.AMOUNT_TOO_LARGE),
        // Several problems: the first field in contract order wins.
        broken(
            "bad region before bad amount",
            ContractMessage.valid()
                .with(AMOUNT_FIELD, "-1")
                .withString(REGION_FIELD, "XX")
                .without(EVENT_TIME_FIELD)
                .json(),
            REGION_FIELD,
            Reason.UNKNOWN_REGION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMessages")
  void reportsTheFirstViolation(String name, String payload, String field, Reason reason) {
    DecodeResult result = CODEC.decode(payload);

    assertThat(result.isValid()).as("valid: %s", name).isFalse();
    ContractViolation violation = result.violationIfInvalid().orElseThrow();
    assertThat(violation.field()).isEqualTo(field);
    assertThat(violation.reason()).isEqualTo(reason);
    assertThat(violation.message()).contains(field).hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
    assertThat(CODEC.decode(payload.getBytes(StandardCharsets.UTF_8))).isEqualTo(result);
  }

  @Test
  void hasManyDistinctMalformedCases() {
    Set<String> payloads = new HashSet<>();
    Set<String> names = new HashSet<>();
    malformedMessages()
        .forEach(
            arguments -> {
              names.add((String) arguments.get()[0]);
              payloads.add((String) arguments.get()[1]);
            });

    assertThat(names).hasSizeGreaterThanOrEqualTo(30);
    assertThat(payloads).hasSameSizeAs(names);
  }

  static Stream<Arguments> malformedBytes() {
    byte[] valid = ContractMessage.valid().json().getBytes(StandardCharsets.UTF_8);
    byte[] badUtf8 =
        ContractMessage.valid()
            .withString(REGION_FIELD, "SPxx")
            .json()
            .getBytes(StandardCharsets.UTF_8);
    int at = indexOf(badUtf8, "SPxx".getBytes(StandardCharsets.UTF_8)) + 2;
    badUtf8[at] = (byte) 0xC3; // a two-byte lead...
    badUtf8[at + 1] = (byte) 0x28; // ...followed by a byte that cannot continue it
    return Stream.of(
        arguments("null payload (Kafka tombstone)", null),
        arguments("empty bytes", new byte[0]),
        arguments("invalid UTF-8 in a string", badUtf8),
        arguments(
            "UTF-16 encoded", ContractMessage.valid().json().getBytes(StandardCharsets.UTF_16)),
        arguments(
            "Latin-1 bytes", "{\"id_regiao\": \"São\"}".getBytes(StandardCharsets.ISO_8859_1)),
        arguments("cut in the middle", Arrays.copyOf(valid, valid.length / 2)),
        // Found by the fuzzer: Jackson skips unknown fields without decoding them.
        arguments("0xFF in an unknown field", unknownFieldWith(new byte[] {(byte) 0xFF})),
        arguments(
            "overlong NUL in an unknown field",
            unknownFieldWith(new byte[] {(byte) 0xC0, (byte) 0xAF})),
        arguments(
            "encoded surrogate in an unknown field",
            unknownFieldWith(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
        arguments(
            "lone continuation byte in an unknown field",
            unknownFieldWith(new byte[] {(byte) 0x80})));
  }

  /** A valid message with an unknown field whose string holds {@code raw} bytes. */
  private static byte[] unknownFieldWith(byte[] raw) {
    byte[] json =
        ContractMessage.valid()
            .withString("note", "ab@@cd")
            .json()
            .getBytes(StandardCharsets.UTF_8);
    int at = indexOf(json, "@@".getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[json.length - 2 + raw.length];
    System.arraycopy(json, 0, out, 0, at);
    System.arraycopy(raw, 0, out, at, raw.length);
    System.arraycopy(json, at + 2, out, at + raw.length, json.length - at - 2);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBytes")
  void rejectsBytesThatAreNotUtf8Json(String name, byte[] payload) {
    ContractViolation violation = CODEC.decode(payload).violationIfInvalid().orElseThrow();

    assertThat(violation.field()).isEqualTo(ContractViolation.DOCUMENT);
    assertThat(violation.reason()).isEqualTo(Reason.MALFORMED_JSON);
    assertThat(violation.message()).contains("$");
  }

  @Test
  void refusesALargePayloadCountedInUtf8Bytes() {
    // 30,000 'ã' are 30,000 chars but 60,000 bytes: still under 64 KiB.
    String underLimit = ContractMessage.valid().withString("note", "ã".repeat(30_000)).json();
    // 33,000 'ã' are 66,000 bytes.
    String overLimit = ContractMessage.valid().withString("note", "ã".repeat(33_000)).json();

    assertThat(CODEC.decode(underLimit).isValid()).isTrue();
    assertThat(CODEC.decode(overLimit).violationIfInvalid())
        .map(ContractViolation::reason)
        .contains(Reason.TOO_LARGE_PAYLOAD);
  }

  @Test
  void quotesAtMostEightyCharactersOfTheOffendingValue() {
    String longRegion = "Z".repeat(10_000);
    String json = ContractMessage.valid().withString(REGION_FIELD, longRegion).json();

    ContractViolation violation = CODEC.decode(json).violationIfInvalid().orElseThrow();

    assertThat(violation.reason()).isEqualTo(Reason.UNKNOWN_REGION);
    assertThat(violation.message())
        .startsWith("Field id_regiao is not one of the 27 UF codes")
        .contains("\"ZZZZ")
        .endsWith("...")
        .doesNotContain("Z".repeat(ContractViolation.MAX_EXCERPT_CHARS));
  }

  @Test
  void namesTheOffendingValueInTheMessage() {
    String json = ContractMessage.valid().with(AMOUNT_FIELD, "10.001").json();

    assertThat(CODEC.decode(json).violationIfInvalid())
        .map(ContractViolation::message)
        .contains("Field valor_transacao has more than two decimals: 10.001");
  }

  @Test
  void excerptKeepsShortValuesAndCutsLongOnes() {
    assertThat(ContractViolation.excerpt("SP")).isEqualTo("SP");
    assertThat(ContractViolation.excerpt(null)).isEqualTo("null");
    assertThat(ContractViolation.excerpt("a\nb")).isEqualTo("a b");
    assertThat(ContractViolation.excerpt("x".repeat(80))).hasSize(80).doesNotEndWith("...");
    assertThat(ContractViolation.excerpt("x".repeat(81))).hasSize(80).endsWith("...");
    assertThat(ContractViolation.excerpt("x".repeat(76) + "\uD83D\uDCB8" + "tail"))
        .hasSize(79)
        .endsWith("x...");
  }

  // -----------------------------------------------------------------------------------------------
  // Robustness: no input makes decode throw.

  @Test
  void neverThrowsForRandomBytes() {
    Random random = new Random(42);
    byte[] alphabet =
        "{}[]\":,.-+eE0123456789 \n\tnulltruefalse\\u00e3\u00ff"
            .getBytes(StandardCharsets.ISO_8859_1);
    int invalid = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] payload = new byte[random.nextInt(300)];
      if (i % 2 == 0) {
        random.nextBytes(payload);
      } else {
        for (int j = 0; j < payload.length; j++) {
          payload[j] = alphabet[random.nextInt(alphabet.length)];
        }
        if (payload.length > 0) {
          payload[0] = '{';
        }
      }
      DecodeResult result = CODEC.decode(payload);
      assertWellFormed(result, payload);
      invalid += result.isValid() ? 0 : 1;
    }
    assertThat(invalid).isEqualTo(2_000);
  }

  @Test
  void neverThrowsForMutationsOfAValidMessage() {
    Random random = new Random(42);
    String valid = ContractMessage.valid().json();
    String replacements = "{}[]\":,.-+eE0123456789 xnul\\ãZ\u0000\uD83D";
    Set<Reason> reasons = new HashSet<>();
    int stillValid = 0;
    for (int i = 0; i < 2_000; i++) {
      StringBuilder mutated = new StringBuilder(valid);
      int position = random.nextInt(mutated.length());
      if (random.nextBoolean()) {
        mutated.deleteCharAt(position);
      } else {
        mutated.setCharAt(position, replacements.charAt(random.nextInt(replacements.length())));
      }
      String payload = mutated.toString();
      DecodeResult result = CODEC.decode(payload);
      assertWellFormed(result, payload.getBytes(StandardCharsets.UTF_8));
      result.violationIfInvalid().ifPresent(v -> reasons.add(v.reason()));
      stillValid += result.isValid() ? 1 : 0;
    }
    // The mutations reach deep into the checks, and some leave the message valid.
    assertThat(reasons)
        .contains(
            Reason.MALFORMED_JSON, Reason.INVALID_UUID, Reason.UNKNOWN_REGION, Reason.MISSING);
    assertThat(stillValid).isPositive();
  }

  // -----------------------------------------------------------------------------------------------
  // The result and the codec as values.

  @Test
  void resultAccessorsMatchTheVariant() {
    DecodeResult valid = CODEC.decode(ContractMessage.valid().json());
    DecodeResult invalid = CODEC.decode("[]");

    assertThat(valid.isValid()).isTrue();
    assertThat(valid.transactionIfValid()).contains(aTransaction().build());
    assertThat(valid.violationIfInvalid()).isEmpty();
    assertThat(valid.<String>fold(t -> "valid " + t.region(), v -> "invalid"))
        .isEqualTo("valid SP");
    assertThat(invalid.isValid()).isFalse();
    assertThat(invalid.transactionIfValid()).isEmpty();
    assertThat(invalid.<String>fold(t -> "valid", v -> v.reason().name()))
        .isEqualTo("NOT_AN_OBJECT");
  }

  @Test
  void codecAndResultsSurviveJavaSerialization() throws Exception {
    TransactionCodec copy = roundTripSerialization(CODEC);
    DecodeResult valid = CODEC.decode(SEED_MESSAGE);
    DecodeResult invalid = CODEC.decode("{}");

    assertThat(copy.decode(SEED_MESSAGE)).isEqualTo(valid);
    assertThat(roundTripSerialization(valid)).isEqualTo(valid);
    assertThat(roundTripSerialization(invalid)).isEqualTo(invalid);
  }

  // -----------------------------------------------------------------------------------------------
  // Helpers.

  private static Transaction decodeValid(String json) {
    DecodeResult result = CODEC.decode(json);
    assertThat(result.violationIfInvalid()).as("violation for %s", json).isEmpty();
    return result.transactionIfValid().orElseThrow();
  }

  private static void assertWellFormed(DecodeResult result, byte[] payload) {
    assertThat(result).as("result for %s", new String(payload, StandardCharsets.UTF_8)).isNotNull();
    result
        .violationIfInvalid()
        .ifPresent(
            violation -> {
              assertThat(violation.message()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
              assertThat(
                      violation.field().equals(ContractViolation.DOCUMENT)
                          || TransactionCodec.CONTRACT_FIELDS.contains(violation.field()))
                  .isTrue();
            });
  }

  private static Arguments broken(String name, String payload, String field, Reason reason) {
    return arguments(name, payload, field, reason);
  }

  private static Arguments missing(String field) {
    return broken(
        "missing " + field, ContractMessage.valid().without(field).json(), field, Reason.MISSING);
  }

  private static Arguments withField(String name, String field, String rawJson, Reason reason) {
    return broken(name, ContractMessage.valid().with(field, rawJson).json(), field, reason);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  @SuppressWarnings("unchecked") // The object read back is the one just written.
  private static <T> T roundTripSerialization(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
