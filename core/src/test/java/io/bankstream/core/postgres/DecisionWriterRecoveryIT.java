package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.PostgresFixtures.aDecision;
import static io.bankstream.core.postgres.PostgresFixtures.balances;
import static io.bankstream.core.postgres.PostgresFixtures.debited;
import static io.bankstream.core.postgres.PostgresFixtures.expectedBalances;
import static io.bankstream.core.postgres.PostgresFixtures.expectedDebits;
import static io.bankstream.core.postgres.PostgresFixtures.seedUsers;
import static io.bankstream.core.postgres.PostgresFixtures.storedCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.DecisionWriter.WriteResult;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away in the middle of a write, and the writer's retries still record the batch
 * exactly once: its session is killed while it waits for a lock, or the whole server is stopped and
 * started again within the retry window.
 */
class DecisionWriterRecoveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void aWriterWhoseSessionIsKilledRetriesAndWritesTheBatchOnce() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        HikariDataSource pool =
            new PostgresConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, 2)
                .dataSource("recovery-test")) {
      DataSource direct = postgres.getPostgresDatabase();
      Ledger ledger = Ledger.seed(direct);
      List<DecidedTransaction> batch = ledger.batch();
      DecisionWriter writer = new DecisionWriter(pool, PostgresFixtures.FAST_RETRIES);

      CompletableFuture<WriteResult> writing;
      try (Connection blocker = direct.getConnection()) {
        // Hold the payer's row as the ledger would: the writer inserts its rows (the foreign key
        // checks do not conflict with this lock), then waits to lock the row for the ledger.
        blocker.setAutoCommit(false);
        try (PreparedStatement lock =
            blocker.prepareStatement(
                "SELECT 1 FROM usuarios WHERE id_usuario = ? FOR NO KEY UPDATE")) {
          lock.setObject(1, ledger.users().get(0));
          lock.executeQuery().close();
        }
        writing = CompletableFuture.supplyAsync(() -> writer.write(batch));
        int killed = terminateWaitingWriter(direct);
        assertThat(killed).isPositive();
        blocker.commit();
      }
      WriteResult result = writing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(writer.retries()).isEqualTo(1);
      assertThat(result.inserted()).isEqualTo(batch.size());
      assertThat(result.alreadyPresent()).isZero();
      ledger.assertWrittenOnce();
    }
  }

  @Test
  void aWriterOutlastsAServerRestartAndWritesTheBatchOnce(@TempDir Path dataDirectory)
      throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = start(dataDirectory, port);
    try {
      DataSource direct = postgres.getPostgresDatabase();
      Ledger ledger = Ledger.seed(direct);
      List<DecidedTransaction> batch = ledger.batch();
      // Unpooled connections on the same port: each attempt dials the server anew.
      DecisionWriter writer = new DecisionWriter(direct, PostgresFixtures.FAST_RETRIES);
      postgres.close();

      CompletableFuture<WriteResult> writing =
          CompletableFuture.supplyAsync(() -> writer.write(batch));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (writer.retries() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(writing).isNotDone();
      assertThat(writer.retries()).isGreaterThanOrEqualTo(3);
      postgres = start(dataDirectory, port);
      WriteResult result = writing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(result.inserted()).isEqualTo(batch.size());
      ledger.assertWrittenOnce();
      assertThat(writer.write(batch).alreadyPresent()).isEqualTo(batch.size());
      ledger.assertWrittenOnce();
    } finally {
      postgres.close();
    }
  }

  /**
   * The migrated database seeded with three users, a batch between them, and the balances and debit
   * totals the users had before it.
   */
  private record Ledger(
      DataSource direct,
      List<UUID> users,
      List<DecidedTransaction> batch,
      Map<UUID, BigDecimal> balancesBefore,
      Map<UUID, BigDecimal> debitedBefore) {

    static Ledger seed(DataSource direct) throws SQLException {
      Migrations.apply(direct);
      List<UUID> users = seedUsers(direct, 3, "100.00");
      return new Ledger(
          direct, users, batchBetween(users), balances(direct, users), debited(direct, users));
    }

    /** The batch is stored once, and its approved rows moved the money and the debits once. */
    void assertWrittenOnce() throws SQLException {
      assertThat(storedCount(direct, ids(batch))).isEqualTo(batch.size());
      assertThat(balances(direct, users)).isEqualTo(expectedBalances(balancesBefore, batch));
      assertThat(debited(direct, users)).isEqualTo(expectedDebits(debitedBefore, batch));
    }
  }

  /** Three approved rows and a rejected one among {@code users}, the first user paying most. */
  private static List<DecidedTransaction> batchBetween(List<UUID> users) {
    List<DecidedTransaction> batch = new ArrayList<>();
    batch.add(aDecision().between(users.get(0), users.get(1)).amount("30.00").build());
    batch.add(aDecision().between(users.get(0), users.get(2)).amount("20.00").build());
    batch.add(aDecision().between(users.get(1), users.get(2)).amount("5.55").build());
    batch.add(
        aDecision()
            .between(users.get(2), users.get(0))
            .amount("99.00")
            .rejectedBy("RISCO")
            .build());
    return batch;
  }

  /**
   * Waits until a session of the pipeline waits for the ledger's lock, terminates it with {@code
   * pg_terminate_backend} and returns its pid.
   */
  private static int terminateWaitingWriter(DataSource direct)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (Connection connection = direct.getConnection();
        PreparedStatement find =
            connection.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ?"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%FOR NO KEY UPDATE'");
        PreparedStatement terminate =
            connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      find.setString(1, PostgresConfig.APPLICATION_NAME);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = find.executeQuery()) {
          if (rows.next()) {
            int pid = rows.getInt(1);
            terminate.setInt(1, pid);
            terminate.executeQuery().close();
            return pid;
          }
        }
        Thread.sleep(20);
      }
    }
    return -1;
  }

  private static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<UUID> ids(List<DecidedTransaction> rows) {
    return rows.stream().map(row -> row.transaction().id()).toList();
  }
}
