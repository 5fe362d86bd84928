package io.bankstream.core.stats;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Named times, a builder of {@link DecidedTransaction}s and a maker of {@link WindowStats} panes,
 * for the tests of the statistics' aggregates and sinks.
 */
public final class StatsTestData {

  /** 2026-03-02 18:00 in São Paulo: a window's start, and the epoch ms in the documented keys. */
  public static final Instant WINDOW_START = Instant.parse("2026-03-02T21:00:00Z");

  public static final Instant WINDOW_END = WINDOW_START.plusSeconds(60);

  public static final Instant EVENT_TIME = WINDOW_START.plusSeconds(1);
  public static final Instant APPENDED_TO_KAFKA = EVENT_TIME.plusMillis(40);
  public static final Instant DECIDED = APPENDED_TO_KAFKA.plusMillis(250);

  private StatsTestData() {}

  /** A builder preset to an approved R$ 10.00 PIX in SP, decided 250 ms after its Kafka append. */
  public static Builder aTransaction() {
    return new Builder();
  }

  /** A summary with the given counts and amounts, no rejections by rule and no latency. */
  public static WindowSummary summary(
      long approved, long rejected, String amount, String approvedAmount) {
    return new WindowSummary(
        approved + rejected,
        approved,
        rejected,
        new BigDecimal(amount),
        new BigDecimal(approvedAmount),
        Map.of(),
        null,
        null,
        null);
  }

  /** A pane of the window at {@link #WINDOW_START} for {@code key}. */
  public static WindowStats pane(
      StatsKey key, WindowSummary summary, String timing, long paneIndex) {
    return pane(WINDOW_START, key, summary, timing, paneIndex);
  }

  /** A one-minute window's pane starting at {@code start} for {@code key}. */
  public static WindowStats pane(
      Instant start, StatsKey key, WindowSummary summary, String timing, long paneIndex) {
    return new WindowStats(key, start, start.plusSeconds(60), summary, timing, paneIndex);
  }

  /** Mutable builder of {@link DecidedTransaction}; each setter returns the builder. */
  public static final class Builder {
    private UUID id = UUID.randomUUID();
    private Region region = Region.SP;
    private PaymentModality modality = PaymentModality.PIX;
    private Instant eventTime = EVENT_TIME;
    private BigDecimal amount = new BigDecimal("10.00");
    private Instant kafkaTimestamp = APPENDED_TO_KAFKA;
    private List<String> rejectedBy = List.of();
    private double riskScore = 0.25;
    private Instant decidedAt = DECIDED;

    public Builder id(UUID value) {
      id = value;
      return this;
    }

    public Builder region(Region value) {
      region = value;
      return this;
    }

    public Builder modality(PaymentModality value) {
      modality = value;
      return this;
    }

    public Builder eventTime(Instant value) {
      eventTime = value;
      return this;
    }

    public Builder amount(String value) {
      amount = new BigDecimal(value);
      return this;
    }

    public Builder kafkaTimestamp(Instant value) {
      kafkaTimestamp = value;
      return this;
    }

    public Builder rejectedBy(String... codes) {
      rejectedBy = List.of(codes);
      return this;
    }

    public Builder riskScore(double value) {
      riskScore = value;
      return this;
    }

    public Builder decidedAt(Instant value) {
      decidedAt = value;
      return this;
    }

    public DecidedTransaction build() {
      // Payer and receiver derive from the id, so the same id gives the same transaction.
      UUID payer = new UUID(id.getMostSignificantBits(), 1);
      UUID receiver = new UUID(id.getMostSignificantBits(), 2);
      Transaction transaction =
          new Transaction(id, payer, receiver, region, modality, eventTime, amount);
      Decision decision =
          new Decision(
              rejectedBy.isEmpty(),
              rejectedBy,
              riskScore,
              Map.of("amount", riskScore / 2, "distance", riskScore / 2, "hour", 0.0),
              "default",
              0);
      return new DecidedTransaction(
          transaction,
          new SourceRecord("bank_transactions", 0, 0, null, new byte[0], kafkaTimestamp),
          decision,
          decidedAt);
    }
  }
}
