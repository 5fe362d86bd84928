package io.bankstream.producer.seed;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.UserProfile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes users to {@code usuarios} with PostgreSQL's {@code COPY ... FROM STDIN} through the JDBC
 * driver's {@code CopyManager}, in the caller's transaction: PostgreSQL's fastest way in, with no
 * arrays to build per batch; into {@code usuarios}, whose keys and indexes take most of the time,
 * 200,000 users took 3.8 to 4.8 s against 5.4 to 5.9 s with the batched inserts of {@code
 * UserProfiles.insertAll} (docs/producer.md), which matters when the demo seeds a population sized
 * for 1,000 transactions a second. {@code COPY} has no {@code ON CONFLICT}, so the table must not
 * hold any of the ids: the seed command writes only into an empty table. Rows are sent as CSV in
 * chunks of {@link #CHUNK_USERS}; every value is a UUID, a UF code, a plain decimal or an ISO-8601
 * instant, none of which needs quoting.
 */
final class UserCopy {

  /** Users per chunk sent to the server: about 1 MB of CSV. */
  static final int CHUNK_USERS = 10_000;

  private static final String COPY =
      "COPY usuarios (id_usuario, id_regiao, saldo, limite_pix, limite_ted, limite_doc,"
          + " limite_boleto, created_at) FROM STDIN (FORMAT csv)";

  private UserCopy() {}

  /** Copies {@code users} into {@code usuarios} and returns how many rows the server wrote. */
  static long copy(Connection connection, List<UserProfile> users) throws SQLException {
    CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder csv = new StringBuilder(CHUNK_USERS * 110);
      for (int from = 0; from < users.size(); from += CHUNK_USERS) {
        csv.setLength(0);
        for (UserProfile user : users.subList(from, Math.min(users.size(), from + CHUNK_USERS))) {
          appendRow(csv, user);
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
      }
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** One CSV line: the columns of {@link #COPY} in order, limits in PIX, TED, DOC, BOLETO order. */
  static void appendRow(StringBuilder csv, UserProfile user) {
    csv.append(user.id()).append(',').append(user.homeRegion().code()).append(',');
    csv.append(user.balance().toPlainString());
    for (PaymentModality modality :
        List.of(
            PaymentModality.PIX,
            PaymentModality.TED,
            PaymentModality.DOC,
            PaymentModality.BOLETO)) {
      csv.append(',').append(user.limitFor(modality).toPlainString());
    }
    csv.append(',').append(user.createdAt()).append('\n');
  }
}
