package io.bankstream.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One bank transfer as it travels on Kafka (SPEC section 3): who pays whom, where, how, when and
 * how much. Instances are only ever built from values that already passed the contract's checks
 * (see {@link io.bankstream.model.json.TransactionCodec}), so the constructor only guards against
 * programming errors: nulls, a payer paying itself, and amounts that are not positive with at most
 * two decimals.
 *
 * @param id {@code id_transacao}, the idempotency key everywhere
 * @param payerId {@code id_usuario_pagador}
 * @param receiverId {@code id_usuario_recebedor}, different from the payer
 * @param region {@code id_regiao}, the UF where the transfer happens
 * @param modality {@code modalidade_pagamento}
 * @param eventTime {@code data_horario}, when the transfer was made
 * @param amount {@code valor_transacao}, in reais, scale 2
 */
public record Transaction(
    UUID id,
    UUID payerId,
    UUID receiverId,
    Region region,
    PaymentModality modality,
    Instant eventTime,
    BigDecimal amount)
    implements Serializable {

  public Transaction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payerId, "payerId");
    Objects.requireNonNull(receiverId, "receiverId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(amount, "amount");
    if (payerId.equals(receiverId)) {
      throw new IllegalArgumentException("payer and receiver must differ: " + payerId);
    }
    amount = Money.requireValidAmount(amount);
  }
}
