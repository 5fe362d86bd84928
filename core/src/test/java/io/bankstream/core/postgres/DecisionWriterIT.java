package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.PostgresFixtures.EVENT_TIME;
import static io.bankstream.core.postgres.PostgresFixtures.FAST_RETRIES;
import static io.bankstream.core.postgres.PostgresFixtures.ONE_SECOND_LATER;
import static io.bankstream.core.postgres.PostgresFixtures.TOPIC;
import static io.bankstream.core.postgres.PostgresFixtures.TWO_SECONDS_LATER;
import static io.bankstream.core.postgres.PostgresFixtures.aDecision;
import static io.bankstream.core.postgres.PostgresFixtures.balances;
import static io.bankstream.core.postgres.PostgresFixtures.debited;
import static io.bankstream.core.postgres.PostgresFixtures.expectedBalances;
import static io.bankstream.core.postgres.PostgresFixtures.expectedDebits;
import static io.bankstream.core.postgres.PostgresFixtures.seedUsers;
import static io.bankstream.core.postgres.PostgresFixtures.storedCount;
import static io.bankstream.core.postgres.PostgresFixtures.totalBalance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.core.postgres.DecisionWriter.WriteResult;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes decisions to a real PostgreSQL 17 through a HikariCP pool made by {@link PostgresConfig}
 * and checks what a user would: the rows of {@code transacoes}, every column, and the balances of
 * {@code usuarios}.
 */
class DecisionWriterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final MigratedPostgres DATABASE =
      new MigratedPostgres(PostgresConfig.DEFAULT_POOL_NAME, "secret", 4);

  /** Plain connections with auto-commit, for seeding and reading back. */
  private static DataSource direct;

  private static DecisionWriter writer;

  @BeforeAll
  static void start() {
    direct = DATABASE.direct();
    writer = new DecisionWriter(DATABASE.pool(), FAST_RETRIES);
  }

  @Test
  void writesEveryColumnAndMovesMoneyOnlyForApprovedRows() throws Exception {
    List<UUID> users = seedUsers(direct, 4, "1000.00");
    UUID ana = users.get(0);
    UUID bia = users.get(1);
    UUID caio = users.get(2);
    UUID davi = users.get(3);
    Instant startedAt = Instant.now();
    DecidedTransaction approved =
        aDecision()
            .between(ana, bia)
            .amount("150.25")
            .region(Region.RJ)
            .modality(PaymentModality.TED)
            .kafka(3, 42)
            .risk(0.123456, Map.of("amount", 0.05, "distance", 0.073456, "hour", 0.0))
            .build();
    DecidedTransaction rejected =
        aDecision()
            .between(caio, davi)
            .amount("999.99")
            .modality(PaymentModality.BOLETO)
            .kafka(1, 7, null)
            .rejectedBy("LIMITE", "RISCO")
            .risk(12.5, Map.of("seed", 12.5))
            .profile("seed")
            .build();
    DecidedTransaction alsoApproved =
        aDecision().between(bia, caio).amount("0.01").kafka(3, 43).build();
    Map<UUID, BigDecimal> before = balances(direct, users);

    WriteResult result = writer.write(List.of(approved, rejected, alsoApproved));

    assertThat(result.inserted()).isEqualTo(3);
    assertThat(result.alreadyPresent()).isZero();
    assertThat(result.failures()).isEmpty();
    assertThat(result.wroteRowByRow()).isFalse();
    assertThat(result.ledgerUpdates()).isEqualTo(3); // ana, bia and caio; davi is untouched

    Map<String, Object> row = readRow(approved.transaction().id());
    assertThat(row)
        .containsEntry("id_usuario_pagador", ana)
        .containsEntry("id_usuario_recebedor", bia)
        .containsEntry("id_regiao", "RJ")
        .containsEntry("modalidade_pagamento", "TED")
        .containsEntry("data_horario", EVENT_TIME)
        .containsEntry("valor_transacao", new BigDecimal("150.25"))
        .containsEntry("transacao_aprovada", true)
        .containsEntry("motivos_rejeicao", List.of())
        .containsEntry("score_risco", new BigDecimal("0.1235"))
        .containsEntry(
            "componentes_risco", Map.of("amount", 0.05, "distance", 0.073456, "hour", 0.0))
        .containsEntry("perfil_regras", "default")
        .containsEntry("kafka_topico", TOPIC)
        .containsEntry("kafka_particao", 3)
        .containsEntry("kafka_offset", 42L)
        .containsEntry("horario_kafka", ONE_SECOND_LATER)
        .containsEntry("horario_decisao", TWO_SECONDS_LATER);
    assertThat((Instant) row.get("horario_gravacao")).isAfterOrEqualTo(startedAt.minusSeconds(1));

    assertThat(readRow(rejected.transaction().id()))
        .containsEntry("modalidade_pagamento", "BOLETO")
        .containsEntry("valor_transacao", new BigDecimal("999.99"))
        .containsEntry("transacao_aprovada", false)
        .containsEntry("motivos_rejeicao", List.of("LIMITE", "RISCO"))
        .containsEntry("score_risco", new BigDecimal("12.5000"))
        .containsEntry("componentes_risco", Map.of("seed", 12.5))
        .containsEntry("perfil_regras", "seed")
        .containsEntry("kafka_particao", 1)
        .containsEntry("kafka_offset", 7L)
        .containsEntry("horario_kafka", null);

    assertThat(balances(direct, users))
        .containsEntry(ana, new BigDecimal("849.75"))
        .containsEntry(bia, new BigDecimal("1150.24"))
        .containsEntry(caio, new BigDecimal("1000.01"))
        .containsEntry(davi, new BigDecimal("1000.00"))
        .isEqualTo(expectedBalances(before, List.of(approved, rejected, alsoApproved)));
    assertThat(totalBalance(direct, users)).isEqualTo(new BigDecimal("4000.00"));
    assertThat(debited(direct, users))
        .containsEntry(ana, new BigDecimal("150.25"))
        .containsEntry(bia, new BigDecimal("0.01"))
        .containsEntry(caio, new BigDecimal("0.00"))
        .containsEntry(davi, new BigDecimal("0.00"));
  }

  @Test
  void replaysInsertNothingAndMoveNoMoney() throws Exception {
    List<UUID> users = seedUsers(direct, 3, "500.00");
    List<DecidedTransaction> first = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      first.add(
          aDecision()
              .between(users.get(i % 3), users.get((i + 1) % 3))
              .amount((i + 1) + ".50")
              .kafka(0, i)
              .build());
    }
    Map<UUID, BigDecimal> before = balances(direct, users);
    assertThat(writer.write(first).inserted()).isEqualTo(10);
    Map<UUID, BigDecimal> afterFirst = balances(direct, users);
    assertThat(afterFirst).isEqualTo(expectedBalances(before, first));
    Map<UUID, BigDecimal> debitedAfterFirst = debited(direct, users);

    WriteResult sameAgain = writer.write(first);

    assertThat(sameAgain)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent, WriteResult::ledgerUpdates)
        .containsExactly(0, 10, 0);
    assertThat(balances(direct, users)).isEqualTo(afterFirst);
    assertThat(debited(direct, users)).isEqualTo(debitedAfterFirst);

    DecidedTransaction fresh =
        aDecision().between(users.get(0), users.get(2)).amount("3.00").build();
    List<DecidedTransaction> mixed = new ArrayList<>(first.subList(0, 5));
    mixed.add(2, fresh);

    WriteResult oldAndNew = writer.write(mixed);

    assertThat(oldAndNew)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent, WriteResult::ledgerUpdates)
        .containsExactly(1, 5, 2);
    Map<UUID, BigDecimal> afterMixed = balances(direct, users);
    assertThat(afterMixed).isEqualTo(expectedBalances(afterFirst, List.of(fresh)));

    DecidedTransaction once =
        aDecision().between(users.get(1), users.get(2)).amount("7.00").build();
    DecidedTransaction sameIdOtherAmount =
        aDecision()
            .id(once.transaction().id())
            .between(users.get(1), users.get(2))
            .amount("70.00")
            .build();

    WriteResult withDuplicate = writer.write(List.of(once, first.get(9), sameIdOtherAmount, once));

    assertThat(withDuplicate)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent, WriteResult::failures)
        .containsExactly(1, 3, List.of());
    assertThat(readRow(once.transaction().id()))
        .containsEntry("valor_transacao", new BigDecimal("7.00"));
    assertThat(balances(direct, users)).isEqualTo(expectedBalances(afterMixed, List.of(once)));
    assertThat(storedCount(direct, List.of(once.transaction().id()))).isEqualTo(1);
    assertThat(totalBalance(direct, users)).isEqualTo(new BigDecimal("1500.00"));
    assertThat(debited(direct, users))
        .isEqualTo(expectedDebits(debitedAfterFirst, List.of(fresh, once)));
  }

  @Test
  void anIdReusedByAnotherKafkaRecordIsAFailureAndAReplayStaysSilent() throws Exception {
    List<UUID> users = seedUsers(direct, 2, "100.00");
    DecidedTransaction original =
        aDecision().between(users.get(0), users.get(1)).amount("10.00").kafka(1, 40).build();
    UUID id = original.transaction().id();
    DecidedTransaction laterRecord =
        aDecision().id(id).between(users.get(0), users.get(1)).amount("20.00").kafka(2, 7).build();
    DecidedTransaction sameBatchRecord =
        aDecision().id(id).between(users.get(0), users.get(1)).amount("30.00").kafka(1, 41).build();
    Map<UUID, BigDecimal> before = balances(direct, users);

    WriteResult first = writer.write(List.of(original, sameBatchRecord, original));

    assertThat(first)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent)
        .containsExactly(1, 1);
    assertThat(first.failures())
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.row()).isSameAs(sameBatchRecord);
              assertThat(failed.reason()).isEqualTo(DecisionWriter.Failed.DUPLICATE_TRANSACTION_ID);
              assertThat(failed.message()).contains(id.toString(), TOPIC + "/1@40", "/1@41");
            });
    Map<UUID, BigDecimal> afterFirst = balances(direct, users);
    assertThat(afterFirst).isEqualTo(expectedBalances(before, List.of(original)));

    WriteResult later = writer.write(List.of(laterRecord));

    assertThat(later)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent)
        .containsExactly(0, 0);
    assertThat(later.failures())
        .extracting(DecisionWriter.Failed::row, DecisionWriter.Failed::reason)
        .containsExactly(tuple(laterRecord, DecisionWriter.Failed.DUPLICATE_TRANSACTION_ID));
    assertThat(later.failures().get(0).message()).contains(TOPIC + "/1@40", "/2@7");

    WriteResult replay = writer.write(List.of(original));

    assertThat(replay)
        .extracting(WriteResult::inserted, WriteResult::alreadyPresent, WriteResult::failures)
        .containsExactly(0, 1, List.of());
    assertThat(readRow(id)).containsEntry("valor_transacao", new BigDecimal("10.00"));
    assertThat(balances(direct, users)).isEqualTo(afterFirst);
  }

  @Test
  void rowsTheDatabaseRefusesComeBackAsFailuresAndTheOthersAreWritten() throws Exception {
    List<UUID> users = seedUsers(direct, 4, "100.00");
    UUID poor = seedUsers(direct, 1, "50.00").get(0);
    UUID unknown = UUID.randomUUID();
    List<UUID> everyone = new ArrayList<>(users);
    everyone.add(poor);
    DecidedTransaction overdraft = aDecision().between(poor, users.get(0)).amount("80.00").build();
    DecidedTransaction toNobody = aDecision().between(users.get(1), unknown).amount("1.00").build();
    List<DecidedTransaction> good =
        List.of(
            aDecision().between(users.get(0), users.get(1)).amount("20.00").build(),
            aDecision().between(users.get(2), users.get(3)).amount("100.00").build(),
            aDecision()
                .between(users.get(3), users.get(2))
                .amount("500.00")
                .rejectedBy("SALDO")
                .build());
    List<DecidedTransaction> batch =
        List.of(good.get(0), overdraft, good.get(1), toNobody, good.get(2));
    Map<UUID, BigDecimal> before = balances(direct, everyone);

    WriteResult result = writer.write(batch);

    assertThat(result.wroteRowByRow()).isTrue();
    assertThat(result.inserted()).isEqualTo(3);
    assertThat(result.alreadyPresent()).isZero();
    assertThat(result.failures())
        .extracting(DecisionWriter.Failed::row, DecisionWriter.Failed::sqlState)
        .containsExactlyInAnyOrder(tuple(overdraft, "23514"), tuple(toNobody, "23503"));
    assertThat(result.failures())
        .filteredOn(failed -> failed.row() == overdraft)
        .singleElement()
        .satisfies(failed -> assertThat(failed.message()).contains("usuarios_saldo_check"));
    assertThat(storedCount(direct, ids(good))).isEqualTo(3);
    assertThat(storedCount(direct, ids(List.of(overdraft, toNobody)))).isZero();
    Map<UUID, BigDecimal> after = balances(direct, everyone);
    assertThat(after).isEqualTo(expectedBalances(before, good));
    assertThat(after.get(poor)).isEqualTo(new BigDecimal("50.00"));
    assertThat(debited(direct, List.of(poor))).containsEntry(poor, new BigDecimal("0.00"));
    assertThat(after.values()).allSatisfy(balance -> assertThat(balance).isNotNegative());
    assertThat(totalBalance(direct, everyone)).isEqualTo(new BigDecimal("450.00"));

    WriteResult replay = writer.write(batch);

    assertThat(replay.inserted()).isZero();
    assertThat(replay.alreadyPresent()).isEqualTo(3);
    assertThat(replay.failures()).hasSize(2);
    assertThat(balances(direct, everyone)).isEqualTo(after);
  }

  @Test
  void riskScoresAreRoundedClampedAndNotANumberIsRefused() throws Exception {
    List<UUID> users = seedUsers(direct, 2, "100.00");
    DecidedTransaction huge =
        aDecision()
            .between(users.get(0), users.get(1))
            .rejectedBy("RISCO")
            .risk(1234.5, Map.of("seed", 1234.5))
            .profile("seed")
            .build();
    DecidedTransaction halfUp =
        aDecision().between(users.get(0), users.get(1)).risk(0.00005, Map.of()).build();
    DecidedTransaction notANumber =
        aDecision().between(users.get(1), users.get(0)).risk(Double.NaN, Map.of()).build();

    WriteResult result = writer.write(List.of(huge, halfUp, notANumber));

    assertThat(result.inserted()).isEqualTo(2);
    assertThat(result.failures())
        .extracting(DecisionWriter.Failed::row, DecisionWriter.Failed::sqlState)
        .containsExactly(tuple(notANumber, "22003"));
    assertThat(readRow(huge.transaction().id()))
        .containsEntry("score_risco", new BigDecimal("99.9999"))
        .containsEntry("componentes_risco", Map.of("seed", 1234.5));
    assertThat(readRow(halfUp.transaction().id()))
        .containsEntry("score_risco", new BigDecimal("0.0001"))
        .containsEntry("componentes_risco", Map.of());
    assertThat(balances(direct, users))
        .containsEntry(users.get(0), new BigDecimal("90.00"))
        .containsEntry(users.get(1), new BigDecimal("110.00"));
  }

  @Test
  void anErrorThatIsNotAboutTheRowsFailsTheWholeWrite() throws Exception {
    List<UUID> users = seedUsers(direct, 2, "100.00");
    DecidedTransaction row = aDecision().between(users.get(0), users.get(1)).build();
    DecisionWriter nowhere =
        new DecisionWriter(
            DATABASE.server().getDatabase("postgres", "no_such_database"), FAST_RETRIES);

    assertThatThrownBy(() -> nowhere.write(List.of(row)))
        .isInstanceOf(PostgresWriteException.class)
        .satisfies(e -> assertThat(((PostgresWriteException) e).sqlState()).isEqualTo("3D000"));
    assertThat(nowhere.retries()).isZero();
    assertThat(storedCount(direct, ids(List.of(row)))).isZero();
  }

  @Test
  void orderOfUuidsIsPostgresOrder() throws Exception {
    List<UUID> ids = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    ids.add(UUID.fromString("80000000-0000-0000-0000-000000000000"));
    ids.add(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"));
    ids.add(UUID.fromString("00000000-0000-0000-8000-000000000000"));
    List<UUID> sortedByJava = new ArrayList<>(ids);
    sortedByJava.sort(DecisionWriter.POSTGRES_UUID_ORDER);

    List<UUID> sortedByPostgres = new ArrayList<>();
    try (Connection connection = direct.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT id FROM unnest(?::uuid[]) AS t(id) ORDER BY id")) {
      select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sortedByPostgres.add(rows.getObject(1, UUID.class));
        }
      }
    }

    assertThat(sortedByJava).isEqualTo(sortedByPostgres);
  }

  @Test
  void concurrentOverlappingBatchesNeitherDeadlockNorMoveMoneyTwice() throws Exception {
    List<UUID> users = seedUsers(direct, 12, "1000000.00");
    Random random = new Random(42);
    List<DecidedTransaction> all = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      int payer = random.nextInt(users.size());
      int receiver = (payer + 1 + random.nextInt(users.size() - 1)) % users.size();
      PostgresFixtures.Builder builder =
          aDecision()
              .between(users.get(payer), users.get(receiver))
              .amount(randomAmount(random))
              .kafka(i % 8, i);
      if (random.nextInt(5) == 0) {
        builder.rejectedBy("VELOCIDADE");
      }
      all.add(builder.build());
    }
    // Four writers: each takes the same 3,000 shared rows plus 750 of its own, shuffled
    // differently.
    List<DecidedTransaction> shared = all.subList(0, 3_000);
    List<List<DecidedTransaction>> perThread = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      List<DecidedTransaction> rows = new ArrayList<>(shared);
      rows.addAll(all.subList(3_000 + t * 750, 3_000 + (t + 1) * 750));
      Collections.shuffle(rows, new Random(t));
      perThread.add(rows);
    }
    Map<UUID, BigDecimal> before = balances(direct, users);
    Map<UUID, BigDecimal> debitedBefore = debited(direct, users);
    long retriesBefore = writer.retries();

    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<int[]>> done = new ArrayList<>();
    try {
      for (List<DecidedTransaction> rows : perThread) {
        done.add(
            threads.submit(
                () -> {
                  int inserted = 0;
                  int present = 0;
                  for (int from = 0; from < rows.size(); from += 250) {
                    WriteResult result =
                        writer.write(rows.subList(from, Math.min(rows.size(), from + 250)));
                    assertThat(result.failures()).isEmpty();
                    inserted += result.inserted();
                    present += result.alreadyPresent();
                  }
                  return new int[] {inserted, present};
                }));
      }
      int inserted = 0;
      int present = 0;
      for (Future<int[]> each : done) {
        int[] counts = each.get();
        inserted += counts[0];
        present += counts[1];
      }

      assertThat(inserted).isEqualTo(6_000);
      assertThat(present).isEqualTo(3 * 3_000);
    } finally {
      threads.shutdownNow();
    }
    assertThat(storedCount(direct, ids(all))).isEqualTo(6_000);
    assertThat(balances(direct, users)).isEqualTo(expectedBalances(before, all));
    assertThat(debited(direct, users)).isEqualTo(expectedDebits(debitedBefore, all));
    assertThat(totalBalance(direct, users)).isEqualTo(new BigDecimal("12000000.00"));
    // Users are locked in id order and rows inserted in id order, so no batch waits on another
    // in a cycle: not one deadlock to retry (they would be retried, but each costs a second).
    assertThat(writer.retries() - retriesBefore).as("retries").isZero();
  }

  @Test
  void writesThousandRowBatches() throws Exception {
    List<UUID> users = seedUsers(direct, 100, "1000000.00");
    Random random = new Random(1);
    writer.write(batchOf(100, users, random)); // warm-up: pool, prepared statements, JIT
    Map<UUID, BigDecimal> before = balances(direct, users);
    List<DecidedTransaction> all = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();

    for (int run = 0; run < 5; run++) {
      List<DecidedTransaction> batch = batchOf(1_000, users, random);
      long start = System.nanoTime();
      WriteResult result = writer.write(batch);
      nanos.add(System.nanoTime() - start);
      assertThat(result.inserted()).isEqualTo(1_000);
      all.addAll(batch);
    }

    assertThat(balances(direct, users)).isEqualTo(expectedBalances(before, all));
    Collections.sort(nanos);
    double median = nanos.get(2) / 1e9;
    System.out.printf(
        "DecisionWriterIT: 1,000-row batch, median of 5: %.1f ms = %.0f rows/s (fastest %.1f ms)%n",
        median * 1e3, 1_000 / median, nanos.get(0) / 1e6);
  }

  private static List<DecidedTransaction> batchOf(int size, List<UUID> users, Random random) {
    List<DecidedTransaction> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int payer = random.nextInt(users.size());
      int receiver = (payer + 1 + random.nextInt(users.size() - 1)) % users.size();
      PostgresFixtures.Builder builder =
          aDecision().between(users.get(payer), users.get(receiver)).amount(randomAmount(random));
      if (i % 10 == 0) {
        builder.rejectedBy("PIX_NOTURNO");
      }
      batch.add(builder.build());
    }
    return batch;
  }

  private static List<UUID> ids(List<DecidedTransaction> rows) {
    return rows.stream().map(row -> row.transaction().id()).toList();
  }

  /** Every column of one {@code transacoes} row, as Java values. */
  private static Map<String, Object> readRow(UUID id) throws SQLException, IOException {
    Map<String, Object> row = new LinkedHashMap<>();
    try (Connection connection = direct.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT *, componentes_risco::text AS componentes_json"
                    + " FROM transacoes WHERE id_transacao = ?")) {
      select.setObject(1, id);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("row %s is stored", id).isTrue();
        row.put("id_usuario_pagador", rows.getObject("id_usuario_pagador", UUID.class));
        row.put("id_usuario_recebedor", rows.getObject("id_usuario_recebedor", UUID.class));
        row.put("id_regiao", rows.getString("id_regiao"));
        row.put("modalidade_pagamento", rows.getString("modalidade_pagamento"));
        row.put("data_horario", instant(rows, "data_horario"));
        row.put("valor_transacao", rows.getBigDecimal("valor_transacao"));
        row.put("transacao_aprovada", rows.getBoolean("transacao_aprovada"));
        row.put(
            "motivos_rejeicao", List.of((String[]) rows.getArray("motivos_rejeicao").getArray()));
        row.put("score_risco", rows.getBigDecimal("score_risco"));
        row.put(
            "componentes_risco",
            JSON.readValue(
                rows.getString("componentes_json"), new TypeReference<Map<String, Double>>() {}));
        row.put("perfil_regras", rows.getString("perfil_regras"));
        row.put("kafka_topico", rows.getString("kafka_topico"));
        row.put("kafka_particao", rows.getInt("kafka_particao"));
        row.put("kafka_offset", rows.getLong("kafka_offset"));
        row.put("horario_kafka", instant(rows, "horario_kafka"));
        row.put("horario_decisao", instant(rows, "horario_decisao"));
        row.put("horario_gravacao", instant(rows, "horario_gravacao"));
      }
    }
    return row;
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A random amount between R$ 0.01 and R$ 100.00. */
  private static BigDecimal randomAmount(Random random) {
    return BigDecimal.valueOf(1 + random.nextInt(10_000), 2);
  }
}
