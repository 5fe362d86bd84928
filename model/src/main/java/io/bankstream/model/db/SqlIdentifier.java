package io.bankstream.model.db;

import java.util.regex.Pattern;

/**
 * Checks names that come from configuration (a database, a role) before they become SQL
 * identifiers. The only statements that cannot take such a name as a bind parameter ({@code CREATE
 * ROLE}, {@code CREATE DATABASE}, {@code GRANT}) quote it with PostgreSQL's {@code format('%I')} as
 * well; this check refuses anything but a plain lower-case identifier first, with a message naming
 * the setting, so a bad name is refused at start and never reaches the server.
 */
public final class SqlIdentifier {

  /** A lower-case letter or underscore, then up to 62 lower-case letters, digits or underscores. */
  public static final Pattern PATTERN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private SqlIdentifier() {}

  /**
   * Returns {@code name} when it matches {@link #PATTERN}.
   *
   * @param field the setting the name comes from, for the message (e.g. {@code "database"})
   * @throws IllegalArgumentException naming {@code field} and showing the name otherwise
   */
  public static String require(String field, String name) {
    if (name == null || !PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be a lower-case SQL identifier (a-z, 0-9, _; at most 63, not starting with a"
              + " digit), was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }
}
