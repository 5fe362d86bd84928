package io.bankstream.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The outcome of the approval rules for one transaction, with its explanation: approved exactly
 * when no rule rejected it; the codes of the rules that did, in rule order (the built-in {@link
 * RuleCode}s first, then the aggregate limits of the rules version in the order it declares them);
 * the risk score and its components by name; the rule profile that decided and the rules version it
 * belongs to.
 *
 * @param approved true when {@code rejectedBy} is empty
 * @param rejectedBy the codes of the rules that rejected the transaction, each matching {@link
 *     #CODE}
 * @param riskScore the risk score (1 is the most a weighted default score reaches; the seed's may
 *     be negative)
 * @param riskComponents the score's components by name, e.g. {@code distance}, {@code amount},
 *     {@code hour}; sorted by name
 * @param profile the rule profile that decided: {@code default} or {@code seed}
 * @param rulesVersion the number of the rules version that decided ({@code versoes_regras}), or 0
 *     for the rules the pipeline was started with, when no version was in force
 */
public record Decision(
    boolean approved,
    List<String> rejectedBy,
    double riskScore,
    Map<String, Double> riskComponents,
    String profile,
    int rulesVersion)
    implements Serializable {

  /** What a rule code looks like: upper case letters, digits and underscores, 2 to 32 long. */
  public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");

  public Decision {
    rejectedBy = List.copyOf(rejectedBy);
    for (String code : rejectedBy) {
      if (!CODE.matcher(code).matches()) {
        throw new IllegalArgumentException("not a rule code: '" + code + "'");
      }
    }
    riskComponents = Collections.unmodifiableMap(new TreeMap<>(riskComponents));
    Objects.requireNonNull(profile, "profile");
    if (approved != rejectedBy.isEmpty()) {
      throw new IllegalArgumentException(
          "approved must be true exactly when no rule rejected: " + rejectedBy);
    }
    if (rulesVersion < 0) {
      throw new IllegalArgumentException("rulesVersion must not be negative: " + rulesVersion);
    }
  }
}
