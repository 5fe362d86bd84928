package io.bankstream.producer.fuzz;

import static io.bankstream.model.json.TransactionCodec.AMOUNT_FIELD;
import static io.bankstream.model.json.TransactionCodec.CONTRACT_FIELDS;
import static io.bankstream.model.json.TransactionCodec.EVENT_TIME_FIELD;
import static io.bankstream.model.json.TransactionCodec.ID_FIELD;
import static io.bankstream.model.json.TransactionCodec.MODALITY_FIELD;
import static io.bankstream.model.json.TransactionCodec.PAYER_FIELD;
import static io.bankstream.model.json.TransactionCodec.REGION_FIELD;
import static io.bankstream.producer.traffic.RawJson.fields;
import static io.bankstream.producer.traffic.RawJson.json;
import static io.bankstream.producer.traffic.RawJson.quote;

import io.bankstream.model.Transaction;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.producer.traffic.GeneratedRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Mutates valid records into bad input (and into some odd but valid input), one {@link Mutation} at
 * a time, for the fuzzing of {@code ./bankstream produce --fuzz-share}, the bench and {@code
 * FuzzIT}. Takes a valid {@link GeneratedRecord} (one that carries a transaction) and returns a new
 * record labelled with the mutation ({@link Mutation#label()}) whose {@link
 * GeneratedRecord#transaction()} is what the contract's codec decodes from the new value, or {@code
 * null} when it does not decode. Every choice comes from the injected {@link Random}, so the same
 * seed and the same inputs give the same bytes. {@link #remember} keeps the valid records that were
 * published, for {@link Mutation#DUPLICATE_ID} and {@link Mutation#RESENT}; before any is
 * remembered those two fall back to {@link Mutation#EMPTY_KEY}. Not thread-safe.
 */
public final class Fuzzer {

  /** How many published valid records are kept for {@code DUPLICATE_ID} and {@code RESENT}. */
  static final int REMEMBERED = 10_000;

  /** The codec's payload limit, which {@link Mutation#OVERSIZED} goes past. */
  static final int MAX_PAYLOAD_BYTES = TransactionCodec.MAX_PAYLOAD_BYTES;

  static final List<String> HUGE_NUMBERS =
      List.of(
          "1e400",
          "-1e400",
          "1e-400",
          "1E+13",
          "1" + "0".repeat(39),
          "9".repeat(40) + ".99",
          "10000000000000.00",
          "9999999999999.99",
          "9999999999999.999",
          "123456789012345678901234567890",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "1" + "0".repeat(1_500));

  static final List<String> OTHER_TYPES =
      List.of(
          "12345",
          "-1.5",
          "0",
          "\"text\"",
          "\"12.50\"",
          "true",
          "false",
          "null",
          "[]",
          "[1,\"a\",null]",
          "{}",
          "{\"valor\":1}");

  static final List<String> FAR_TIMES =
      List.of(
          Long.toString(TransactionCodec.EARLIEST_EVENT_TIME.toEpochMilli()),
          Long.toString(TransactionCodec.EVENT_TIME_LIMIT.toEpochMilli() - 1),
          Long.toString(TransactionCodec.EARLIEST_EVENT_TIME.toEpochMilli() - 1),
          Long.toString(TransactionCodec.EVENT_TIME_LIMIT.toEpochMilli()),
          "0",
          "-1",
          Long.toString(Long.MIN_VALUE),
          Long.toString(Long.MAX_VALUE),
          "\"2099-12-31T23:59:59.999Z\"",
          "\"2000-01-01 00:00:00\"",
          "\"0001-01-01T00:00:00Z\"",
          "\"+999999999-12-31T23:59:59Z\"",
          "\"2024-02-30T10:00:00\"");

  static final List<String> EMPTY_RECORDS = List.of("", "{}", "   ", "null", "[]", "\"\"", "\n");

  static final List<byte[]> INVALID_UTF8 =
      List.of(
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xFE},
          new byte[] {(byte) 0xC0, (byte) 0x80},
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xE2, (byte) 0x82},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xE3, 'o'});

  /** Escaped (valid JSON) and raw (invalid JSON) control characters, as the bytes to insert. */
  static final List<byte[]> CONTROL_CHARACTERS =
      List.of(
          ascii("\\u0000"),
          ascii("\\u0001"),
          ascii("\\u001f"),
          ascii("\\n\\t"),
          ascii("\\ud800"),
          new byte[] {0},
          new byte[] {1},
          new byte[] {'\n'},
          new byte[] {0x7F});

  static final List<String> EXTRA_VALUES =
      List.of(
          "\"S\u00e3o Paulo \u2014 \uD83D\uDCB8\"",
          "\"\\u0000nul\\u0000\"",
          "1e308",
          "-0",
          "[1,[2,[3,{\"x\":[]}]]]",
          "{\"nested\":{\"deeper\":{\"deepest\":true}}}",
          "null",
          "\"" + "x".repeat(2_000) + "\"",
          "\"id_transacao\"");

  private static final String MARK = "@@RAW@@";
  private static final Mutation[] MUTATIONS = Mutation.values();

  private final Random random;
  private final TransactionCodec codec = new TransactionCodec();
  private final List<GeneratedRecord> remembered = new ArrayList<>();
  private int nextSlot;

  /** A fuzzer whose every choice comes from {@code random}. */
  public Fuzzer(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Keeps {@code published}, a valid record that was sent, as a candidate for {@code DUPLICATE_ID}
   * and {@code RESENT}; the last {@value #REMEMBERED} are kept. Records without a transaction are
   * ignored.
   */
  public void remember(GeneratedRecord published) {
    if (published.transaction() == null) {
      return;
    }
    if (remembered.size() < REMEMBERED) {
      remembered.add(published);
    } else {
      remembered.set(nextSlot, published);
      nextSlot = (nextSlot + 1) % REMEMBERED;
    }
  }

  /** {@code valid} changed by a mutation drawn uniformly. */
  public GeneratedRecord mutate(GeneratedRecord valid) {
    return mutate(valid, MUTATIONS[random.nextInt(MUTATIONS.length)]);
  }

  /**
   * {@code valid} changed by {@code mutation}.
   *
   * @throws IllegalArgumentException if {@code valid} carries no transaction
   */
  public GeneratedRecord mutate(GeneratedRecord valid, Mutation mutation) {
    Transaction base = valid.transaction();
    if (base == null) {
      throw new IllegalArgumentException("the record to mutate must be valid: " + valid);
    }
    if ((mutation == Mutation.DUPLICATE_ID || mutation == Mutation.RESENT)
        && remembered.isEmpty()) {
      mutation = Mutation.EMPTY_KEY;
    }
    byte[] value = valid.value();
    String key = valid.key();
    switch (mutation) {
      case TRUNCATION -> value = Arrays.copyOf(value, random.nextInt(value.length));
      case BYTE_FLIP -> flipBytes(value);
      case TYPE_SWAP -> value = with(base, randomField(), pick(OTHER_TYPES));
      case HUGE_NUMBER ->
          value =
              with(
                  base,
                  random.nextInt(4) == 0 ? EVENT_TIME_FIELD : AMOUNT_FIELD,
                  pick(HUGE_NUMBERS));
      case DEEP_NESTING -> value = deepNesting(base);
      case INVALID_UTF8 -> value = rawInString(base, pick(INVALID_UTF8));
      case EMPTY_VALUE -> value = with(base, randomField(), "\"\"");
      case EMPTY_RECORD -> value = utf8(pick(EMPTY_RECORDS));
      case EMPTY_KEY -> key = "";
      case DUPLICATE_FIELD -> value = duplicateField(base);
      case EXTRA_FIELDS -> value = extraFields(base);
      case CONTROL_CHARACTERS -> {
        if (random.nextInt(4) == 0) {
          key = key + (char) random.nextInt(0x20);
        } else {
          value = rawInString(base, pick(CONTROL_CHARACTERS));
        }
      }
      case FAR_TIME -> value = with(base, EVENT_TIME_FIELD, pick(FAR_TIMES));
      case OVERSIZED -> value = oversized(base);
      case DUPLICATE_ID -> {
        Transaction earlier = pickRemembered().transaction();
        Transaction reuse =
            new Transaction(
                earlier.id(),
                earlier.payerId(),
                earlier.receiverId(),
                base.region(),
                base.modality(),
                base.eventTime(),
                base.amount());
        key = earlier.payerId().toString();
        value = codec.encode(reuse);
      }
      case RESENT -> {
        GeneratedRecord earlier = pickRemembered();
        key = earlier.key();
        value = earlier.value();
      }
    }
    Transaction decoded = codec.decode(value).transactionIfValid().orElse(null);
    return new GeneratedRecord(key, value, mutation.label(), decoded);
  }

  private GeneratedRecord pickRemembered() {
    return remembered.get(random.nextInt(remembered.size()));
  }

  private void flipBytes(byte[] value) {
    int flips = random.nextInt(1, 5);
    for (int i = 0; i < flips; i++) {
      int at = random.nextInt(value.length);
      value[at] =
          random.nextBoolean()
              ? (byte) (value[at] ^ (1 << random.nextInt(8)))
              : (byte) random.nextInt(256);
    }
  }

  private byte[] deepNesting(Transaction base) {
    // Deep, yet under the codec's 64 KiB, so that the parser meets every level.
    boolean arrays = random.nextBoolean();
    int depth = arrays ? pick(List.of(1_001, 5_000, 20_000)) : pick(List.of(1_001, 5_000, 10_000));
    String nested =
        arrays
            ? "[".repeat(depth) + "]".repeat(depth)
            : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return switch (random.nextInt(3)) {
      case 0 -> utf8(nested);
      case 1 -> with(base, randomField(), nested);
      default -> {
        Map<String, String> fields = fields(base);
        fields.put("nesting", nested);
        yield utf8(json(fields));
      }
    };
  }

  private byte[] duplicateField(Transaction base) {
    Map<String, String> fields = fields(base);
    String field = randomField();
    String again = random.nextBoolean() ? fields.get(field) : pick(OTHER_TYPES);
    String object = json(fields);
    return utf8(object.substring(0, object.length() - 1) + "," + quote(field) + ":" + again + "}");
  }

  private byte[] extraFields(Transaction base) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> contract = fields(base);
    int extras = random.nextInt(1, 6);
    List<String> names = new ArrayList<>(contract.keySet());
    for (int i = 0; i < extras; i++) {
      names.add(random.nextInt(names.size() + 1), "extra_" + i);
    }
    for (String name : names) {
      fields.put(name, contract.containsKey(name) ? contract.get(name) : pick(EXTRA_VALUES));
    }
    return utf8(json(fields));
  }

  /** The bytes {@code raw} inside a string: a contract field's, an extra field's, or a name. */
  private byte[] rawInString(Transaction base, byte[] raw) {
    Map<String, String> fields = fields(base);
    String text;
    switch (random.nextInt(3)) {
      case 0 -> {
        String field = pick(List.of(ID_FIELD, PAYER_FIELD, REGION_FIELD, MODALITY_FIELD));
        String value = fields.get(field);
        // Inside the quotes: after the opening one, before the closing one.
        int at = random.nextInt(1, value.length());
        fields.put(field, value.substring(0, at) + MARK + value.substring(at));
        text = json(fields);
      }
      case 1 -> {
        fields.put("note", quote("before " + MARK + " after"));
        text = json(fields);
      }
      default -> {
        Map<String, String> named = new LinkedHashMap<>();
        named.put(MARK, "1");
        named.putAll(fields);
        text = json(named);
      }
    }
    return splice(utf8(text), ascii(MARK), raw);
  }

  private byte[] oversized(Transaction base) {
    Map<String, String> fields = fields(base);
    int length = MAX_PAYLOAD_BYTES + random.nextInt(1, 1_024);
    fields.put("padding", quote("p".repeat(length)));
    return utf8(json(fields));
  }

  private byte[] with(Transaction base, String field, String rawValue) {
    Map<String, String> fields = fields(base);
    fields.put(field, rawValue);
    return utf8(json(fields));
  }

  private String randomField() {
    return CONTRACT_FIELDS.get(random.nextInt(CONTRACT_FIELDS.size()));
  }

  private <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** {@code bytes} with the first {@code marker} replaced by {@code raw}. */
  private static byte[] splice(byte[] bytes, byte[] marker, byte[] raw) {
    for (int i = 0; i + marker.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + raw.length);
        out.write(bytes, 0, i);
        out.write(raw, 0, raw.length);
        out.write(bytes, i + marker.length, bytes.length - i - marker.length);
        return out.toByteArray();
      }
    }
    throw new IllegalStateException("marker not found");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
