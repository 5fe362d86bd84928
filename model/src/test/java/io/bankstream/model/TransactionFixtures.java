package io.bankstream.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Named test values and a builder for {@link Transaction}s: every field has a fixed default, so a
 * test names only the fields it is about ({@code aTransaction().amount("0.01").build()}).
 */
public final class TransactionFixtures {

  public static final UUID TRANSACTION_ID = UUID.fromString("3f1c6d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f");
  public static final UUID PAYER_ID = UUID.fromString("0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b");
  public static final UUID RECEIVER_ID = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");

  /** 2024-05-28 14:23:11.123 in São Paulo (UTC-3). */
  public static final Instant EVENT_TIME = Instant.parse("2024-05-28T17:23:11.123Z");

  public static final Instant ONE_MINUTE_LATER = EVENT_TIME.plusSeconds(60);

  private TransactionFixtures() {}

  /** A builder preset to a R$ 150.00 PIX in SP from {@link #PAYER_ID} to {@link #RECEIVER_ID}. */
  public static Builder aTransaction() {
    return new Builder();
  }

  /** Mutable builder of {@link Transaction}; each setter returns the builder. */
  public static final class Builder {
    private UUID id = TRANSACTION_ID;
    private UUID payerId = PAYER_ID;
    private UUID receiverId = RECEIVER_ID;
    private Region region = Region.SP;
    private PaymentModality modality = PaymentModality.PIX;
    private Instant eventTime = EVENT_TIME;
    private BigDecimal amount = new BigDecimal("150.00");

    private Builder() {}

    public Builder id(UUID value) {
      id = value;
      return this;
    }

    public Builder payerId(UUID value) {
      payerId = value;
      return this;
    }

    public Builder receiverId(UUID value) {
      receiverId = value;
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

    public Transaction build() {
      return new Transaction(id, payerId, receiverId, region, modality, eventTime, amount);
    }
  }
}
