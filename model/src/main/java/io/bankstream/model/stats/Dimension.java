package io.bankstream.model.stats;

/**
 * How a window's transactions are grouped: all together, per UF, per modality, or per rules version
 * that decided them. The names are those of {@code estatisticas_janela.dimensao} and of the Redis
 * keys.
 */
public enum Dimension {
  TOTAL("total"),
  REGIAO("regiao"),
  MODALIDADE("modalidade"),
  /** Per rules version ({@code transacoes.versao_regras}), the number as the value. */
  VERSAO("versao");

  private final String code;

  Dimension(String code) {
    this.code = code;
  }

  /** The name stored in {@code dimensao} and used in Redis keys. */
  public String code() {
    return code;
  }
}
