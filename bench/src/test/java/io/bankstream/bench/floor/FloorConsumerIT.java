package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.approved;
import static io.bankstream.bench.floor.FloorFixtures.decided;
import static io.bankstream.bench.floor.FloorFixtures.rejected;
import static io.bankstream.bench.floor.FloorFixtures.transaction;
import static io.bankstream.bench.floor.FloorFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.publish.RecordPublisher;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The floor against the real local stack: 5,000 records (5% fraud, 2% malformed) over 2,000 seeded
 * users, read by two consumers (the topic's 4 partitions split between them), end as exactly one
 * row of {@code transacoes} or {@code dead_letters} per Kafka record, the ledger balanced and
 * conserved, the live statistics in Redis and the final windows in {@code estatisticas_janela}
 * agreeing with SQL, and a second read of the whole topic by one consumer changing nothing. Also
 * checks {@link FloorDatabase}'s COPY with awkward values, its row-by-row fallback and its
 * reconnection.
 */
class FloorConsumerIT {

  private static final int USERS = 2_000;
  private static final int RECORDS = 5_000;
  private static final int WINDOW_SECONDS = 1;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static LocalStack stack;
  private static ExecutorService threads;

  @BeforeAll
  static void startStack() {
    // Before the first Kafka logger: the clients' configuration dumps stay out of the report.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    stack = LocalStack.start();
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopStack() {
    threads.shutdownNow();
    stack.close();
  }

  @Test
  void writesEveryRecordOnceWithTheLedgerAndStatisticsAndAReplayChangesNothing() throws Exception {
    List<UserProfile> users = new UserGenerator(new Random(5)).generate(USERS, Instant.now());
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
    }
    Map<UUID, BigDecimal> seeded = new HashMap<>();
    users.forEach(user -> seeded.put(user.id(), user.balance()));
    String moneyBefore = query("SELECT sum(saldo)::text FROM usuarios");
    publish(users);

    FloorConsumer first = new FloorConsumer();
    long started = System.nanoTime();
    Future<Integer> firstRun = run(first, "floor-it-first", 2);
    awaitUntil(
        "every record in transacoes or dead_letters",
        () -> rowsOfTheTopic() + deadLettersOfTheTopic() >= RECORDS,
        first,
        firstRun);
    double seconds = (System.nanoTime() - started) / 1e9;
    first.stop();
    assertThat(firstRun.get(30, TimeUnit.SECONDS)).as("exit code").isZero();
    assertThat(first.recordsByConsumer())
        .as("records written by each of the two consumers")
        .hasSize(2)
        .allSatisfy(records -> assertThat(records).isPositive());
    assertThat(first.recordsByConsumer().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(RECORDS);
    System.out.printf(
        "FloorConsumerIT: %,d records written in %.1f s from the floor's start (%,.0f/s, start-up"
            + " included)%n",
        RECORDS, seconds, RECORDS / seconds);

    assertEveryKafkaRecordOnce();
    assertThat(query("SELECT count(*) FROM usuarios WHERE saldo < 0"))
        .as("negative balances")
        .isEqualTo("0");
    assertThat(query("SELECT sum(saldo)::text FROM usuarios"))
        .as("money conserved")
        .isEqualTo(moneyBefore);
    assertLedger(seeded);
    assertThat(strings("SELECT id_transacao FROM transacoes WHERE NOT transacao_aprovada"))
        .as("some rejected")
        .isNotEmpty();
    assertThat(first.decided() + first.deadLetters()).isEqualTo(RECORDS);
    assertLiveStatisticsMatchSql();
    assertClosedWindowsMatchSql();

    String snapshot = snapshot();
    FloorConsumer replay = new FloorConsumer();
    Future<Integer> replayRun = run(replay, "floor-it-replay", 1);
    awaitUntil(
        "the replay read the whole topic", () -> replay.records() >= RECORDS, replay, replayRun);
    replay.stop();
    assertThat(replayRun.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(replay.recordsByConsumer()).containsExactly((long) RECORDS);

    assertThat(replay.inserted()).isZero();
    assertThat(snapshot()).as("rows and balances after the replay").isEqualTo(snapshot);
  }

  @Test
  void copiesAwkwardValuesAsTheyAreAndWritesARefusedBatchRowByRow() throws Exception {
    UserProfile payer = user("10.00");
    UserProfile receiver = user("0.00");
    insert(payer, receiver);
    String topic = "floor-it-awkward";
    DecidedTransaction paid = approvedOnTopic(topic, payer, receiver, "5.00", 1);
    DecidedTransaction overdrawn = approvedOnTopic(topic, payer, receiver, "50.00", 2);
    DecidedTransaction turnedDown =
        onTopic(topic, transaction(payer, receiver, "1.00", NOON), rejected("LIMITE"), 3);
    DecidedTransaction notANumber =
        onTopic(
            topic,
            transaction(payer, receiver, "1.00", NOON),
            new Decision(false, List.of("RISCO"), Double.NaN, Map.of(), "default", 0),
            4);
    DecidedTransaction small = approvedOnTopic(topic, payer, receiver, "1.00", 5);
    byte[] invalidUtf8 = {'{', (byte) 0xff, 0, '\\', '\t', '\n', '"', '\'', (byte) 0xc3};
    String message = "tab\there, newline\nthere, back\\slash, \"quotes\", NUL\u0000, ç";
    DeadLetter awkward =
        new DeadLetter(
            topic,
            0,
            10,
            null,
            invalidUtf8,
            null,
            "ParseTransactions",
            "MALFORMED_JSON",
            null,
            message);
    DeadLetter empty =
        new DeadLetter(
            topic,
            0,
            11,
            new byte[] {(byte) 0x80},
            new byte[0],
            NOON,
            "ParseTransactions",
            "MALFORMED_JSON",
            "$",
            "x".repeat(3_000));

    FloorDatabase.Written written;
    FloorDatabase.Written again;
    FloorDatabase.Written twice;
    try (FloorDatabase database = database(Duration.ofSeconds(5))) {
      List<DecidedTransaction> batch = List.of(paid, overdrawn, turnedDown, notANumber);
      written = database.write(batch, List.of(awkward, empty));
      again = database.write(batch, List.of(awkward, empty));
      twice = database.write(List.of(small, small), List.of());
    }

    assertThat(written.inserted()).isEqualTo(2);
    assertThat(written.refused())
        .extracting(DeadLetter::offset, DeadLetter::step, DeadLetter::reason)
        .containsExactlyInAnyOrder(
            tuple(2L, "WriteDecisionsToPostgres", "DATABASE_REFUSED"),
            tuple(4L, "WriteDecisionsToPostgres", "DATABASE_REFUSED"));
    assertThat(again.inserted()).as("a replay adds nothing").isZero();
    assertThat(twice.inserted()).as("the same transaction twice in a batch").isEqualTo(1);
    assertThat(balanceAndDebited(payer)).containsExactly("4.00 6.00");
    assertThat(
            strings("SELECT saldo::text FROM usuarios WHERE id_usuario = '" + receiver.id() + "'"))
        .containsExactly("6.00");
    assertThat(
            strings(
                "SELECT kafka_offset || ' ' || array_to_string(motivos_rejeicao, ',') || ' '"
                    + " || score_risco || ' ' || componentes_risco::text FROM transacoes"
                    + " WHERE kafka_topico = '"
                    + topic
                    + "' ORDER BY kafka_offset"))
        .containsExactly(
            "1  0.1234 {\"hour\": 0.0, \"amount\": 0.05}",
            "3 LIMITE 0.9000 {\"amount\": 0.8}",
            "5  0.1234 {\"hour\": 0.0, \"amount\": 0.05}");
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT kafka_offset, kafka_key, payload, error_message, field, reason"
                    + " FROM dead_letters WHERE kafka_topic = '"
                    + topic
                    + "'"
                    + " ORDER BY kafka_offset")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(2);
      assertThat(rows.getString(4)).contains("SQLState 23514");
      assertThat(new String(rows.getBytes(3), StandardCharsets.UTF_8)).contains("50.00");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(4);
      assertThat(rows.getString(4)).contains("SQLState 22003");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(10);
      assertThat(rows.getBytes(2)).isNull();
      assertThat(rows.getBytes(3)).isEqualTo(invalidUtf8);
      assertThat(rows.getString(4)).isEqualTo(message.replace("\u0000", ""));
      assertThat(rows.getString(5)).isNull();
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(11);
      assertThat(rows.getBytes(2)).containsExactly((byte) 0x80);
      assertThat(rows.getBytes(3)).isEmpty();
      assertThat(rows.getString(4)).hasSize(2_000);
      assertThat(rows.getString(5)).isEqualTo("$");
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void anIdReusedByAnotherKafkaRecordIsADeadLetterAndAReplayStaysSilent() throws Exception {
    UserProfile payer = user("100.00");
    UserProfile receiver = user("0.00");
    insert(payer, receiver);
    String topic = "floor-it-reused-id";
    Transaction first = transaction(payer, receiver, "5.00", NOON);
    DecidedTransaction original = onTopic(topic, first, approved(), 20);
    DecidedTransaction sameBatch = onTopic(topic, withAmount(first, "6.00"), approved(), 21);
    DecidedTransaction laterBatch = onTopic(topic, withAmount(first, "7.00"), approved(), 22);

    FloorDatabase.Written written;
    FloorDatabase.Written later;
    FloorDatabase.Written replay;
    try (FloorDatabase database = database(Duration.ofSeconds(5))) {
      written = database.write(List.of(original, sameBatch), List.of());
      later = database.write(List.of(laterBatch), List.of());
      replay = database.write(List.of(original, sameBatch, laterBatch), List.of());
    }

    assertThat(written.inserted()).isEqualTo(1);
    assertThat(written.refused())
        .extracting(DeadLetter::offset, DeadLetter::reason, DeadLetter::field)
        .containsExactly(tuple(21L, "DUPLICATE_TRANSACTION_ID", "id_transacao"));
    assertThat(written.refused().get(0).message()).contains(topic + "/0@20", "/0@21");
    assertThat(later.inserted()).isZero();
    assertThat(later.refused())
        .extracting(DeadLetter::offset, DeadLetter::reason)
        .containsExactly(tuple(22L, "DUPLICATE_TRANSACTION_ID"));
    assertThat(replay.inserted()).isZero();
    assertThat(
            strings(
                "SELECT kafka_offset || ' ' || valor_transacao FROM transacoes WHERE kafka_topico"
                    + " = '"
                    + topic
                    + "'"))
        .containsExactly("20 5.00");
    assertThat(
            strings(
                "SELECT kafka_offset || ' ' || reason FROM dead_letters WHERE kafka_topic = '"
                    + topic
                    + "' ORDER BY kafka_offset"))
        .containsExactly("21 DUPLICATE_TRANSACTION_ID", "22 DUPLICATE_TRANSACTION_ID");
    assertThat(strings("SELECT saldo::text FROM usuarios WHERE id_usuario = '" + payer.id() + "'"))
        .containsExactly("95.00");
  }

  private static Transaction withAmount(Transaction tx, String amount) {
    return new Transaction(
        tx.id(),
        tx.payerId(),
        tx.receiverId(),
        tx.region(),
        tx.modality(),
        tx.eventTime(),
        new BigDecimal(amount));
  }

  @Test
  void aLostConnectionIsReopenedAndTheBatchWritten() throws Exception {
    UserProfile payer = user("10.00");
    UserProfile receiver = user("0.00");
    insert(payer, receiver);
    String topic = "floor-it-reconnect";
    DecidedTransaction before = approvedOnTopic(topic, payer, receiver, "2.00", 1);
    DecidedTransaction after = approvedOnTopic(topic, payer, receiver, "3.00", 2);

    FloorDatabase.Written written;
    try (FloorDatabase database = database(Duration.ofSeconds(10))) {
      database.write(List.of(before), List.of());
      assertThat(
              query(
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE application_name = '"
                      + FloorDatabase.APPLICATION_NAME
                      + "'"))
          .as("sessions cut")
          .isEqualTo("1");
      written = database.write(List.of(after), List.of());
    }

    assertThat(written.inserted()).isEqualTo(1);
    assertThat(balanceAndDebited(payer)).containsExactly("5.00 5.00");
  }

  /** Publishes the scenario: live event times, 5% fraud, 2% malformed. */
  private static void publish(List<UserProfile> users) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TransactionGenerator generator =
        new TransactionGenerator(
            sorted,
            TrafficModel.defaults(),
            EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(13)),
            new Random(17),
            0.05,
            0.02);
    try (RecordPublisher publisher =
        new RecordPublisher(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
            stack.topic(),
            GeneratedRecord.LABEL_HEADER)) {
      for (int i = 0; i < RECORDS; i++) {
        GeneratedRecord record = generator.next();
        publisher.send(record.key(), record.value(), record.label());
      }
      publisher.flush();
      assertThat(publisher.acknowledged()).as(publisher.lastError()).isEqualTo(RECORDS);
    }
  }

  /** Runs the floor on a thread of its own, reading as {@code group} with {@code consumers}. */
  private static Future<Integer> run(FloorConsumer floor, String group, int consumers) {
    String[] args = {
      "--bootstrapServers=" + stack.kafkaBootstrapServers(),
      "--topic=" + stack.topic(),
      "--consumerGroup=" + group,
      "--jdbcUrl=" + stack.jdbcUrl(),
      "--dbUser=" + stack.databaseUser(),
      "--redisHost=" + stack.redisHost(),
      "--redisPort=" + stack.redisPort(),
      "--windowSeconds=" + WINDOW_SECONDS,
      "--maxOutOfOrdernessSeconds=0",
      "--consumers=" + consumers
    };
    return threads.submit(() -> FloorConsumer.commandLine(floor).execute(args));
  }

  /** Each Kafka record of the topic, by partition and offset, once in one of the two tables. */
  private static void assertEveryKafkaRecordOnce() {
    String both =
        "(SELECT kafka_particao AS p, kafka_offset AS o FROM transacoes WHERE kafka_topico = '"
            + stack.topic()
            + "' UNION ALL SELECT kafka_partition, kafka_offset FROM dead_letters"
            + " WHERE kafka_topic = '"
            + stack.topic()
            + "') AS written";
    assertThat(query("SELECT count(*) FROM " + both)).isEqualTo(Integer.toString(RECORDS));
    assertThat(query("SELECT count(DISTINCT (p, o)) FROM " + both))
        .isEqualTo(Integer.toString(RECORDS));
    // Offsets of a fresh topic run from 0, so once each means no gap below the partition's count.
    assertThat(
            query(
                "SELECT count(*) FROM (SELECT p FROM "
                    + both
                    + " GROUP BY p HAVING max(o) + 1 <> count(*) OR min(o) <> 0) AS gaps"))
        .isEqualTo("0");
  }

  /**
   * Each seeded user's balance is its seed, less its approved debits, plus its credits, and its
   * {@code total_debitado} its approved debits.
   */
  private static void assertLedger(Map<UUID, BigDecimal> seeded) throws SQLException {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT u.id_usuario, u.saldo, u.total_debitado,"
                    + " coalesce((SELECT sum(valor_transacao) FROM transacoes"
                    + "   WHERE transacao_aprovada AND id_usuario_pagador = u.id_usuario), 0),"
                    + " coalesce((SELECT sum(valor_transacao) FROM transacoes"
                    + "   WHERE transacao_aprovada AND id_usuario_recebedor = u.id_usuario), 0)"
                    + " FROM usuarios u")) {
      while (rows.next()) {
        UUID id = rows.getObject(1, UUID.class);
        BigDecimal seed = seeded.get(id);
        if (seed == null) {
          continue; // A user of the other test.
        }
        checked++;
        BigDecimal debits = rows.getBigDecimal(4);
        BigDecimal expected = seed.subtract(debits).add(rows.getBigDecimal(5));
        if (rows.getBigDecimal(2).compareTo(expected) != 0
            || rows.getBigDecimal(3).compareTo(debits) != 0) {
          wrong.add(
              id
                  + ": saldo "
                  + rows.getBigDecimal(2)
                  + " debited "
                  + rows.getBigDecimal(3)
                  + ", expected "
                  + expected
                  + " debited "
                  + debits);
        }
      }
    }
    assertThat(checked).isEqualTo(USERS);
    assertThat(wrong).as("users whose balance is not seed - debits + credits").isEmpty();
  }

  /** Every window's Redis total hash counts what SQL counts; the latest lists are capped. */
  private static void assertLiveStatisticsMatchSql() throws SQLException {
    Map<String, String> sql = windowCounts();
    assertThat(sql).isNotEmpty();
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      Map<String, String> live = new HashMap<>();
      for (String start : sql.keySet()) {
        live.put(start, redis.hget("bankstream:stats:" + start + ":total", "count"));
        assertThat(redis.pttl("bankstream:stats:" + start + ":total")).isPositive();
      }
      assertThat(live).isEqualTo(sql);
      long latest = redis.zcard("bankstream:latest:transactions");
      assertThat(latest).isEqualTo(100);
      assertThat(redis.hlen("bankstream:latest:transactions:data")).isEqualTo(latest);
      assertThat(redis.zcard("bankstream:latest:rejections"))
          .isEqualTo(redis.hlen("bankstream:latest:rejections:data"))
          .isPositive();
    }
  }

  /** Every window the floor closed has its final count in estatisticas_janela. */
  private static void assertClosedWindowsMatchSql() throws SQLException {
    Map<String, String> sql = windowCounts();
    Map<String, String> history = new HashMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT (extract(epoch FROM inicio_janela) * 1000)::bigint, quantidade"
                    + " FROM estatisticas_janela WHERE dimensao = 'total'")) {
      while (rows.next()) {
        history.put(rows.getString(1), rows.getString(2));
      }
    }
    assertThat(history).as("closed windows").isNotEmpty();
    history.forEach((start, count) -> assertThat(sql).containsEntry(start, count));
  }

  /** Window start in epoch ms to how many transactions of the topic it holds. */
  private static Map<String, String> windowCounts() throws SQLException {
    Map<String, String> counts = new HashMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT (floor(extract(epoch FROM data_horario) / "
                    + WINDOW_SECONDS
                    + ") * "
                    + WINDOW_SECONDS * 1000
                    + ")::bigint, count(*) FROM transacoes WHERE kafka_topico = '"
                    + stack.topic()
                    + "' GROUP BY 1")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getString(2));
      }
    }
    return counts;
  }

  /** A digest of every row and balance the floor writes. */
  private static String snapshot() {
    return query("SELECT md5(string_agg(t::text, ',' ORDER BY t.id_transacao)) FROM transacoes t")
        + query("SELECT md5(string_agg(d::text, ',' ORDER BY d.id)) FROM dead_letters d")
        + query(
            "SELECT md5(string_agg(u.id_usuario || ' ' || u.saldo || ' ' || u.total_debitado, ','"
                + " ORDER BY u.id_usuario)) FROM usuarios u");
  }

  /**
   * {@code payer} paying {@code amount} to {@code receiver} at noon, approved, at {@code offset}.
   */
  private static DecidedTransaction approvedOnTopic(
      String topic, UserProfile payer, UserProfile receiver, String amount, long offset) {
    return onTopic(topic, transaction(payer, receiver, amount, NOON), approved(), offset);
  }

  private static DecidedTransaction onTopic(
      String topic, Transaction tx, Decision decision, long offset) {
    DecidedTransaction row = decided(tx, decision, offset);
    SourceRecord source =
        new SourceRecord(
            topic, 0, offset, row.source().key(), row.source().value(), row.kafkaTimestamp());
    return new DecidedTransaction(row.transaction(), source, decision, row.decidedAt());
  }

  private static void awaitUntil(
      String what, BooleanSupplier condition, FloorConsumer floor, Future<Integer> run)
      throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (run.isDone()) {
        throw new AssertionError(what + ": the floor exited with " + run.get());
      }
      if (System.nanoTime() > end) {
        floor.stop();
        throw new AssertionError(
            "not reached within "
                + DEADLINE
                + ": "
                + what
                + "; floor read "
                + floor.records()
                + ", rows "
                + rowsOfTheTopic()
                + ", dead letters "
                + deadLettersOfTheTopic());
      }
      TimeUnit.MILLISECONDS.sleep(100); // Polling the condition, bounded by the deadline.
    }
  }

  /** The floor's database on the stack, retrying a failed write for up to {@code maxElapsed}. */
  private static FloorDatabase database(Duration maxElapsed) {
    return new FloorDatabase(
        stack.jdbcUrl(),
        stack.databaseUser(),
        stack.databasePassword(),
        RetryPolicy.defaults().withMaxElapsed(maxElapsed));
  }

  /** {@code user}'s row as {@code "saldo total_debitado"}: one row, or none if not inserted. */
  private static List<String> balanceAndDebited(UserProfile user) {
    return strings(
        "SELECT saldo || ' ' || total_debitado FROM usuarios WHERE id_usuario = '"
            + user.id()
            + "'");
  }

  private static void insert(UserProfile... users) throws SQLException {
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, List.of(users));
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static long rowsOfTheTopic() {
    return Long.parseLong(
        query("SELECT count(*) FROM transacoes WHERE kafka_topico = '" + stack.topic() + "'"));
  }

  private static long deadLettersOfTheTopic() {
    return Long.parseLong(
        query("SELECT count(*) FROM dead_letters WHERE kafka_topic = '" + stack.topic() + "'"));
  }

  /** The first column of the first row, as text. */
  private static String query(String sql) {
    List<String> values = strings(sql);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The first column of every row, as text. */
  private static List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return values;
  }
}
