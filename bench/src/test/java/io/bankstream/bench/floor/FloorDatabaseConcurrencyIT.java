package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.approved;
import static io.bankstream.bench.floor.FloorFixtures.decided;
import static io.bankstream.bench.floor.FloorFixtures.transaction;
import static io.bankstream.bench.floor.FloorFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two of the floor's consumers writing at once, each on its own {@link FloorDatabase} connection,
 * as the parallel floor does: every batch of each moves money between the same 12 users (so both
 * lock the same balances), and carries 10 transactions whose ids the other's batch carries too, in
 * the opposite order (so both insert the same keys of the unique index at the same time, which
 * deadlocked (and was retried) in 15 of the 20 rounds without {@link FloorDatabase#inIdOrder}).
 * Batches start together, round after round. No transaction may end as a deadlock's victim, each
 * Kafka record ends once in {@code transacoes} or {@code dead_letters} (the loser of each shared id
 * as a {@code DUPLICATE_TRANSACTION_ID} letter), and each balance equals its seed less its approved
 * debits plus its credits.
 */
class FloorDatabaseConcurrencyIT {

  private static final String TOPIC = "floor-concurrency";
  private static final int USERS = 12;
  private static final int ROUNDS = 20;
  private static final int OWN = 990;
  private static final int SHARED = 10;
  private static final BigDecimal SEED = new BigDecimal("1000000.00");

  private static LocalStack stack;
  private static ExecutorService threads;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopStack() {
    threads.shutdownNow();
    stack.close();
  }

  @Test
  void twoWritersOnTheSameUsersAndIdsNeverDeadlockAndKeepTheLedgerExact() throws Exception {
    List<UserProfile> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(user(SEED.toPlainString()));
    }
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
    }
    Random random = new Random(19);
    List<List<List<DecidedTransaction>>> batches = List.of(new ArrayList<>(), new ArrayList<>());
    long[] offsets = new long[2];
    for (int round = 0; round < ROUNDS; round++) {
      List<Transaction> shared = new ArrayList<>();
      for (int i = 0; i < SHARED; i++) {
        shared.add(payment(users, random));
      }
      for (int writer = 0; writer < 2; writer++) {
        // Half the shared ids first and half last, the other writer's the other way round: left
        // to poll order, each would insert its first half, then wait on the other's at its end.
        List<Transaction> inBatch = new ArrayList<>(shared.subList(0, SHARED / 2));
        for (int i = 0; i < OWN; i++) {
          inBatch.add(payment(users, random));
        }
        inBatch.addAll(shared.subList(SHARED / 2, SHARED));
        if (writer == 1) {
          Collections.reverse(inBatch);
        }
        List<DecidedTransaction> batch = new ArrayList<>();
        for (Transaction tx : inBatch) {
          batch.add(onPartition(tx, writer, offsets[writer]++));
        }
        batches.get(writer).add(batch);
      }
    }

    CyclicBarrier together = new CyclicBarrier(2);
    List<Future<Long>> writers = new ArrayList<>();
    for (int writer = 0; writer < 2; writer++) {
      List<List<DecidedTransaction>> mine = batches.get(writer);
      writers.add(
          threads.submit(
              () -> {
                try (FloorDatabase database =
                    new FloorDatabase(
                        stack.jdbcUrl(),
                        stack.databaseUser(),
                        stack.databasePassword(),
                        RetryPolicy.defaults().withMaxElapsed(Duration.ofSeconds(60)))) {
                  for (List<DecidedTransaction> batch : mine) {
                    together.await(30, TimeUnit.SECONDS);
                    database.write(batch, List.of());
                  }
                  return database.deadlocks();
                }
              }));
    }
    for (Future<Long> writer : writers) {
      assertThat(writer.get(120, TimeUnit.SECONDS)).as("deadlocks retried").isZero();
    }

    long records = 2L * ROUNDS * (OWN + SHARED);
    assertThat(
            query(
                "SELECT count(DISTINCT (p, o)) || ' ' || count(*) FROM (SELECT kafka_particao AS p,"
                    + " kafka_offset AS o FROM transacoes WHERE kafka_topico = '"
                    + TOPIC
                    + "' UNION ALL SELECT kafka_partition, kafka_offset FROM dead_letters WHERE"
                    + " kafka_topic = '"
                    + TOPIC
                    + "') AS written"))
        .as("each record once")
        .isEqualTo(records + " " + records);
    assertThat(
            query(
                "SELECT count(*) FROM dead_letters WHERE kafka_topic = '"
                    + TOPIC
                    + "' AND reason = 'DUPLICATE_TRANSACTION_ID'"))
        .as("the second of each shared id")
        .isEqualTo(Integer.toString(ROUNDS * SHARED));
    assertThat(
            query(
                "SELECT count(*) FROM usuarios u WHERE u.saldo <> "
                    + SEED
                    + " - coalesce((SELECT sum(valor_transacao) FROM transacoes WHERE"
                    + " transacao_aprovada AND id_usuario_pagador = u.id_usuario), 0)"
                    + " + coalesce((SELECT sum(valor_transacao) FROM transacoes WHERE"
                    + " transacao_aprovada AND id_usuario_recebedor = u.id_usuario), 0)"
                    + " OR u.total_debitado <> coalesce((SELECT sum(valor_transacao) FROM"
                    + " transacoes WHERE transacao_aprovada AND id_usuario_pagador ="
                    + " u.id_usuario), 0)"))
        .as("users whose balance is not seed - debits + credits")
        .isEqualTo("0");
    assertThat(query("SELECT sum(saldo) = " + SEED + " * " + USERS + " FROM usuarios"))
        .as("money conserved")
        .isEqualTo("t");
  }

  /** A payment between two different users of {@code users}, 0.01 to 9.99. */
  private static Transaction payment(List<UserProfile> users, Random random) {
    int payer = random.nextInt(users.size());
    int receiver = (payer + 1 + random.nextInt(users.size() - 1)) % users.size();
    int cents = 1 + random.nextInt(999);
    String amount = cents / 100 + "." + String.format("%02d", cents % 100);
    return transaction(users.get(payer), users.get(receiver), amount, NOON);
  }

  private static DecidedTransaction onPartition(Transaction tx, int partition, long offset) {
    DecidedTransaction row = decided(tx, approved(), offset);
    SourceRecord source =
        new SourceRecord(
            TOPIC,
            partition,
            offset,
            row.source().key(),
            row.source().value(),
            row.kafkaTimestamp());
    return new DecidedTransaction(row.transaction(), source, row.decision(), row.decidedAt());
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static String query(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
