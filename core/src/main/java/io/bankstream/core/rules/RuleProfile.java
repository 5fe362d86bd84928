package io.bankstream.core.rules;

import io.bankstream.model.Decision;
import java.util.Locale;
import java.util.Optional;

/**
 * Which rule set decides: {@link #DEFAULT}, the five rules of SPEC section 5, or {@link #SEED}, the
 * three checks and score of the university seed this product replaces, kept so its decisions can be
 * reproduced and compared. {@link #id()} is the name written in the rules file and in {@link
 * Decision#profile()}.
 */
public enum RuleProfile {
  /** SALDO, LIMITE, PIX_NOTURNO, VELOCIDADE and the weighted RISCO score. */
  DEFAULT,
  /** SALDO, LIMITE and the seed's RISCO score {@code t5 * t6 * t7 / 3}. */
  SEED;

  /** The profile's name in the rules file and in decisions: {@code default} or {@code seed}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The profile named {@code id} (exact, lower case); empty for anything else. */
  public static Optional<RuleProfile> fromId(String id) {
    for (RuleProfile profile : values()) {
      if (profile.id().equals(id)) {
        return Optional.of(profile);
      }
    }
    return Optional.empty();
  }
}
