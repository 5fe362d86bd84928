package io.bankstream.core.redis;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Redis layout of bankstream's predecessor (the seed, pedrotokar/banking-streaming-ETL), which
 * its Streamlit dashboard reads: the sorted set {@value #RECENT} (member a transaction id, score
 * the epoch seconds of the decision) and a hash {@code transacoes:<id>} per transaction. The seed's
 * Spark job wrote each output row with spark-redis ({@code table=transacoes}, {@code
 * key.column=id_transacao}), which stores every column but the key column as {@code
 * String.valueOf(value)} and leaves out the columns that are null; so do {@link #fields}: doubles
 * as Java prints them ({@code 150.0}), booleans {@code true}/{@code false}, timestamps as {@code
 * java.sql.Timestamp} prints them in UTC ({@code 2026-03-02 21:00:01.29}, the seed's containers ran
 * in UTC), at Spark's microsecond precision.
 *
 * <p>Where bankstream has no value of the seed's, the field is left out, as spark-redis left out a
 * null: {@code t5_score}, {@code t6_score}, {@code t7_score} are there only when the seed's rule
 * profile decided (its components {@code t5}, {@code t6}, {@code t7}); {@code tempo_entrada_kafka}
 * and {@code latencia_total_ms} only when Kafka gave the record a timestamp. The full comparison
 * with the seed is in docs/statistics.md ("The seed's layout").
 */
public final class SeedRedisLayout {

  /** The sorted set of the most recent transaction ids, scored by decision time (epoch seconds). */
  public static final String RECENT = "recent_transactions";

  /** The prefix of each transaction's hash: {@code transacoes:<id_transacao>}. */
  public static final String HASH_PREFIX = "transacoes:";

  public static final String PAYER = "id_usuario_pagador";
  public static final String RECEIVER = "id_usuario_recebedor";
  public static final String REGION = "id_regiao";
  public static final String MODALITY = "modalidade_pagamento";
  public static final String EVENT_TIME = "data_horario";
  public static final String AMOUNT = "valor_transacao";
  public static final String APPROVED = "transacao_aprovada";
  public static final String T5 = "t5_score";
  public static final String T6 = "t6_score";
  public static final String T7 = "t7_score";
  public static final String OUTPUT_TIME = "tempo_saida_resultado";
  public static final String KAFKA_TIME = "tempo_entrada_kafka";
  public static final String PROCESSING_START = "tempo_inicio_processamento";
  public static final String TOTAL_LATENCY_MS = "latencia_total_ms";
  public static final String PROCESSING_MS = "tempo_processamento_ms";

  /**
   * {@code java.sql.Timestamp#toString} in UTC: {@code yyyy-MM-dd HH:mm:ss.f}, the fraction without
   * its trailing zeros but at least one digit. Written here rather than with {@code Timestamp},
   * whose {@code toString} uses the JVM's default zone.
   */
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private SeedRedisLayout() {}

  /** The key of {@code id}'s hash: {@code transacoes:<id>}. */
  public static String hashKey(String id) {
    return HASH_PREFIX + id;
  }

  /** The member of {@code transaction} in {@value #RECENT}: its id, as the seed's (lower case). */
  public static String member(DecidedTransaction transaction) {
    return transaction.transaction().id().toString();
  }

  /**
   * The score of {@code transaction} in {@value #RECENT}: its decision time in epoch seconds, with
   * microseconds (the seed's {@code tempo_saida_resultado.timestamp()}), as Redis reads it.
   */
  public static String score(DecidedTransaction transaction) {
    Instant decided = micros(transaction.decidedAt());
    return BigDecimal.valueOf(decided.getEpochSecond())
        .add(BigDecimal.valueOf(decided.getNano() / 1_000, 6))
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * The fields of {@code transaction}'s hash, in the seed's column order, each value as the seed
   * wrote it; see the class comment for the fields that may be left out.
   */
  public static Map<String, String> fields(DecidedTransaction decided) {
    Transaction transaction = decided.transaction();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(PAYER, transaction.payerId().toString());
    fields.put(RECEIVER, transaction.receiverId().toString());
    fields.put(REGION, transaction.region().name());
    fields.put(MODALITY, seedModality(transaction.modality()));
    fields.put(EVENT_TIME, timestamp(transaction.eventTime()));
    fields.put(AMOUNT, Double.toString(transaction.amount().doubleValue()));
    fields.put(APPROVED, Boolean.toString(decided.decision().approved()));
    Map<String, Double> components = decided.decision().riskComponents();
    putDouble(fields, T5, components.get("t5"));
    putDouble(fields, T6, components.get("t6"));
    putDouble(fields, T7, components.get("t7"));
    String decidedAt = timestamp(decided.decidedAt());
    fields.put(OUTPUT_TIME, decidedAt);
    Instant kafka = decided.kafkaTimestamp();
    if (kafka != null) {
      fields.put(KAFKA_TIME, timestamp(kafka));
    }
    // The seed's current_timestamp() is one value per Spark micro-batch, so its processing start
    // equalled its output time; bankstream records no start either.
    fields.put(PROCESSING_START, decidedAt);
    if (kafka != null) {
      fields.put(
          TOTAL_LATENCY_MS,
          Long.toString(Duration.between(micros(kafka), micros(decided.decidedAt())).toMillis()));
    }
    fields.put(PROCESSING_MS, "0");
    return fields;
  }

  /** {@code instant} as the seed's timestamps read in its hashes (see {@link #TIMESTAMP}). */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(micros(instant));
  }

  /** The seed's spelling of a modality: its producer sent {@code Boleto}. */
  static String seedModality(PaymentModality modality) {
    return modality == PaymentModality.BOLETO ? "Boleto" : modality.name();
  }

  private static void putDouble(Map<String, String> fields, String field, Double value) {
    if (value != null) {
      fields.put(field, Double.toString(value));
    }
  }

  /** Spark's timestamps hold microseconds. */
  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
