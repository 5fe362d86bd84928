package io.bankstream.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How a transfer is paid. The contract names them {@code PIX}, {@code TED}, {@code DOC} and {@code
 * BOLETO}, case-insensitively: the seed's producer wrote {@code Boleto}.
 */
public enum PaymentModality {
  PIX,
  TED,
  DOC,
  BOLETO;

  /** The modality for a contract value, case-insensitive and trimmed; empty for anything else. */
  public static Optional<PaymentModality> fromContract(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalized = value.trim().toUpperCase(Locale.ROOT);
    for (PaymentModality modality : values()) {
      if (modality.name().equals(normalized)) {
        return Optional.of(modality);
      }
    }
    return Optional.empty();
  }
}
