package io.bankstream.producer.fuzz;

import java.util.Locale;

/**
 * The kinds of change the {@link Fuzzer} makes to a valid record. Unlike the fixed {@link
 * io.bankstream.producer.traffic.MalformedKind malformed kinds}, a mutation is drawn anew each time
 * (which field, which value, where), and some of its results are still valid records (a flipped bit
 * may land in the amount's digits, a far timestamp may be inside the contract's range): what a
 * record becomes is for the pipeline to decide, and each must end in {@code transacoes} or in
 * {@code dead_letters}. The label is {@code "fuzz:"} plus the lower-case name, such as {@code
 * fuzz:byte_flip}.
 *
 * <table>
 *   <caption>Mutations</caption>
 *   <tr><th>mutation</th><th>what the value becomes</th></tr>
 *   <tr><td>TRUNCATION</td><td>the JSON cut at a random byte, down to nothing</td></tr>
 *   <tr><td>BYTE_FLIP</td><td>1 to 4 bytes with one bit flipped or replaced by a random byte</td>
 *   </tr>
 *   <tr><td>TYPE_SWAP</td><td>one contract field as a number, string, boolean, null, array or
 *       object</td></tr>
 *   <tr><td>HUGE_NUMBER</td><td>the amount or the event time as 1e400, 40-digit integers, 1,500
 *       digits, amounts just over {@code NUMERIC(15,2)}, or exactly its largest value</td></tr>
 *   <tr><td>DEEP_NESTING</td><td>1,001 to 20,000 levels of arrays or objects: the document, a
 *       contract field or an extra field</td></tr>
 *   <tr><td>INVALID_UTF8</td><td>an invalid UTF-8 sequence (0xFF, overlong, lone continuation,
 *       cut sequence, encoded surrogate) in a string or a field name</td></tr>
 *   <tr><td>EMPTY_VALUE</td><td>one contract field as the empty string</td></tr>
 *   <tr><td>EMPTY_RECORD</td><td>no bytes, {@code {}}, whitespace, {@code null}, {@code []} or
 *       {@code ""}</td></tr>
 *   <tr><td>EMPTY_KEY</td><td>the valid value, with an empty Kafka key</td></tr>
 *   <tr><td>DUPLICATE_FIELD</td><td>a contract field twice, same or other value</td></tr>
 *   <tr><td>EXTRA_FIELDS</td><td>1 to 5 unknown fields (unicode, escaped NUL, nested values):
 *       still valid</td></tr>
 *   <tr><td>CONTROL_CHARACTERS</td><td>NUL and other control characters, escaped or raw, in a
 *       string or the key</td></tr>
 *   <tr><td>FAR_TIME</td><td>{@code data_horario} at or just past the contract's ends (2000 and
 *       2100), 0, -1, the ends of a long, year 1 or +999999999, an impossible date</td></tr>
 *   <tr><td>OVERSIZED</td><td>an extra field that takes the value past 64 KiB</td></tr>
 *   <tr><td>DUPLICATE_ID</td><td>a valid record reusing the id of an earlier valid record, with
 *       another amount and time</td></tr>
 *   <tr><td>RESENT</td><td>the exact key and value of an earlier valid record, sent again</td></tr>
 * </table>
 */
public enum Mutation {
  TRUNCATION,
  BYTE_FLIP,
  TYPE_SWAP,
  HUGE_NUMBER,
  DEEP_NESTING,
  INVALID_UTF8,
  EMPTY_VALUE,
  EMPTY_RECORD,
  EMPTY_KEY,
  DUPLICATE_FIELD,
  EXTRA_FIELDS,
  CONTROL_CHARACTERS,
  FAR_TIME,
  OVERSIZED,
  DUPLICATE_ID,
  RESENT;

  /** The prefix of every fuzzed record's label. */
  public static final String LABEL_PREFIX = "fuzz:";

  private final String label = LABEL_PREFIX + name().toLowerCase(Locale.ROOT);

  /** The label, as written in the {@code bankstream-scenario} header. */
  public String label() {
    return label;
  }
}
