package io.bankstream.model.stats;

import static io.bankstream.model.TransactionFixtures.aTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The JSON of the latest lists in Redis, as documented in {@link RedisKeys} and the README: written
 * byte for byte as documented, read back, and refused when malformed.
 */
class LatestTransactionTest {

  /** The README's example, with whole ids. */
  private static final String DOCUMENTED =
      "{\"id\":\"0b6a2f1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b\","
          + "\"payer\":\"0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b\","
          + "\"receiver\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\","
          + "\"region\":\"RJ\",\"modality\":\"BOLETO\",\"event_time\":\"2026-03-02T21:00:01Z\","
          + "\"amount\":150.00,\"approved\":false,\"reasons\":[\"SALDO\",\"RISCO\"],"
          + "\"risk_score\":0.8123,\"decided_at\":\"2026-03-02T21:00:01.290Z\"}";

  private static final String VALID =
      "{\"id\":\"a\",\"payer\":\"p\",\"receiver\":\"r\",\"region\":\"SP\",\"modality\":\"PIX\","
          + "\"event_time\":\"2026-03-02T21:00:01Z\",\"amount\":10.00,\"approved\":true,"
          + "\"reasons\":[],\"risk_score\":0.1,\"decided_at\":\"2026-03-02T21:00:02Z\"}";

  private static DecidedTransaction decided(double riskScore, String... rejectedBy) {
    Transaction transaction =
        aTransaction()
            .id(UUID.fromString("0b6a2f1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b"))
            .region(Region.RJ)
            .modality(PaymentModality.BOLETO)
            .eventTime(Instant.parse("2026-03-02T21:00:01Z"))
            .amount("150.00")
            .build();
    Decision decision =
        new Decision(
            rejectedBy.length == 0, List.of(rejectedBy), riskScore, Map.of(), "default", 0);
    return new DecidedTransaction(
        transaction,
        new SourceRecord("bank_transactions", 0, 42, null, new byte[0], null),
        decision,
        Instant.parse("2026-03-02T21:00:01.290Z"));
  }

  @Test
  void aDecidedTransactionIsWrittenAsDocumented() {
    LatestTransaction latest = LatestTransaction.of(decided(0.812345, "SALDO", "RISCO"));

    assertThat(latest.toJson()).isEqualTo(DOCUMENTED);
  }

  @Test
  void theDocumentedJsonIsReadBackAsItWasWritten() {
    LatestTransaction read = LatestTransaction.fromJson(DOCUMENTED);

    assertThat(read).isEqualTo(LatestTransaction.of(decided(0.8123, "SALDO", "RISCO")));
    assertThat(read.amount().scale()).isEqualTo(2);
    assertThat(read.riskScore()).isEqualTo(new BigDecimal("0.8123"));
    assertThat(read.toJson()).isEqualTo(DOCUMENTED);
  }

  @Test
  void aRiskScoreThatIsNotANumberIsWrittenAsNull() {
    String json = LatestTransaction.of(decided(Double.NaN)).toJson();

    assertThat(json).contains("\"approved\":true,\"reasons\":[],\"risk_score\":null,");
    assertThat(LatestTransaction.fromJson(json).riskScore()).isNull();
  }

  @Test
  void aNullRiskScoreAndNoReasonsAreAccepted() {
    LatestTransaction read =
        LatestTransaction.fromJson(
            VALID
                .replace("\"reasons\":[],", "")
                .replace("\"risk_score\":0.1", "\"risk_score\":null"));

    assertThat(read.riskScore()).isNull();
    assertThat(read.reasons()).isEmpty();
    assertThat(read.amount()).isEqualByComparingTo("10");
  }

  @Test
  void keysItDoesNotKnowAreIgnored() {
    assertThat(LatestTransaction.fromJson(VALID.replace("{", "{\"channel\":\"app\",")))
        .isEqualTo(LatestTransaction.fromJson(VALID));
  }

  @Test
  void malformedJsonIsRefused() {
    assertThat(LatestTransaction.fromJson(VALID).id()).isEqualTo("a");

    for (String broken :
        List.of(
            "{\"id\":",
            "[1,2]",
            "\"text\"",
            "null",
            "",
            VALID.replace("\"amount\":10.00", "\"amount\":\"10.00\""),
            VALID.replace("\"approved\":true", "\"approved\":\"yes\""),
            VALID.replace("\"approved\":true", "\"approved\":null"),
            VALID.replace("\"approved\":true,", ""),
            VALID.replace("\"id\":\"a\",", ""),
            VALID.replace("\"id\":\"a\"", "\"id\":\" \""),
            VALID.replace("\"id\":\"a\"", "\"id\":7"),
            VALID.replace("2026-03-02T21:00:02Z", "later"),
            VALID.replace("\"reasons\":[]", "\"reasons\":[1]"),
            VALID.replace("\"reasons\":[]", "\"reasons\":[null]"),
            VALID.replace("\"risk_score\":0.1", "\"risk_score\":\"high\""))) {
      assertThatThrownBy(() -> LatestTransaction.fromJson(broken))
          .as(broken)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
