package io.bankstream.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A decided transaction as the seed's hash {@code transacoes:<id>} and its place in {@code
 * recent_transactions}: the seed's field names, in its column order, each value as spark-redis
 * wrote it (Java's {@code String.valueOf} of the Spark value), nulls left out.
 */
class SeedRedisLayoutTest {

  private static final UUID ID = UUID.fromString("0b6a2f1e-5f4c-4e43-9a41-2d1f8f1c7a10");
  private static final UUID PAYER = UUID.fromString("11111111-2222-4333-8444-555555555555");
  private static final UUID RECEIVER = UUID.fromString("66666666-7777-4888-9999-000000000000");
  private static final Instant EVENT_TIME = Instant.parse("2026-03-02T21:00:01Z");
  private static final Instant APPENDED_TO_KAFKA = Instant.parse("2026-03-02T21:00:01.040Z");
  // Nanoseconds beyond Spark's microseconds, which the layout drops.
  private static final Instant DECIDED = Instant.parse("2026-03-02T21:00:01.290123456Z");

  @Test
  void aSeedDecisionHasEveryFieldOfTheSeedsHashInItsOrder() {
    DecidedTransaction rejected =
        decided(
            PaymentModality.BOLETO,
            "2500.50",
            new Decision(
                false,
                List.of("RISCO"),
                6.5,
                Map.of("t5", 13.2521, "t6", 1.0, "t7", 0.75),
                "seed",
                1),
            APPENDED_TO_KAFKA);

    assertThat(SeedRedisLayout.fields(rejected))
        .containsExactly(
            Map.entry("id_usuario_pagador", PAYER.toString()),
            Map.entry("id_usuario_recebedor", RECEIVER.toString()),
            Map.entry("id_regiao", "RJ"),
            Map.entry("modalidade_pagamento", "Boleto"),
            Map.entry("data_horario", "2026-03-02 21:00:01.0"),
            Map.entry("valor_transacao", "2500.5"),
            Map.entry("transacao_aprovada", "false"),
            Map.entry("t5_score", "13.2521"),
            Map.entry("t6_score", "1.0"),
            Map.entry("t7_score", "0.75"),
            Map.entry("tempo_saida_resultado", "2026-03-02 21:00:01.290123"),
            Map.entry("tempo_entrada_kafka", "2026-03-02 21:00:01.04"),
            Map.entry("tempo_inicio_processamento", "2026-03-02 21:00:01.290123"),
            Map.entry("latencia_total_ms", "250"),
            Map.entry("tempo_processamento_ms", "0"));
    assertThat(SeedRedisLayout.hashKey(SeedRedisLayout.member(rejected)))
        .isEqualTo("transacoes:0b6a2f1e-5f4c-4e43-9a41-2d1f8f1c7a10");
    assertThat(SeedRedisLayout.score(rejected)).isEqualTo("1772485201.290123");
  }

  @Test
  void whatBankstreamDoesNotKnowIsLeftOutAsTheSeedLeftOutNulls() {
    DecidedTransaction approved =
        decided(
            PaymentModality.PIX,
            "150.00",
            new Decision(
                true, List.of(), 0.25, Map.of("amount", 0.1, "distance", 0.15), "default", 0),
            null);

    Map<String, String> fields = SeedRedisLayout.fields(approved);

    assertThat(fields)
        .containsEntry("modalidade_pagamento", "PIX")
        .containsEntry("valor_transacao", "150.0")
        .containsEntry("transacao_aprovada", "true")
        .doesNotContainKeys(
            "id_transacao", "t5_score", "t6_score", "t7_score", "tempo_entrada_kafka")
        .doesNotContainKey("latencia_total_ms");
    assertThat(fields).hasSize(10);
  }

  @Test
  void timestampsPrintAsJavaSqlTimestampInUtc() {
    assertThat(SeedRedisLayout.timestamp(Instant.parse("2026-12-05T03:04:05Z")))
        .isEqualTo("2026-12-05 03:04:05.0");
    assertThat(SeedRedisLayout.timestamp(Instant.parse("2026-12-05T03:04:05.120Z")))
        .isEqualTo("2026-12-05 03:04:05.12");
    assertThat(SeedRedisLayout.timestamp(Instant.parse("2026-12-05T03:04:05.000001999Z")))
        .isEqualTo("2026-12-05 03:04:05.000001");
    assertThat(SeedRedisLayout.score(decidedAt(Instant.parse("2026-12-05T03:04:05Z"))))
        .isEqualTo("1796439845");
  }

  private static DecidedTransaction decidedAt(Instant decidedAt) {
    DecidedTransaction base =
        decided(
            PaymentModality.TED,
            "1.00",
            new Decision(true, List.of(), 0, Map.of(), "default", 0),
            null);
    return new DecidedTransaction(base.transaction(), base.source(), base.decision(), decidedAt);
  }

  private static DecidedTransaction decided(
      PaymentModality modality, String amount, Decision decision, Instant kafkaTimestamp) {
    return new DecidedTransaction(
        new Transaction(
            ID, PAYER, RECEIVER, Region.RJ, modality, EVENT_TIME, new BigDecimal(amount)),
        new SourceRecord("bank_transactions", 0, 42, null, new byte[0], kafkaTimestamp),
        decision,
        DECIDED);
  }
}
