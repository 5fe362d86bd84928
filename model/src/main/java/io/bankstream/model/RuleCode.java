package io.bankstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * The codes of the built-in approval rules (SPEC section 5), stored in {@code
 * transacoes.motivos_rejeicao} for every rule that rejected a transaction. A rules version may add
 * aggregate limits with codes of their own; {@link Decision#rejectedBy()} holds codes as text.
 */
public enum RuleCode {
  /** The amount exceeds the payer's available balance. */
  SALDO,
  /** The amount exceeds the payer's limit for the modality. */
  LIMITE,
  /** A PIX at night above the night limit. */
  PIX_NOTURNO,
  /** More transactions by the payer in the velocity window than allowed. */
  VELOCIDADE,
  /** The risk score is above the threshold. */
  RISCO;

  /** Every built-in code's name, in rule order. */
  public static List<String> codes() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }

  /** Whether {@code code} is a built-in rule's. */
  public static boolean isBuiltIn(String code) {
    return Arrays.stream(values()).anyMatch(rule -> rule.name().equals(code));
  }
}
