package io.bankstream.dashboard.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code dead_letters} as the dashboard lists it: a record that broke the contract or
 * failed a step, with where it failed and why, and the start of its payload.
 *
 * @param failedAt when the pipeline set it aside
 * @param step the pipeline step that failed it ({@code parse}, {@code decide}, ...)
 * @param reason the kind of failure ({@code INVALID_JSON}, {@code MISSING_FIELD}, ...)
 * @param field the field at fault; null when none
 * @param error the error's message
 * @param payloadExcerpt the payload's start as text, see {@link #excerpt}
 */
public record DeadLetter(
    long id,
    Instant failedAt,
    String step,
    String reason,
    String field,
    String error,
    String topic,
    int partition,
    long offset,
    String payloadExcerpt) {

  /** The most characters of a payload {@link #excerpt} keeps. */
  public static final int EXCERPT_CHARS = 120;

  public DeadLetter {
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(payloadExcerpt, "payloadExcerpt");
  }

  /**
   * The first {@link #EXCERPT_CHARS} characters of a payload, for one table cell: {@code head} (its
   * first bytes) read as UTF-8 with bytes that are not UTF-8 as {@code �}, each run of control
   * characters and white space as one space, and {@code …} at the end when the payload goes on
   * ({@code length} more than shown).
   *
   * @param head the payload's first bytes (all of them, or more than {@link #EXCERPT_CHARS})
   * @param length the payload's whole length in bytes
   */
  public static String excerpt(byte[] head, long length) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(head)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder threw", e);
    }
    if (head.length < length && text.endsWith("\uFFFD")) {
      // A character cut by the end of the head, not a bad byte.
      text = text.substring(0, text.length() - 1);
    }
    text = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    boolean more = head.length < length;
    if (text.length() > EXCERPT_CHARS) {
      text = text.substring(0, EXCERPT_CHARS);
      more = true;
    }
    return more ? text + "…" : text;
  }
}
