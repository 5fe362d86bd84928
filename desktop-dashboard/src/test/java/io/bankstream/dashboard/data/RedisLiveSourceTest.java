package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.LatestTransaction;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The parsing behind {@link RedisLiveSource}, without a server: statistics hashes ({@link
 * HashStats}) and the latest transactions' JSON ({@link LatestTransaction}, whose malformed cases
 * {@code LatestTransactionTest} covers), in the documented formats.
 */
class RedisLiveSourceTest {

  private static final Instant START = Instant.parse("2026-03-02T21:00:00Z");
  private static final Instant END = Instant.parse("2026-03-02T21:01:00Z");
  private static final StatsKey SP = new StatsKey(Dimension.REGIAO, "SP");

  /** The hash of the README's example, as the pipeline writes it. */
  private static Map<String, String> documentedHash() {
    Map<String, String> hash = new HashMap<>();
    hash.put("window_start", "2026-03-02T21:00:00Z");
    hash.put("window_end", "2026-03-02T21:01:00Z");
    hash.put("count", "5");
    hash.put("approved", "3");
    hash.put("rejected", "2");
    hash.put("amount", "1234.50");
    hash.put("approved_amount", "1000.00");
    hash.put("rejected_by:RISCO", "1");
    hash.put("rejected_by:SALDO", "2");
    hash.put("latency_p50_ms", "12.3");
    hash.put("latency_p95_ms", "45.6");
    hash.put("latency_p99_ms", "78.0");
    hash.put("pane", "EARLY");
    hash.put("pane_index", "0");
    hash.put("updated_at", "2026-03-02T21:05:00Z");
    return hash;
  }

  @Test
  void aDocumentedHashGivesEveryField() {
    GroupStats stats = HashStats.parse(SP, documentedHash()).orElseThrow();

    assertThat(stats)
        .isEqualTo(
            new GroupStats(
                START,
                END,
                SP,
                5,
                3,
                2,
                new BigDecimal("1234.50"),
                new BigDecimal("1000.00"),
                Map.of("RISCO", 1L, "SALDO", 2L),
                12.3,
                45.6,
                78.0));
  }

  @Test
  void absentLatenciesAreNullAndNoRejectionsAnEmptyMap() {
    Map<String, String> hash = documentedHash();
    hash.keySet().removeIf(field -> field.startsWith("latency_") || field.startsWith("rejected_"));
    hash.put("rejected", "0");
    hash.put("approved", "5");

    GroupStats stats = HashStats.parse(StatsKey.TOTAL, hash).orElseThrow();

    assertThat(stats.latencyP50Ms()).isNull();
    assertThat(stats.latencyP95Ms()).isNull();
    assertThat(stats.latencyP99Ms()).isNull();
    assertThat(stats.rejectionsByRule()).isEmpty();
    assertThat(stats.rejected()).isZero();
  }

  @Test
  void anEmptyHashIsNoStatistics() {
    assertThat(HashStats.parse(StatsKey.TOTAL, Map.of())).isEmpty();
  }

  @Test
  void aMalformedHashIsRefusedNamingTheField() {
    Map<String, String> notACount = documentedHash();
    notACount.put("count", "five");
    Map<String, String> noAmount = documentedHash();
    noAmount.remove("amount");
    Map<String, String> badStart = documentedHash();
    badStart.put("window_start", "yesterday");
    Map<String, String> badRule = documentedHash();
    badRule.put("rejected_by:SALDO", "-1");
    Map<String, String> badLatency = documentedHash();
    badLatency.put("latency_p95_ms", "NaN");
    Map<String, String> endBeforeStart = documentedHash();
    endBeforeStart.put("window_end", "2026-03-02T20:59:00Z");

    assertThatThrownBy(() -> HashStats.parse(SP, notACount))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(() -> HashStats.parse(SP, noAmount))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("amount is missing");
    assertThatThrownBy(() -> HashStats.parse(SP, badStart))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("window_start");
    assertThatThrownBy(() -> HashStats.parse(SP, badRule))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("rejected_by:SALDO");
    assertThatThrownBy(() -> HashStats.parse(SP, badLatency))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("latency_p95_ms");
    assertThatThrownBy(() -> HashStats.parse(SP, endBeforeStart))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("ends at or before");
  }

  @Test
  void theDocumentedJsonGivesEveryField() {
    String json =
        "{\"id\":\"0b6a2f1e-0000-4000-8000-000000000001\",\"payer\":\"p\",\"receiver\":\"r\","
            + "\"region\":\"RJ\",\"modality\":\"BOLETO\",\"event_time\":\"2026-03-02T21:00:01Z\","
            + "\"amount\":150.00,\"approved\":false,\"reasons\":[\"SALDO\",\"RISCO\"],"
            + "\"risk_score\":0.8123,\"decided_at\":\"2026-03-02T21:00:01.290Z\"}";

    RecentTransaction transaction = RecentTransaction.of(LatestTransaction.fromJson(json));

    assertThat(transaction)
        .isEqualTo(
            new RecentTransaction(
                "0b6a2f1e-0000-4000-8000-000000000001",
                "p",
                "r",
                "RJ",
                "BOLETO",
                Instant.parse("2026-03-02T21:00:01Z"),
                new BigDecimal("150.00"),
                false,
                List.of("SALDO", "RISCO"),
                0.8123,
                Instant.parse("2026-03-02T21:00:01.290Z")));
    assertThat(transaction.amount().scale()).isEqualTo(2);
  }

  @Test
  void aNullRiskScoreStaysNull() {
    String json =
        "{\"id\":\"a\",\"payer\":\"p\",\"receiver\":\"r\",\"region\":\"SP\",\"modality\":\"PIX\","
            + "\"event_time\":\"2026-03-02T21:00:01Z\",\"amount\":10,\"approved\":true,"
            + "\"risk_score\":null,\"decided_at\":\"2026-03-02T21:00:02Z\"}";

    RecentTransaction transaction = RecentTransaction.of(LatestTransaction.fromJson(json));

    assertThat(transaction.riskScore()).isNull();
    assertThat(transaction.reasons()).isEmpty();
  }

  @Test
  void theReasonJoinsTheCausesWithoutRepeats() {
    java.net.ConnectException refused = new java.net.ConnectException("Connection refused");
    JedisConnectionException outer =
        new JedisConnectionException("Failed to connect to any host resolved for DNS name.");
    outer.addSuppressed(refused);
    JedisConnectionException wrapper = new JedisConnectionException(outer);

    assertThat(Reasons.of(wrapper))
        .isEqualTo("Failed to connect to any host resolved for DNS name.: Connection refused");
  }
}
