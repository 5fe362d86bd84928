package io.bankstream.model;

/**
 * The codes of the approval rules (SPEC section 5), stored in {@code transacoes.motivos_rejeicao}
 * for every rule that rejected a transaction.
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
  RISCO
}
