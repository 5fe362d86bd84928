package io.bankstream.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of the approval rules for one transaction, with its explanation: approved exactly
 * when no rule rejected it; the codes of the rules that did, in rule order; the risk score and its
 * components by name; and the rule profile that decided.
 *
 * @param approved true when {@code rejectedBy} is empty
 * @param rejectedBy the rules that rejected the transaction, in {@link RuleCode} order
 * @param riskScore the risk score, 0 or more (1 is the most a weighted default score reaches)
 * @param riskComponents the score's components by name, e.g. {@code distance}, {@code amount},
 *     {@code hour}; sorted by name
 * @param profile the rule profile that decided: {@code default} or {@code seed}
 */
public record Decision(
    boolean approved,
    List<RuleCode> rejectedBy,
    double riskScore,
    Map<String, Double> riskComponents,
    String profile)
    implements Serializable {

  public Decision {
    rejectedBy = List.copyOf(rejectedBy);
    riskComponents = Collections.unmodifiableMap(new TreeMap<>(riskComponents));
    Objects.requireNonNull(profile, "profile");
    if (approved != rejectedBy.isEmpty()) {
      throw new IllegalArgumentException(
          "approved must be true exactly when no rule rejected: " + rejectedBy);
    }
  }
}
