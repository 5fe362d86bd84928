package io.bankstream.core.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The published rules versions in PostgreSQL ({@code versoes_regras}, migration V6): reads them and
 * publishes new ones. A row is never updated; a version's number is one more than the highest,
 * taken under a lock on the table so that two publications at once get two numbers.
 */
public final class RuleVersionStore {

  /** The effective time of a version that decides from the start: the epoch. */
  public static final Instant FROM_THE_START = Instant.EPOCH;

  private static final String COLUMNS =
      "versao, conteudo, vigente_desde, publicado_por, comentario, publicado_em, copia_de";

  private RuleVersionStore() {}

  /**
   * One row of {@code versoes_regras}.
   *
   * @param number the version number, from 1
   * @param content the rules as published: YAML laid over the bundled defaults
   * @param effectiveFrom the event time from which it decides
   * @param publishedBy who published it
   * @param comment why
   * @param publishedAt when (the database's clock)
   * @param copyOf for a rollback, the version whose content it republishes
   */
  public record Stored(
      int number,
      String content,
      Instant effectiveFrom,
      String publishedBy,
      String comment,
      Instant publishedAt,
      Optional<Integer> copyOf) {
    public Stored {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(effectiveFrom, "effectiveFrom");
      Objects.requireNonNull(copyOf, "copyOf");
    }

    /** Its rules, read as a rules file is. */
    public RulesConfig rules() {
      return RulesLoader.fromYaml(content);
    }
  }

  /** Every version, by number. */
  public static List<Stored> all(Connection connection) throws SQLException {
    List<Stored> versions = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT " + COLUMNS + " FROM versoes_regras ORDER BY versao")) {
      while (rows.next()) {
        versions.add(read(rows));
      }
    }
    return versions;
  }

  /** Version {@code number}, if it exists. */
  public static Optional<Stored> find(Connection connection, int number) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM versoes_regras WHERE versao = ?")) {
      select.setInt(1, number);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /** The database's clock: the time effective times are checked against. */
  public static Instant now(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT clock_timestamp()")) {
      row.next();
      return row.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  /**
   * Publishes a version with the next number, in its own transaction, and returns it. The content
   * is stored as given; the caller checks it first.
   *
   * @param copyOf the version a rollback republishes, or null
   */
  public static Stored publish(
      Connection connection,
      String content,
      Instant effectiveFrom,
      String publishedBy,
      String comment,
      Integer copyOf)
      throws SQLException {
    return locked(
        connection,
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO versoes_regras (versao, conteudo, vigente_desde, publicado_por,"
                      + " comentario, copia_de)"
                      + " SELECT COALESCE(MAX(versao), 0) + 1, ?, ?, ?, ?, ? FROM versoes_regras"
                      + " RETURNING "
                      + COLUMNS)) {
            insert.setString(1, content);
            insert.setObject(2, OffsetDateTime.ofInstant(effectiveFrom, ZoneOffset.UTC));
            insert.setString(3, publishedBy);
            insert.setString(4, comment);
            insert.setObject(5, copyOf);
            try (ResultSet row = insert.executeQuery()) {
              row.next();
              return read(row);
            }
          }
        });
  }

  /**
   * Publishes {@code content} as version 1, deciding from the start, if no version exists yet; does
   * nothing otherwise. A pipeline does this at start, so that its first rules are a version like
   * any other, which {@code rules rollback 1} can restore.
   *
   * @return the version published, or empty if versions existed
   */
  public static Optional<Stored> publishFirstIfNone(
      Connection connection, String content, String publishedBy, String comment)
      throws SQLException {
    return locked(
        connection,
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO versoes_regras (versao, conteudo, vigente_desde, publicado_por,"
                      + " comentario) SELECT 1, ?, ?, ?, ?"
                      + " WHERE NOT EXISTS (SELECT 1 FROM versoes_regras) RETURNING "
                      + COLUMNS)) {
            insert.setString(1, content);
            insert.setObject(2, OffsetDateTime.ofInstant(FROM_THE_START, ZoneOffset.UTC));
            insert.setString(3, publishedBy);
            insert.setString(4, comment);
            try (ResultSet row = insert.executeQuery()) {
              return row.next() ? Optional.of(read(row)) : Optional.<Stored>empty();
            }
          }
        });
  }

  /** Work on the table under its lock, in a transaction of its own. */
  private interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in its own transaction holding a lock on the table that one publication at a
   * time can hold, so that two publications at once get two numbers; rolled back if it fails.
   */
  private static <T> T locked(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement lock = connection.createStatement()) {
        lock.execute("LOCK TABLE versoes_regras IN SHARE ROW EXCLUSIVE MODE");
      }
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Stored read(ResultSet row) throws SQLException {
    int copyOf = row.getInt(7);
    boolean noCopy = row.wasNull();
    return new Stored(
        row.getInt(1),
        row.getString(2),
        row.getObject(3, OffsetDateTime.class).toInstant(),
        row.getString(4),
        row.getString(5),
        row.getObject(6, OffsetDateTime.class).toInstant(),
        noCopy ? Optional.empty() : Optional.of(copyOf));
  }
}
