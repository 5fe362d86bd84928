package io.bankstream.core.rules;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the approval step gets the rules versions it decides with; serializable so a DoFn can carry
 * it to the workers, where {@link #current()} is called for each transaction and must be cheap.
 */
public interface RulesSource extends Serializable {

  /** The versions known now. */
  RuleVersions current();

  /** Only {@code rules}, as version 0: for tests and the backtest. */
  static RulesSource fixed(RulesConfig rules) {
    Objects.requireNonNull(rules, "rules");
    return new Fixed(rules);
  }

  /** The source of {@link #fixed}: its versions are made once per worker. */
  final class Fixed implements RulesSource {
    private static final long serialVersionUID = 1L;
    private final RulesConfig rules;
    private transient volatile RuleVersions versions;

    private Fixed(RulesConfig rules) {
      this.rules = rules;
    }

    @Override
    public RuleVersions current() {
      RuleVersions made = versions;
      if (made == null) {
        made = RuleVersions.only(rules); // Two threads may both make one: the same, either wins.
        versions = made;
      }
      return made;
    }
  }
}
