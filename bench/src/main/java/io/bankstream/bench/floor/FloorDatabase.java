package io.bankstream.bench.floor;

import io.bankstream.core.postgres.DecisionWriter;
import io.bankstream.core.postgres.TransientErrors;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor's PostgreSQL side, on one plain JDBC connection with auto-commit off. {@link #write}
 * records a batch in <em>one</em> database transaction, with the values and the ledger of the
 * pipeline's {@link DecisionWriter} and {@code DeadLetterWriter}, but in a handful of statements
 * whatever the batch size:
 *
 * <ol>
 *   <li>{@code COPY} of the decided rows, in {@link CopyText} format, into a temporary staging
 *       table (made once per connection, {@code ON COMMIT DELETE ROWS});
 *   <li>one statement that inserts them into {@code transacoes} ({@code ON CONFLICT (id_transacao)
 *       DO NOTHING}) and, from what it actually inserted and approved, returns each user's net
 *       balance change and debits, in {@code uuid} order;
 *   <li>those users locked ({@code FOR NO KEY UPDATE}, ascending id), then one {@code UPDATE ...
 *       FROM unnest} of {@code saldo} and {@code total_debitado};
 *   <li>{@code COPY} of the dead letters into their staging table and one insert into {@code
 *       dead_letters} ({@code ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO
 *       NOTHING});
 *   <li>commit.
 * </ol>
 *
 * A replayed record (the same topic, partition and offset) adds no row and moves no money. A
 * transaction twice in a batch is inserted once, as the first of the two: the insert reads the
 * staging table in the order the rows were copied (by transaction id, a stable sort: {@link
 * #inIdOrder}), and {@code ON CONFLICT DO NOTHING} skips the second within the same statement. As
 * in the pipeline, a row skipped because its id is stored from another Kafka record (read back in
 * the same transaction, {@link #REUSED_IDS_SQL}) becomes a dead letter with reason {@code
 * DUPLICATE_TRANSACTION_ID}, written with the batch's. When the database refuses the batch for its
 * data (SQLState class 22 or 23, e.g. a balance that would go below zero), it is rolled back and
 * its decided rows are written one per transaction with the same statements; the rows still refused
 * become dead letters of step {@code WriteDecisionsToPostgres}, reason {@code DATABASE_REFUSED},
 * worded as the pipeline's sink words them, and the dead letters follow in a transaction of their
 * own. Transient errors (see {@link TransientErrors}) close the connection and retry the
 * transaction under the {@link RetryPolicy}, a new connection and staging tables being made on the
 * next attempt; any other error is thrown.
 *
 * <p>Several floor consumers write at once, each on its own connection, and never deadlock: rows
 * are inserted in transaction id order and users locked in id order, the only two places where one
 * transaction can wait for another's (a deadlock would still be retried, and is counted: {@link
 * #deadlocks}).
 */
final class FloorDatabase implements AutoCloseable {

  /** The {@code application_name} of the floor's session. */
  static final String APPLICATION_NAME = "bankstream-floor";

  static final String DECISIONS_STAGING = "floor_decisoes";
  static final String DEAD_LETTERS_STAGING = "floor_dead_letters";

  /** SQLState {@code deadlock_detected}. */
  private static final String DEADLOCK = "40P01";

  private static final String DECISION_COLUMNS =
      "id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao, modalidade_pagamento,"
          + " data_horario, valor_transacao, transacao_aprovada, motivos_rejeicao, score_risco,"
          + " componentes_risco, perfil_regras, kafka_topico, kafka_particao, kafka_offset,"
          + " horario_kafka, horario_decisao";

  private static final String DEAD_LETTER_COLUMNS =
      "kafka_topic, kafka_partition, kafka_offset, kafka_key, payload, kafka_timestamp, step,"
          + " reason, field, error_message";

  /**
   * Inserts the staged rows and returns, for the approved ones it inserted, each user's net change
   * of {@code saldo} and debits, in {@code uuid} order; every row also carries how many rows were
   * inserted, and a single row with a null id stands for "no money moved".
   */
  static final String INSERT_SQL =
      "WITH inserted AS ("
          + " INSERT INTO transacoes ("
          + DECISION_COLUMNS
          + ") SELECT "
          + DECISION_COLUMNS
          + " FROM "
          + DECISIONS_STAGING
          + " ON CONFLICT (id_transacao) DO NOTHING"
          + " RETURNING transacao_aprovada, id_usuario_pagador, id_usuario_recebedor,"
          + " valor_transacao),"
          + " moves AS ("
          + " SELECT id_usuario_pagador AS id, -valor_transacao AS delta, valor_transacao AS debit"
          + " FROM inserted WHERE transacao_aprovada"
          + " UNION ALL"
          + " SELECT id_usuario_recebedor, valor_transacao, 0 FROM inserted WHERE transacao_aprovada)"
          + " SELECT (SELECT count(*) FROM inserted), m.id, m.delta, m.debit"
          + " FROM (SELECT 1) AS one LEFT JOIN"
          + " (SELECT id, sum(delta) AS delta, sum(debit) AS debit FROM moves GROUP BY id) AS m"
          + " ON true ORDER BY m.id";

  /** The staged rows whose id is stored from another Kafka record, with where it is stored. */
  static final String REUSED_IDS_SQL =
      "SELECT s.kafka_particao, s.kafka_offset, t.kafka_topico, t.kafka_particao, t.kafka_offset"
          + " FROM "
          + DECISIONS_STAGING
          + " s JOIN transacoes t USING (id_transacao)"
          + " WHERE (s.kafka_topico, s.kafka_particao, s.kafka_offset)"
          + " IS DISTINCT FROM (t.kafka_topico, t.kafka_particao, t.kafka_offset)";

  static final String LOCK_SQL =
      "SELECT id_usuario FROM usuarios WHERE id_usuario = ANY(?::uuid[])"
          + " ORDER BY id_usuario FOR NO KEY UPDATE";

  static final String LEDGER_SQL =
      "UPDATE usuarios u SET saldo = u.saldo + d.delta,"
          + " total_debitado = u.total_debitado + d.debit"
          + " FROM unnest(?::uuid[], ?::numeric[], ?::numeric[]) AS d(id, delta, debit)"
          + " WHERE u.id_usuario = d.id";

  static final String INSERT_DEAD_LETTERS_SQL =
      "INSERT INTO dead_letters ("
          + DEAD_LETTER_COLUMNS
          + ") SELECT "
          + DEAD_LETTER_COLUMNS
          + " FROM "
          + DEAD_LETTERS_STAGING
          + " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING";

  private static final Logger LOG = LoggerFactory.getLogger(FloorDatabase.class);

  /** The statements of one attempt, in a transaction {@link #inTransaction} owns. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** What {@link #write} did: rows added to {@code transacoes} and dead letters of the batch. */
  record Written(int inserted, int deadLetters, List<DeadLetter> refused) {}

  /** What one insert did: rows added, and the rows that reuse a stored id, as dead letters. */
  private record Inserted(int count, List<DeadLetter> reusedIds) {}

  private final String jdbcUrl;
  private final Properties properties = new Properties();
  private final RetryPolicy retryPolicy;
  private final StringBuilder copyText = new StringBuilder(1 << 16);
  private Connection connection;
  private CopyManager copy;
  private long deadlocks;

  /**
   * @param password may be null for trust or certificate authentication
   * @param retryPolicy how transient errors are retried
   */
  FloorDatabase(String jdbcUrl, String user, String password, RetryPolicy retryPolicy) {
    this.jdbcUrl = jdbcUrl;
    this.retryPolicy = retryPolicy;
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
  }

  /** How many of this connection's transactions PostgreSQL ended as a deadlock's victim. */
  long deadlocks() {
    return deadlocks;
  }

  /**
   * Writes one batch; see the class comment.
   *
   * @param decided the decided transactions, in any order
   * @param deadLetters the batch's dead letters so far
   * @return rows inserted, dead letters written (the refused rows among them, also listed)
   * @throws SQLException a permanent error, or a transient one past the retry policy: nothing of
   *     the batch was committed then, except rows written one by one before it
   */
  Written write(List<DecidedTransaction> decided, List<DeadLetter> deadLetters)
      throws SQLException {
    List<DecidedTransaction> rows = new ArrayList<>(decided.size());
    List<DeadLetter> refused = new ArrayList<>();
    copyText.setLength(0);
    for (DecidedTransaction row : inIdOrder(decided)) {
      try {
        CopyText.appendDecision(copyText, row);
        rows.add(row);
      } catch (IllegalArgumentException notANumber) {
        refused.add(WriteLetters.refused(row, "22003", notANumber.getMessage()));
      }
    }
    byte[] decisionRows = utf8(copyText);
    List<DeadLetter> letters = new ArrayList<>(deadLetters);
    letters.addAll(refused);
    byte[] letterRows = deadLetterRows(letters);
    String operation = "write " + rows.size() + " decisions, " + letters.size() + " dead letters";
    try {
      Inserted inserted =
          retryPolicy.call(
              operation,
              () ->
                  inTransaction(
                      connection -> {
                        Inserted added = insertWithLedger(connection, decisionRows, rows);
                        insertDeadLetters(
                            connection,
                            added.reusedIds().isEmpty()
                                ? letterRows
                                : deadLetterRows(concat(letters, added.reusedIds())));
                        return added;
                      }));
      refused.addAll(inserted.reusedIds());
      return new Written(inserted.count(), letters.size() + inserted.reusedIds().size(), refused);
    } catch (SQLException error) {
      if (!TransientErrors.isDataError(error)) {
        throw error;
      }
      LOG.warn(
          "A batch of {} decisions was refused (SQLState {}: {}); writing its rows one by one",
          rows.size(),
          TransientErrors.sqlState(error),
          String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
    }
    int inserted = 0;
    for (DecidedTransaction row : rows) {
      copyText.setLength(0);
      CopyText.appendDecision(copyText, row);
      byte[] one = utf8(copyText);
      try {
        Inserted added =
            retryPolicy.call(
                "write decision " + row.transaction().id(),
                () -> inTransaction(connection -> insertWithLedger(connection, one, List.of(row))));
        inserted += added.count();
        refused.addAll(added.reusedIds());
        letters.addAll(added.reusedIds());
      } catch (SQLException error) {
        if (!TransientErrors.isDataError(error)) {
          throw error;
        }
        DeadLetter letter =
            WriteLetters.refused(
                row, TransientErrors.sqlState(error), String.valueOf(error.getMessage()));
        refused.add(letter);
        letters.add(letter);
      }
    }
    byte[] allLetters = deadLetterRows(letters);
    retryPolicy.call(
        "write " + letters.size() + " dead letters",
        () ->
            inTransaction(
                connection -> {
                  insertDeadLetters(connection, allLetters);
                  return null;
                }));
    return new Written(inserted, letters.size(), refused);
  }

  @Override
  public void close() {
    closeQuietly();
  }

  /**
   * {@code decided} by transaction id, a stable sort (of two rows with one id, the first stays
   * first, and is the one inserted). Every consumer of the floor inserts in this one order, so two
   * transactions that insert the same id (one waits on the other's uncommitted row in the unique
   * index) cannot wait on each other in a cycle; the users' rows are then locked in id order too.
   */
  static List<DecidedTransaction> inIdOrder(List<DecidedTransaction> decided) {
    List<DecidedTransaction> sorted = new ArrayList<>(decided);
    sorted.sort(Comparator.comparing(row -> row.transaction().id()));
    return sorted;
  }

  /**
   * Stages {@code rows} (the COPY text of {@code decided}) and inserts them with the ledger;
   * returns how many were inserted and the rows whose id is stored from another Kafka record.
   */
  private Inserted insertWithLedger(
      Connection connection, byte[] rows, List<DecidedTransaction> decided) throws SQLException {
    if (rows.length == 0) {
      return new Inserted(0, List.of());
    }
    copyIn(DECISIONS_STAGING, rows);
    int inserted = 0;
    List<UUID> users = new ArrayList<>();
    List<BigDecimal> deltas = new ArrayList<>();
    List<BigDecimal> debits = new ArrayList<>();
    // Prepared, so the driver's statement cache makes it a server-side prepared statement.
    try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL);
        ResultSet moves = insert.executeQuery()) {
      while (moves.next()) {
        inserted = moves.getInt(1);
        UUID user = moves.getObject(2, UUID.class);
        if (user != null) {
          users.add(user);
          deltas.add(moves.getBigDecimal(3));
          debits.add(moves.getBigDecimal(4));
        }
      }
    }
    // Only a row the insert skipped can reuse a stored id, so the check (a probe of transacoes'
    // primary key per staged row) runs only then: it took more of the floor's time than the
    // insert itself (docs/performance.md).
    List<DeadLetter> reused =
        inserted < decided.size() ? reusedIds(connection, decided) : List.of();
    if (users.isEmpty()) {
      return new Inserted(inserted, reused);
    }
    Object[] ids = users.toArray();
    try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL)) {
      lock.setArray(1, connection.createArrayOf("uuid", ids));
      try (ResultSet locked = lock.executeQuery()) {
        while (locked.next()) {
          // Reading the rows is what takes their locks, in id order.
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement(LEDGER_SQL)) {
      update.setArray(1, connection.createArrayOf("uuid", ids));
      update.setArray(2, connection.createArrayOf("numeric", deltas.toArray()));
      update.setArray(3, connection.createArrayOf("numeric", debits.toArray()));
      update.executeUpdate();
    }
    return new Inserted(inserted, reused);
  }

  /** The staged rows of {@code decided} whose id is stored from another Kafka record. */
  private static List<DeadLetter> reusedIds(Connection connection, List<DecidedTransaction> decided)
      throws SQLException {
    List<DeadLetter> reused = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(REUSED_IDS_SQL);
        ResultSet found = select.executeQuery()) {
      while (found.next()) {
        int partition = found.getInt(1);
        long offset = found.getLong(2);
        String writtenFrom = found.getString(3) + "/" + found.getInt(4) + "@" + found.getLong(5);
        for (DecidedTransaction row : decided) {
          if (row.partition() == partition && row.offset() == offset) {
            reused.add(WriteLetters.duplicate(row, writtenFrom));
            break;
          }
        }
      }
    }
    return reused;
  }

  private static List<DeadLetter> concat(List<DeadLetter> first, List<DeadLetter> second) {
    List<DeadLetter> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private void insertDeadLetters(Connection connection, byte[] rows) throws SQLException {
    if (rows.length == 0) {
      return;
    }
    copyIn(DEAD_LETTERS_STAGING, rows);
    try (PreparedStatement insert = connection.prepareStatement(INSERT_DEAD_LETTERS_SQL)) {
      insert.executeUpdate();
    }
  }

  /** Sends {@code rows}, lines of COPY text, into the staging {@code table}. */
  private void copyIn(String table, byte[] rows) throws SQLException {
    CopyIn in = copy.copyIn("COPY " + table + " FROM STDIN");
    try {
      in.writeToCopy(rows, 0, rows.length);
      in.endCopy();
    } catch (SQLException error) {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancelError) {
          error.addSuppressed(cancelError);
        }
      }
      throw error;
    }
  }

  /** Runs {@code work} in one transaction on the connection, opened first if need be. */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    Connection current = connection();
    try {
      T result = work.run(current);
      current.commit();
      return result;
    } catch (SQLException | RuntimeException error) {
      try {
        current.rollback();
      } catch (SQLException rollbackError) {
        error.addSuppressed(rollbackError); // The connection is gone; the server rolls back.
      }
      if (error instanceof SQLException sql && DEADLOCK.equals(TransientErrors.sqlState(sql))) {
        deadlocks++; // Retried as transient below; counted, as the floor's order should prevent it.
        LOG.warn("PostgreSQL chose this transaction as a deadlock's victim; retrying it");
      }
      if (error instanceof SQLException sql && TransientErrors.isTransient(sql)) {
        closeQuietly(); // The next attempt starts on a new connection.
      }
      throw error;
    }
  }

  private Connection connection() throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    Connection opened = DriverManager.getConnection(jdbcUrl, properties);
    try {
      opened.setAutoCommit(false);
      try (Statement statement = opened.createStatement()) {
        statement.execute(staging(DECISIONS_STAGING, CopyText.DECISION_COLUMNS));
        statement.execute(staging(DEAD_LETTERS_STAGING, CopyText.DEAD_LETTER_COLUMNS));
      }
      opened.commit();
      copy = opened.unwrap(PGConnection.class).getCopyAPI();
    } catch (SQLException e) {
      try {
        opened.close();
      } catch (SQLException closeError) {
        e.addSuppressed(closeError);
      }
      throw e;
    }
    connection = opened;
    return connection;
  }

  private static String staging(String table, List<String> columns) {
    return "CREATE TEMPORARY TABLE "
        + table
        + " ("
        + String.join(", ", columns)
        + ") ON COMMIT DELETE ROWS";
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing a broken connection: nothing left to release.
      }
      connection = null;
      copy = null;
    }
  }

  private byte[] deadLetterRows(List<DeadLetter> letters) {
    copyText.setLength(0);
    for (DeadLetter letter : letters) {
      CopyText.appendDeadLetter(copyText, letter);
    }
    return utf8(copyText);
  }

  private static byte[] utf8(StringBuilder text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
