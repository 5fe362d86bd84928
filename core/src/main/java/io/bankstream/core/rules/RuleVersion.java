package io.bankstream.core.rules;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One rules version as the pipeline applies it: its number, the event time from which it decides,
 * and its rules. Version 0 is the rules a pipeline was started with, which decide only where no
 * published version is in force.
 *
 * @param number 0 for the start-up rules, else the version's number in {@code versoes_regras}
 * @param effectiveFrom the event time from which it decides ({@link Instant#MIN} for version 0)
 * @param rules its rules
 */
public record RuleVersion(int number, Instant effectiveFrom, RulesConfig rules)
    implements Serializable {

  public RuleVersion {
    if (number < 0) {
      throw new IllegalArgumentException("a version number must not be negative: " + number);
    }
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(rules, "rules");
  }

  /** The rules a pipeline was started with, as version 0. */
  public static RuleVersion startup(RulesConfig rules) {
    return new RuleVersion(0, Instant.MIN, rules);
  }
}
