package io.bankstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The invariants the records guard: money at scale 2, positive amounts, complete limits. */
class MoneyTest {

  @Test
  void amountsAreKeptAtScaleTwo() {
    assertThat(Money.requireValidAmount(new BigDecimal("10.5"))).isEqualTo(new BigDecimal("10.50"));
    assertThat(Money.requireValidAmount(new BigDecimal("10.500")))
        .isEqualTo(new BigDecimal("10.50"));
    assertThat(Money.requireValidAmount(new BigDecimal("0.01"))).isEqualTo(new BigDecimal("0.01"));
    assertThat(Money.requireValidAmount(Money.MAX_AMOUNT)).isEqualTo(Money.MAX_AMOUNT);
  }

  @Test
  void refusesAmountsOutsideTheContract() {
    assertThatThrownBy(() -> Money.requireValidAmount(BigDecimal.ZERO))
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> Money.requireValidAmount(new BigDecimal("-1.00")))
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> Money.requireValidAmount(new BigDecimal("1.001")))
        .hasMessageContaining("more than two decimals");
    assertThatThrownBy(() -> Money.requireValidAmount(Money.MAX_AMOUNT.add(new BigDecimal("0.01"))))
        .hasMessageContaining("exceeds");
  }

  @Test
  void aUserProfileNeedsALimitForEveryModality() {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    limits.put(PaymentModality.PIX, Money.of("1000"));
    limits.put(PaymentModality.TED, Money.of("5000"));
    limits.put(PaymentModality.DOC, Money.of("5000"));

    assertThatThrownBy(() -> profile(limits)).hasMessageContaining("BOLETO");

    limits.put(PaymentModality.BOLETO, Money.of("3000"));
    UserProfile profile = profile(limits);
    limits.put(PaymentModality.PIX, Money.of("1"));

    assertThat(profile.limitFor(PaymentModality.PIX)).isEqualTo(Money.of("1000"));
    assertThatThrownBy(() -> profile.limits().put(PaymentModality.PIX, BigDecimal.ONE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aTransactionCannotPayItsOwnPayer() {
    UUID user = UUID.randomUUID();

    assertThatThrownBy(
            () ->
                new Transaction(
                    UUID.randomUUID(),
                    user,
                    user,
                    Region.SP,
                    PaymentModality.PIX,
                    Instant.parse("2024-05-28T17:23:11Z"),
                    Money.of("10")))
        .hasMessageContaining("payer and receiver must differ");
  }

  private static UserProfile profile(Map<PaymentModality, BigDecimal> limits) {
    return new UserProfile(
        UUID.randomUUID(),
        Region.MG,
        Money.of("2500"),
        limits,
        Instant.parse("2024-01-01T00:00:00Z"));
  }
}
