package io.bankstream.core.rules;

import java.util.Optional;

/**
 * A rules configuration that cannot be used: a rules file that is missing, is not YAML, or holds a
 * value the rules refuse. The message says where and what, naming the field by its path in the
 * rules file ({@code risco.weights.amount: must be between 0 and 1, was 1.7}); {@link #field()}
 * holds that path alone, empty when the problem is not one field's (a missing file, malformed
 * YAML). Unchecked: it is meant to stop the pipeline at start with that message.
 */
public final class RulesConfigException extends RuntimeException {

  private final String field;
  private final String problem;

  /**
   * A problem with one field.
   *
   * @param field the field's path in the rules file, e.g. {@code velocidade.window}
   * @param problem what is wrong with it, e.g. {@code must be a positive duration, was 0s}
   */
  public RulesConfigException(String field, String problem) {
    this(null, field, problem);
  }

  /** A problem that is not one field's, e.g. {@code line 3, column 7: malformed YAML: ...}. */
  public RulesConfigException(String problem) {
    this(null, null, problem);
  }

  private RulesConfigException(String source, String field, String problem) {
    super(message(source, field, problem));
    this.field = field;
    this.problem = problem;
  }

  /** The same problem, its message prefixed with the rules file it was found in. */
  RulesConfigException inSource(String source) {
    RulesConfigException located = new RulesConfigException(source, field, problem);
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The path of the field at fault in the rules file, e.g. {@code risco.weights.amount}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** What is wrong, without the field path. */
  public String problem() {
    return problem;
  }

  private static String message(String source, String field, String problem) {
    String where = field == null ? problem : field + ": " + problem;
    return source == null ? where : "rules file " + source + ": " + where;
  }
}
