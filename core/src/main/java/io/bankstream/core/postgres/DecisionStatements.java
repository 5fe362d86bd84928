package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.BatchTransactions.column;
import static io.bankstream.core.postgres.DecisionWriter.POSTGRES_UUID_ORDER;

import io.bankstream.core.postgres.DecisionWriter.Failed;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Transaction;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The statements of one {@link DecisionWriter} transaction, their SQL text and the binding of their
 * parameters: {@link #write} inserts a batch of rows with one statement, reads where the ids it did
 * not add were stored from, and moves the balances of the users of the approved rows it added. It
 * neither commits nor retries; {@link DecisionWriter} does, around it.
 */
final class DecisionStatements {

  static final String INSERT_SQL =
      "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao,"
          + " modalidade_pagamento, data_horario, valor_transacao, transacao_aprovada,"
          + " motivos_rejeicao, score_risco, componentes_risco, perfil_regras, kafka_topico,"
          + " kafka_particao, kafka_offset, horario_kafka, horario_decisao, versao_regras, rotulo)"
          + " SELECT r.id, r.pagador, r.recebedor, r.regiao, r.modalidade, r.data_horario,"
          + " r.valor, r.aprovada,"
          // One comma-joined text per row: unnest would flatten a two-dimensional array.
          + " CASE WHEN r.motivos = '' THEN '{}'::text[] ELSE string_to_array(r.motivos, ',') END,"
          + " r.score, r.componentes::jsonb, r.perfil, r.topico, r.particao, r.deslocamento,"
          + " r.horario_kafka, r.horario_decisao, r.versao, r.rotulo"
          + " FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[],"
          + " ?::timestamptz[], ?::numeric[], ?::boolean[], ?::text[], ?::numeric[], ?::text[],"
          + " ?::text[], ?::text[], ?::integer[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::integer[],"
          + " ?::text[])"
          + " AS r(id, pagador, recebedor, regiao, modalidade, data_horario, valor, aprovada,"
          + " motivos, score, componentes, perfil, topico, particao, deslocamento, horario_kafka,"
          + " horario_decisao, versao, rotulo)"
          + " ON CONFLICT (id_transacao) DO NOTHING"
          + " RETURNING id_transacao";

  static final String STORED_SOURCE_SQL =
      "SELECT id_transacao, kafka_topico, kafka_particao, kafka_offset FROM transacoes"
          + " WHERE id_transacao = ANY(?::uuid[])";

  static final String LOCK_SQL =
      "SELECT id_usuario FROM usuarios WHERE id_usuario = ANY(?::uuid[])"
          + " ORDER BY id_usuario FOR NO KEY UPDATE";

  static final String LEDGER_SQL =
      "UPDATE usuarios u SET saldo = u.saldo + d.delta,"
          + " total_debitado = u.total_debitado + d.debito"
          + " FROM unnest(?::uuid[], ?::numeric[], ?::numeric[]) AS d(id, delta, debito)"
          + " WHERE u.id_usuario = d.id";

  private DecisionStatements() {}

  /**
   * Inserts {@code rows}, finds which of those not added reuse a stored id, and applies the added
   * approved rows to the ledger, on {@code connection} in its current transaction.
   */
  static Outcome write(Connection connection, List<Row> rows) throws SQLException {
    Set<UUID> added = insert(connection, rows);
    List<Failed> reusedIds = reusedIds(connection, rows, added);
    return new Outcome(added.size(), applyLedger(connection, rows, added), reusedIds);
  }

  /**
   * The rows of {@code rows} not in {@code added} whose id is stored from another Kafka record:
   * each a {@link Failed#DUPLICATE_TRANSACTION_ID}. The others not added are replays.
   */
  private static List<Failed> reusedIds(Connection connection, List<Row> rows, Set<UUID> added)
      throws SQLException {
    Map<UUID, Row> notAdded = new LinkedHashMap<>();
    for (Row row : rows) {
      if (!added.contains(row.id())) {
        notAdded.put(row.id(), row);
      }
    }
    if (notAdded.isEmpty()) {
      return List.of();
    }
    List<Failed> reused = new ArrayList<>();
    try (PreparedStatement stored = connection.prepareStatement(STORED_SOURCE_SQL)) {
      stored.setArray(1, connection.createArrayOf("uuid", notAdded.keySet().toArray()));
      try (ResultSet found = stored.executeQuery()) {
        while (found.next()) {
          Row row = notAdded.get(found.getObject(1, UUID.class));
          String topic = found.getString(2);
          int partition = found.getInt(3);
          long offset = found.getLong(4);
          DecidedTransaction source = row.source();
          if (!(source.topic().equals(topic)
              && source.partition() == partition
              && source.offset() == offset)) {
            reused.add(Failed.duplicateId(source, topic + "/" + partition + "@" + offset));
          }
        }
      }
    }
    return reused;
  }

  /** Inserts {@code rows} with one statement and returns the ids it actually added. */
  private static Set<UUID> insert(Connection connection, List<Row> rows) throws SQLException {
    Set<UUID> added = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
      int p = 1;
      insert.setArray(p++, column(connection, "uuid", rows, Row::id));
      insert.setArray(p++, column(connection, "uuid", rows, r -> r.transaction().payerId()));
      insert.setArray(p++, column(connection, "uuid", rows, r -> r.transaction().receiverId()));
      insert.setArray(
          p++, column(connection, "varchar", rows, r -> r.transaction().region().code()));
      insert.setArray(
          p++, column(connection, "varchar", rows, r -> r.transaction().modality().name()));
      insert.setArray(
          p++, column(connection, "text", rows, r -> text(r.transaction().eventTime())));
      insert.setArray(p++, column(connection, "numeric", rows, r -> r.transaction().amount()));
      insert.setArray(p++, column(connection, "bool", rows, r -> r.decision().approved()));
      insert.setArray(p++, column(connection, "text", rows, Row::reasons));
      insert.setArray(p++, column(connection, "numeric", rows, Row::score));
      insert.setArray(p++, column(connection, "text", rows, Row::components));
      insert.setArray(p++, column(connection, "text", rows, r -> r.decision().profile()));
      insert.setArray(p++, column(connection, "text", rows, r -> r.source().topic()));
      insert.setArray(p++, column(connection, "int4", rows, r -> r.source().partition()));
      insert.setArray(p++, column(connection, "int8", rows, r -> r.source().offset()));
      insert.setArray(
          p++, column(connection, "text", rows, r -> text(r.source().kafkaTimestamp())));
      insert.setArray(p++, column(connection, "text", rows, r -> text(r.source().decidedAt())));
      insert.setArray(p++, column(connection, "int4", rows, r -> r.decision().rulesVersion()));
      insert.setArray(p, column(connection, "text", rows, r -> r.source().source().label()));
      try (ResultSet returned = insert.executeQuery()) {
        while (returned.next()) {
          added.add(returned.getObject(1, UUID.class));
        }
      }
    }
    return added;
  }

  /**
   * Debits payers and credits receivers of the approved rows in {@code added}: per user, {@code
   * saldo} moves by the net of its credits and debits and {@code total_debitado} grows by its
   * debits. Returns how many users were updated.
   */
  private static int applyLedger(Connection connection, List<Row> rows, Set<UUID> added)
      throws SQLException {
    Map<UUID, BigDecimal> deltas = new TreeMap<>(POSTGRES_UUID_ORDER);
    Map<UUID, BigDecimal> debits = new TreeMap<>(POSTGRES_UUID_ORDER);
    for (Row row : rows) {
      if (row.decision().approved() && added.contains(row.id())) {
        Transaction transaction = row.transaction();
        deltas.merge(transaction.payerId(), transaction.amount().negate(), BigDecimal::add);
        deltas.merge(transaction.receiverId(), transaction.amount(), BigDecimal::add);
        debits.merge(transaction.payerId(), transaction.amount(), BigDecimal::add);
        debits.putIfAbsent(transaction.receiverId(), BigDecimal.ZERO);
      }
    }
    if (deltas.isEmpty()) {
      return 0;
    }
    Object[] users = deltas.keySet().toArray();
    try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL)) {
      lock.setArray(1, connection.createArrayOf("uuid", users));
      try (ResultSet locked = lock.executeQuery()) {
        while (locked.next()) {
          // Reading the rows is what takes their locks, in id order.
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement(LEDGER_SQL)) {
      update.setArray(1, connection.createArrayOf("uuid", users));
      update.setArray(2, connection.createArrayOf("numeric", deltas.values().toArray()));
      update.setArray(3, connection.createArrayOf("numeric", debits.values().toArray()));
      return update.executeUpdate();
    }
  }

  /** ISO-8601 in UTC, which PostgreSQL reads as a timestamptz whatever the session's time zone. */
  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** One row ready for the arrays of {@link #INSERT_SQL}. */
  record Row(DecidedTransaction source, BigDecimal score, String components) {

    static Row of(DecidedTransaction source) {
      Decision decision = source.decision();
      return new Row(
          source,
          DecisionWriter.storedRiskScore(decision.riskScore()),
          DecisionWriter.componentsJson(decision.riskComponents()));
    }

    UUID id() {
      return source.transaction().id();
    }

    Transaction transaction() {
      return source.transaction();
    }

    Decision decision() {
      return source.decision();
    }

    String reasons() {
      return String.join(",", decision().rejectedBy());
    }
  }

  /** What one {@link #write} did: rows added, users updated, rows reusing a stored id. */
  record Outcome(int inserted, int ledgerUpdates, List<Failed> reusedIds) {}
}
