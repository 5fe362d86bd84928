package io.bankstream.model.db;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and writes {@code usuarios} rows as {@link UserProfile}s over plain JDBC: the producer
 * seeds them, and the producer and the pipeline load them. Every statement is parameterised.
 */
public final class UserProfiles {

  private static final String COLUMNS =
      "id_usuario, id_regiao, saldo, limite_pix, limite_ted, limite_doc, limite_boleto, created_at";

  private static final int BATCH_SIZE = 1_000;

  private UserProfiles() {}

  /**
   * A user with the total the pipeline's ledger has ever debited from it ({@code total_debitado}),
   * which tells the approval rules how much of the payer's spending {@code saldo} already reflects.
   */
  public record LedgerEntry(UserProfile user, BigDecimal totalDebited) implements Serializable {}

  /** Every user, in no particular order. */
  public static List<UserProfile> loadAll(Connection connection) throws SQLException {
    return loadLedger(connection).stream().map(LedgerEntry::user).toList();
  }

  /** Every user with its ledger total, in no particular order. */
  public static List<LedgerEntry> loadLedger(Connection connection) throws SQLException {
    List<LedgerEntry> users = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(10_000);
      try (ResultSet rows =
          statement.executeQuery("SELECT " + COLUMNS + ", total_debitado FROM usuarios")) {
        while (rows.next()) {
          users.add(new LedgerEntry(read(rows), rows.getBigDecimal("total_debitado")));
        }
      }
    }
    return users;
  }

  /** How many users {@code usuarios} holds. */
  public static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM usuarios")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Inserts {@code users}, skipping ids already present, and returns how many rows were added. One
   * statement per thousand users (arrays unnested server-side), in the caller's transaction.
   */
  public static int insertAll(Connection connection, Collection<UserProfile> users)
      throws SQLException {
    String sql =
        "INSERT INTO usuarios ("
            + COLUMNS
            + ") SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::numeric[], ?::numeric[],"
            + " ?::numeric[], ?::numeric[], ?::numeric[], ?::text[]::timestamptz[])"
            + " ON CONFLICT (id_usuario) DO NOTHING";
    List<UserProfile> all = List.copyOf(users);
    int inserted = 0;
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int from = 0; from < all.size(); from += BATCH_SIZE) {
        List<UserProfile> batch = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
        insert.setArray(1, array(connection, "uuid", batch, UserProfile::id));
        insert.setArray(2, array(connection, "varchar", batch, u -> u.homeRegion().code()));
        insert.setArray(3, array(connection, "numeric", batch, UserProfile::balance));
        int column = 4;
        // limite_pix, limite_ted, limite_doc, limite_boleto: the order of PaymentModality.
        for (PaymentModality modality : PaymentModality.values()) {
          insert.setArray(column++, array(connection, "numeric", batch, u -> u.limitFor(modality)));
        }
        // As ISO-8601 text: the driver turns Timestamps inside arrays into local wall-clock times,
        // which a daylight-saving change can shift.
        insert.setArray(column, array(connection, "text", batch, u -> u.createdAt().toString()));
        inserted += insert.executeUpdate();
      }
    }
    return inserted;
  }

  private static Array array(
      Connection connection,
      String type,
      List<UserProfile> users,
      Function<UserProfile, Object> column)
      throws SQLException {
    return connection.createArrayOf(type, users.stream().map(column).toArray());
  }

  private static UserProfile read(ResultSet row) throws SQLException {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    limits.put(PaymentModality.PIX, row.getBigDecimal("limite_pix"));
    limits.put(PaymentModality.TED, row.getBigDecimal("limite_ted"));
    limits.put(PaymentModality.DOC, row.getBigDecimal("limite_doc"));
    limits.put(PaymentModality.BOLETO, row.getBigDecimal("limite_boleto"));
    String region = row.getString("id_regiao");
    return new UserProfile(
        row.getObject("id_usuario", UUID.class),
        Region.fromCode(region)
            .orElseThrow(() -> new SQLException("usuarios holds an unknown UF: " + region)),
        row.getBigDecimal("saldo"),
        limits,
        row.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
