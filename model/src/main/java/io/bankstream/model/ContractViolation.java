package io.bankstream.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * Why one message breaks the data contract (SPEC section 3): the contract field at fault, a
 * machine-readable {@link Reason} and a human-readable English sentence. The pipeline turns it into
 * a dead letter; the reason is what gets counted, the message is what a person reads. Messages
 * never carry the whole payload: an offending value is cut to {@value #MAX_EXCERPT_CHARS}
 * characters with {@link #excerpt(String)}.
 *
 * @param field the contract field name ({@code id_transacao}, {@code id_usuario_pagador}, {@code
 *     id_usuario_recebedor}, {@code id_regiao}, {@code modalidade_pagamento}, {@code data_horario},
 *     {@code valor_transacao}) or {@link #DOCUMENT} ({@code "$"}) for the message as a whole
 * @param reason what kind of rule was broken
 * @param message an English sentence naming the field and what was wrong with it
 */
public record ContractViolation(String field, Reason reason, String message)
    implements Serializable {

  /** The {@link #field()} of a violation that concerns the whole message, not one field. */
  public static final String DOCUMENT = "$";

  /** The longest excerpt of an offending value that a message may quote. */
  public static final int MAX_EXCERPT_CHARS = 80;

  private static final String ELLIPSIS = "...";

  public ContractViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (field.isEmpty()) {
      throw new IllegalArgumentException("field must not be empty");
    }
  }

  /**
   * {@code value} made safe to quote in a message: control characters become spaces and anything
   * longer than {@value #MAX_EXCERPT_CHARS} characters is cut and ends in {@code "..."}, so the
   * result never exceeds {@value #MAX_EXCERPT_CHARS} characters. {@code null} becomes {@code
   * "null"}.
   */
  public static String excerpt(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value;
    if (value.length() > MAX_EXCERPT_CHARS) {
      int end = MAX_EXCERPT_CHARS - ELLIPSIS.length();
      if (Character.isHighSurrogate(value.charAt(end - 1))) {
        end--;
      }
      cut = value.substring(0, end) + ELLIPSIS;
    }
    StringBuilder safe = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      safe.append(Character.isISOControl(c) ? ' ' : c);
    }
    return safe.toString();
  }

  /**
   * The kinds of contract violation. The first group concerns the message as a whole (field {@code
   * "$"}), the rest one field. All but {@link #UNKNOWN_USER} are produced by the JSON codec.
   */
  public enum Reason {
    /** The payload is not valid JSON (syntax error, empty, not UTF-8, a number out of bounds). */
    MALFORMED_JSON,
    /** The payload is valid JSON but not an object (an array, a string, a number, null...). */
    NOT_AN_OBJECT,
    /** Something other than whitespace follows the JSON object. */
    TRAILING_CONTENT,
    /** The payload is larger than the codec accepts (64 KiB); it was not parsed. */
    TOO_LARGE_PAYLOAD,
    /** A field name appears more than once in the object. */
    DUPLICATE_FIELD,
    /** A required field is absent. */
    MISSING,
    /** A required field is present with the JSON value {@code null}. */
    NULL,
    /** A field has the wrong JSON type (a number where a string is expected, and so on). */
    WRONG_TYPE,
    /** An id is a string but not a canonical 8-4-4-4-12 hexadecimal UUID. */
    INVALID_UUID,
    /** The payer and the receiver are the same user. */
    SAME_PAYER_AND_RECEIVER,
    /** {@code id_regiao} is not one of the 27 UF codes. */
    UNKNOWN_REGION,
    /** {@code modalidade_pagamento} is not PIX, TED, DOC or BOLETO. */
    UNKNOWN_MODALITY,
    /** {@code data_horario} is a string that is not an ISO-8601 date-time. */
    INVALID_TIMESTAMP,
    /** {@code data_horario} is outside [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z). */
    TIMESTAMP_OUT_OF_RANGE,
    /** {@code valor_transacao} is zero or negative. */
    NOT_POSITIVE,
    /** {@code valor_transacao} has more than two significant decimals. */
    TOO_MANY_DECIMALS,
    /** {@code valor_transacao} is above 9,999,999,999,999.99. */
    AMOUNT_TOO_LARGE,
    /**
     * The payer or the receiver is not in {@code usuarios}. Never produced by the codec, which
     * cannot know the users: the pipeline reports it when it looks the users up.
     */
    UNKNOWN_USER
  }
}
