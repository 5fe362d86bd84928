package io.bankstream.model.stats;

import java.io.Serializable;
import java.util.Objects;

/**
 * One group of a window's statistics: a dimension and its value ({@code ""} for {@link
 * Dimension#TOTAL}, the UF code for {@link Dimension#REGIAO}, the modality for {@link
 * Dimension#MODALIDADE}, the rules version's number for {@link Dimension#VERSAO}).
 */
public record StatsKey(Dimension dimension, String value) implements Serializable {

  public static final StatsKey TOTAL = new StatsKey(Dimension.TOTAL, "");

  public StatsKey {
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(value, "value");
  }

  /** {@code total}, {@code regiao:SP}, {@code modalidade:PIX}, {@code versao:2}. */
  @Override
  public String toString() {
    return value.isEmpty() ? dimension.code() : dimension.code() + ":" + value;
  }

  /** The key whose {@link #toString()} is {@code text}. */
  public static StatsKey parse(String text) {
    int colon = text.indexOf(':');
    String code = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    for (Dimension dimension : Dimension.values()) {
      if (dimension.code().equals(code)) {
        return new StatsKey(dimension, value);
      }
    }
    throw new IllegalArgumentException("not a statistics key: " + text);
  }
}
