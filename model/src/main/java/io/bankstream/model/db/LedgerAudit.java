package io.bankstream.model.db;

import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What the ledger must look like after any run, against the users as they were seeded: no balance
 * below zero, the sum of balances unchanged (a transfer moves money, it never makes or loses any),
 * and each balance equal to its seeded value minus the user's approved debits plus approved credits
 * in {@code transacoes}. The bench and the reliability tests check every run with it.
 *
 * @param negative users whose balance is below zero
 * @param conserved whether the sum of the balances equals the seeded sum
 * @param mismatched users whose balance is not seed - approved debits + approved credits
 */
public record LedgerAudit(long negative, boolean conserved, long mismatched) {

  private static final String QUERY =
      "WITH seed AS (SELECT * FROM unnest(?::uuid[], ?::numeric[]) AS s(id, saldo)),"
          + " moves AS (SELECT id, sum(delta) AS delta FROM ("
          + " SELECT id_usuario_pagador AS id, -valor_transacao AS delta FROM transacoes"
          + " WHERE transacao_aprovada UNION ALL SELECT id_usuario_recebedor,"
          + " valor_transacao FROM transacoes WHERE transacao_aprovada) m GROUP BY id)"
          + " SELECT count(*) FILTER (WHERE u.saldo < 0), sum(u.saldo),"
          + " count(*) FILTER (WHERE u.saldo <> s.saldo + coalesce(m.delta, 0))"
          + " FROM usuarios u JOIN seed s ON s.id = u.id_usuario"
          + " LEFT JOIN moves m ON m.id = u.id_usuario";

  /** Whether all three hold. */
  public boolean holds() {
    return negative == 0 && conserved && mismatched == 0;
  }

  /** Audits the ledger of the database behind {@code connection} against {@code seeded}. */
  public static LedgerAudit of(Connection connection, List<UserProfile> seeded)
      throws SQLException {
    Object[] ids = seeded.stream().map(UserProfile::id).toArray();
    Object[] balances = seeded.stream().map(UserProfile::balance).toArray();
    BigDecimal seededSum =
        seeded.stream().map(UserProfile::balance).reduce(BigDecimal.ZERO, BigDecimal::add);
    try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setArray(1, connection.createArrayOf("uuid", ids));
      statement.setArray(2, connection.createArrayOf("numeric", balances));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return new LedgerAudit(
            result.getLong(1),
            seededSum.compareTo(result.getBigDecimal(2)) == 0,
            result.getLong(3));
      }
    }
  }
}
