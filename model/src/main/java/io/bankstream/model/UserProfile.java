package io.bankstream.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A bank customer as the approval rules see it: a row of {@code usuarios}. Carries the home UF, the
 * balance ({@code saldo}) and one per-transaction limit for each payment modality.
 *
 * @param id {@code id_usuario}
 * @param homeRegion {@code id_regiao}, where the customer lives
 * @param balance {@code saldo}, in reais, never negative
 * @param limits {@code limite_pix}, {@code limite_ted}, {@code limite_doc}, {@code limite_boleto}
 * @param createdAt {@code created_at}
 */
public record UserProfile(
    UUID id,
    Region homeRegion,
    BigDecimal balance,
    Map<PaymentModality, BigDecimal> limits,
    Instant createdAt)
    implements Serializable {

  public UserProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(homeRegion, "homeRegion");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(createdAt, "createdAt");
    if (balance.signum() < 0) {
      throw new IllegalArgumentException("balance must not be negative: " + balance);
    }
    EnumMap<PaymentModality, BigDecimal> copy = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      BigDecimal limit = limits.get(modality);
      if (limit == null || limit.signum() < 0) {
        throw new IllegalArgumentException("limit for " + modality + " missing or negative");
      }
      copy.put(modality, limit);
    }
    limits = Collections.unmodifiableMap(copy);
  }

  /** The per-transaction limit for {@code modality}. */
  public BigDecimal limitFor(PaymentModality modality) {
    return limits.get(modality);
  }
}
