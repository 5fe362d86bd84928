package io.bankstream.model.stats;

/**
 * How a window's transactions are grouped: all together, per UF, or per modality. The names are
 * those of {@code estatisticas_janela.dimensao} and of the Redis keys.
 */
public enum Dimension {
  TOTAL("total"),
  REGIAO("regiao"),
  MODALIDADE("modalidade");

  private final String code;

  Dimension(String code) {
    this.code = code;
  }

  /** The name stored in {@code dimensao} and used in Redis keys. */
  public String code() {
    return code;
  }
}
