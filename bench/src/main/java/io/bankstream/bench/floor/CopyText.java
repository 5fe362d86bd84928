package io.bankstream.bench.floor;

import io.bankstream.core.postgres.DeadLetterWriter;
import io.bankstream.core.postgres.DecisionWriter;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Transaction;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Rows in PostgreSQL's COPY text format, appended to a caller's {@link StringBuilder} so that a
 * whole batch is one buffer and one {@code COPY ... FROM STDIN}: columns separated by a tab, rows
 * ended by a newline, {@code \N} for null. In text values a backslash, tab, newline and carriage
 * return are escaped ({@code \\}, {@code \t}, {@code \n}, {@code \r}) and the NUL character is
 * dropped, as PostgreSQL text cannot hold it (the pipeline's {@link DeadLetterWriter} drops it
 * too). Byte arrays are written in bytea's hex form ({@code \\x0aff}, the backslash escaped for
 * COPY), so any bytes, valid UTF-8 or not, arrive unchanged. UUIDs and instants are written without
 * intermediate strings: this runs once per record on the floor's hot path.
 *
 * <p>The columns are those of the floor's staging tables, in order: {@link #DECISION_COLUMNS} for
 * {@code transacoes}, {@link #DEAD_LETTER_COLUMNS} for {@code dead_letters}; the values are the
 * ones the pipeline's {@link DecisionWriter} and {@link DeadLetterWriter} write.
 */
final class CopyText {

  /** The staging columns of a decided transaction, as {@link #appendDecision} writes them. */
  static final List<String> DECISION_COLUMNS =
      List.of(
          "id_transacao uuid",
          "id_usuario_pagador uuid",
          "id_usuario_recebedor uuid",
          "id_regiao varchar(2)",
          "modalidade_pagamento varchar(6)",
          "data_horario timestamptz",
          "valor_transacao numeric(15,2)",
          "transacao_aprovada boolean",
          "motivos_rejeicao text[]",
          "score_risco numeric(6,4)",
          "componentes_risco jsonb",
          "perfil_regras text",
          "kafka_topico text",
          "kafka_particao integer",
          "kafka_offset bigint",
          "horario_kafka timestamptz",
          "horario_decisao timestamptz");

  /** The staging columns of a dead letter, as {@link #appendDeadLetter} writes them. */
  static final List<String> DEAD_LETTER_COLUMNS =
      List.of(
          "kafka_topic text",
          "kafka_partition integer",
          "kafka_offset bigint",
          "kafka_key bytea",
          "payload bytea",
          "kafka_timestamp timestamptz",
          "step text",
          "reason text",
          "field text",
          "error_message text");

  static final String NULL = "\\N";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CopyText() {}

  /**
   * Appends {@code row} as one line of {@link #DECISION_COLUMNS}. On an {@link
   * IllegalArgumentException} (a risk score or component that is not a number, which the pipeline
   * refuses with SQLState 22003 before the database) nothing is left appended.
   */
  static StringBuilder appendDecision(StringBuilder out, DecidedTransaction row) {
    int start = out.length();
    try {
      Transaction tx = row.transaction();
      Decision decision = row.decision();
      appendUuid(out, tx.id()).append('\t');
      appendUuid(out, tx.payerId()).append('\t');
      appendUuid(out, tx.receiverId()).append('\t');
      out.append(tx.region().code()).append('\t');
      out.append(tx.modality().name()).append('\t');
      appendInstant(out, tx.eventTime()).append('\t');
      out.append(tx.amount().toPlainString()).append('\t');
      out.append(decision.approved() ? 't' : 'f').append('\t');
      appendReasons(out, decision.rejectedBy()).append('\t');
      out.append(DecisionWriter.storedRiskScore(decision.riskScore()).toPlainString()).append('\t');
      appendText(out, DecisionWriter.componentsJson(decision.riskComponents())).append('\t');
      appendText(out, decision.profile()).append('\t');
      appendText(out, row.topic()).append('\t');
      out.append(row.partition()).append('\t');
      out.append(row.offset()).append('\t');
      appendInstant(out, row.kafkaTimestamp()).append('\t');
      return appendInstant(out, row.decidedAt()).append('\n');
    } catch (IllegalArgumentException notANumber) {
      out.setLength(start);
      throw notANumber;
    }
  }

  /** Appends {@code letter} as one line of {@link #DEAD_LETTER_COLUMNS}. */
  static StringBuilder appendDeadLetter(StringBuilder out, DeadLetter letter) {
    appendText(out, letter.topic()).append('\t');
    out.append(letter.partition()).append('\t');
    out.append(letter.offset()).append('\t');
    appendBytea(out, letter.key()).append('\t');
    appendBytea(out, letter.payload()).append('\t');
    appendInstant(out, letter.kafkaTimestamp()).append('\t');
    appendText(out, letter.step()).append('\t');
    appendText(out, letter.reason()).append('\t');
    appendText(out, letter.field()).append('\t');
    return appendText(out, message(letter.message())).append('\n');
  }

  /** Appends {@code value} escaped for COPY text, without NULs; {@code \N} for null. */
  static StringBuilder appendText(StringBuilder out, String value) {
    if (value == null) {
      return out.append(NULL);
    }
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\u0000' -> {} // PostgreSQL text cannot hold NUL.
        default -> out.append(c);
      }
    }
    return out;
  }

  /** Appends {@code bytes} as a bytea in hex form, escaped for COPY; {@code \N} for null. */
  static StringBuilder appendBytea(StringBuilder out, byte[] bytes) {
    if (bytes == null) {
      return out.append(NULL);
    }
    out.append("\\\\x");
    for (byte b : bytes) {
      out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
    return out;
  }

  /** Appends {@code id} as {@link UUID#toString()} would write it. */
  static StringBuilder appendUuid(StringBuilder out, UUID id) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    appendHex(out, high >>> 32, 8).append('-');
    appendHex(out, high >>> 16, 4).append('-');
    appendHex(out, high, 4).append('-');
    appendHex(out, low >>> 48, 4).append('-');
    return appendHex(out, low, 12);
  }

  /** Appends {@code instant} in ISO-8601 UTC, which a timestamptz reads in any time zone. */
  static StringBuilder appendInstant(StringBuilder out, Instant instant) {
    if (instant == null) {
      return out.append(NULL);
    }
    DateTimeFormatter.ISO_INSTANT.formatTo(instant, out);
    return out;
  }

  /**
   * Appends rule codes as a {@code text[]} literal, {@code {SALDO,RISCO}}, or {@code {}}; the codes
   * are plain identifiers, so they need no quoting.
   */
  static StringBuilder appendReasons(StringBuilder out, List<String> codes) {
    out.append('{');
    for (int i = 0; i < codes.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(codes.get(i));
    }
    return out.append('}');
  }

  /**
   * {@code value} cut to {@link DeadLetterWriter#MAX_MESSAGE_LENGTH} characters without splitting a
   * surrogate pair, once its NULs are gone: as the pipeline stores {@code error_message}.
   */
  static String message(String value) {
    String clean = value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
    if (clean.length() <= DeadLetterWriter.MAX_MESSAGE_LENGTH) {
      return clean;
    }
    int end = DeadLetterWriter.MAX_MESSAGE_LENGTH;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end);
  }

  private static StringBuilder appendHex(StringBuilder out, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(int) (value >>> shift) & 0xf]);
    }
    return out;
  }
}
