package io.bankstream.core.postgres;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Named test values, a builder for {@link DecidedTransaction}s and helpers that seed and read
 * {@code usuarios} and {@code transacoes}, for the integration tests of this package.
 */
final class PostgresFixtures {

  static final String TOPIC = "bank_transactions";

  /** 2024-05-28 14:23:11.123456 in São Paulo; microseconds, as PostgreSQL keeps them. */
  static final Instant EVENT_TIME = Instant.parse("2024-05-28T17:23:11.123456Z");

  static final Instant ONE_SECOND_LATER = EVENT_TIME.plusSeconds(1);
  static final Instant TWO_SECONDS_LATER = EVENT_TIME.plusSeconds(2);

  /** Fast retries for tests that talk to a real server. */
  static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));

  private PostgresFixtures() {}

  /** A user in SP with {@code balance} and a limit of one million for every modality. */
  static UserProfile user(String balance) {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, new BigDecimal("1000000.00"));
    }
    return new UserProfile(
        UUID.randomUUID(), Region.SP, new BigDecimal(balance), limits, EVENT_TIME.minusSeconds(60));
  }

  /** {@code count} users with {@code balance} each, inserted into {@code usuarios}. */
  static List<UUID> seedUsers(DataSource dataSource, int count, String balance)
      throws SQLException {
    List<UserProfile> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add(user(balance));
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      UserProfiles.insertAll(connection, users);
    }
    return users.stream().map(UserProfile::id).toList();
  }

  /** The balance ({@code saldo}) of every user in {@code ids}. */
  static Map<UUID, BigDecimal> balances(DataSource dataSource, Collection<UUID> ids)
      throws SQLException {
    return column(dataSource, "saldo", ids);
  }

  /** The total the ledger ever debited ({@code total_debitado}) of every user in {@code ids}. */
  static Map<UUID, BigDecimal> debited(DataSource dataSource, Collection<UUID> ids)
      throws SQLException {
    return column(dataSource, "total_debitado", ids);
  }

  private static Map<UUID, BigDecimal> column(
      DataSource dataSource, String column, Collection<UUID> ids) throws SQLException {
    Map<UUID, BigDecimal> balances = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id_usuario, " + column + " FROM usuarios WHERE id_usuario = ANY(?)")) {
      select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          balances.put(rows.getObject(1, UUID.class), rows.getBigDecimal(2));
        }
      }
    }
    return balances;
  }

  /** The sum of the balances of {@code ids}. */
  static BigDecimal totalBalance(DataSource dataSource, Collection<UUID> ids) throws SQLException {
    return balances(dataSource, ids).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** How many rows of {@code transacoes} have one of {@code ids}. */
  static long storedCount(DataSource dataSource, Collection<UUID> ids) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM transacoes WHERE id_transacao = ANY(?)")) {
      select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The balances {@code rows} should leave when each approved one is applied once. */
  static Map<UUID, BigDecimal> expectedBalances(
      Map<UUID, BigDecimal> before, Collection<DecidedTransaction> rows) {
    Map<UUID, BigDecimal> expected = new HashMap<>(before);
    for (DecidedTransaction row : rows) {
      if (row.decision().approved()) {
        Transaction transaction = row.transaction();
        expected.merge(transaction.payerId(), transaction.amount().negate(), BigDecimal::add);
        expected.merge(transaction.receiverId(), transaction.amount(), BigDecimal::add);
      }
    }
    return expected;
  }

  /** The debit totals {@code rows} should leave when each approved one is applied once. */
  static Map<UUID, BigDecimal> expectedDebits(
      Map<UUID, BigDecimal> before, Collection<DecidedTransaction> rows) {
    Map<UUID, BigDecimal> expected = new HashMap<>(before);
    for (DecidedTransaction row : rows) {
      if (row.decision().approved()) {
        expected.merge(row.transaction().payerId(), row.transaction().amount(), BigDecimal::add);
      }
    }
    return expected;
  }

  /** A builder preset to an approved R$ 10.00 PIX in SP at {@link #EVENT_TIME}. */
  static Builder aDecision() {
    return new Builder();
  }

  /** Mutable builder of {@link DecidedTransaction}; each setter returns the builder. */
  static final class Builder {
    private UUID id = UUID.randomUUID();
    private UUID payer;
    private UUID receiver;
    private Region region = Region.SP;
    private PaymentModality modality = PaymentModality.PIX;
    private BigDecimal amount = new BigDecimal("10.00");
    private int partition = 0;
    private long offset = 0;
    private Instant kafkaTimestamp = ONE_SECOND_LATER;
    private List<String> rejectedBy = List.of();
    private double riskScore = 0.25;
    private Map<String, Double> components = Map.of("amount", 0.1, "distance", 0.15, "hour", 0.0);
    private String profile = "default";

    Builder id(UUID value) {
      id = value;
      return this;
    }

    /** From {@code payerValue} to {@code receiverValue}; every decision needs a payer. */
    Builder between(UUID payerValue, UUID receiverValue) {
      payer = payerValue;
      receiver = receiverValue;
      return this;
    }

    Builder region(Region value) {
      region = value;
      return this;
    }

    Builder modality(PaymentModality value) {
      modality = value;
      return this;
    }

    Builder amount(String value) {
      return amount(new BigDecimal(value));
    }

    Builder amount(BigDecimal value) {
      amount = value;
      return this;
    }

    /**
     * Read at {@code offsetValue} of {@code partitionValue}, appended at {@link #ONE_SECOND_LATER}.
     */
    Builder kafka(int partitionValue, long offsetValue) {
      return kafka(partitionValue, offsetValue, ONE_SECOND_LATER);
    }

    Builder kafka(int partitionValue, long offsetValue, Instant timestamp) {
      partition = partitionValue;
      offset = offsetValue;
      kafkaTimestamp = timestamp;
      return this;
    }

    Builder rejectedBy(String... codes) {
      rejectedBy = List.of(codes);
      return this;
    }

    Builder risk(double score, Map<String, Double> byName) {
      riskScore = score;
      components = byName;
      return this;
    }

    Builder profile(String value) {
      profile = value;
      return this;
    }

    DecidedTransaction build() {
      Transaction transaction =
          new Transaction(id, payer, receiver, region, modality, EVENT_TIME, amount);
      Decision decision =
          new Decision(rejectedBy.isEmpty(), rejectedBy, riskScore, components, profile, 0);
      SourceRecord source =
          new SourceRecord(
              TOPIC,
              partition,
              offset,
              payer.toString().getBytes(StandardCharsets.UTF_8),
              new TransactionCodec().encode(transaction),
              kafkaTimestamp);
      return new DecidedTransaction(transaction, source, decision, TWO_SECONDS_LATER);
    }
  }
}
