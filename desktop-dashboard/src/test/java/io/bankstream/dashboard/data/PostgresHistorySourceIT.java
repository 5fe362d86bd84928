package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link PostgresHistorySource} against a real PostgreSQL (the local stack's, schema migrated),
 * window statistics written by the pipeline's own {@link PostgresWindowStatsWriter}, users by
 * {@link UserProfiles}, transactions by SQL: exact values, ordering, range bounds, amount buckets,
 * paging, every kind of search, the plans' use of the {@code data_horario} index, and a database
 * that cannot be reached.
 */
class PostgresHistorySourceIT {

  /** The range every query covers: one hour from 2026-03-02 18:00 in São Paulo. */
  private static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");

  private static final Instant T_END = T0.plus(Duration.ofHours(1));
  private static final TimeRange RANGE = new TimeRange(T0, T_END);

  private static final StatsKey SP = new StatsKey(Dimension.REGIAO, "SP");
  private static final StatsKey RJ = new StatsKey(Dimension.REGIAO, "RJ");
  private static final StatsKey AC = new StatsKey(Dimension.REGIAO, "AC");
  private static final StatsKey PIX = new StatsKey(Dimension.MODALIDADE, "PIX");

  private static final String INSERT_TRANSACTION =
      "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao,"
          + " modalidade_pagamento, data_horario, valor_transacao, transacao_aprovada,"
          + " motivos_rejeicao, score_risco, perfil_regras, kafka_topico, kafka_particao,"
          + " kafka_offset, horario_decisao)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'default', 'bank_transactions', 0, ?, ?)";

  private static LocalStack stack;
  private static List<UserProfile> users;

  /** The transactions of the fixture, t[1] to t[12]; t[0] unused. */
  private static final Row[] t = new Row[13];

  private PostgresHistorySource source;

  @BeforeAll
  static void startStackAndFill() throws SQLException {
    stack = LocalStack.start();
    users = new UserGenerator(new Random(7)).generate(10, T0.minus(Duration.ofDays(30)));
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
      insertFixture(connection);
      insertBackground(connection);
    }
    writeWindowStatistics();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openSource() {
    source =
        new PostgresHistorySource(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  @AfterEach
  void closeSource() {
    source.close();
  }

  @Test
  void windowsOfTheRangeComeByStartThenGroupWithEveryValue() throws Exception {
    assertThat(source.windows(RANGE, Dimension.TOTAL))
        .containsExactly(
            new GroupStats(
                T0,
                T0.plusSeconds(60),
                StatsKey.TOTAL,
                6,
                4,
                2,
                new BigDecimal("123.45"),
                new BigDecimal("100.00"),
                Map.of("SALDO", 1L, "RISCO", 2L),
                12.3,
                45.6,
                78.9),
            new GroupStats(
                T0.plusSeconds(60),
                T0.plusSeconds(120),
                StatsKey.TOTAL,
                2,
                2,
                0,
                new BigDecimal("20.00"),
                new BigDecimal("20.00"),
                Map.of(),
                null,
                null,
                null));
    assertThat(source.windows(RANGE, Dimension.REGIAO))
        .extracting(GroupStats::windowStart, GroupStats::key, GroupStats::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0, RJ, 2L),
            org.assertj.core.groups.Tuple.tuple(T0, SP, 4L),
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(60), AC, 2L));
    // The TED row of the third window holds an unreadable rule map: skipped and counted.
    assertThat(source.windows(RANGE, Dimension.MODALIDADE))
        .extracting(GroupStats::windowStart, GroupStats::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, PIX));
    assertThat(source.skippedRows()).isEqualTo(1);
    // From is inclusive, to exclusive: [T0 + 1 min, T0 + 1 h) leaves out the first window, and
    // [T0 - 1 min, T0) holds only the window before.
    assertThat(source.windows(new TimeRange(T0.plusSeconds(60), T_END), Dimension.TOTAL))
        .extracting(GroupStats::windowStart)
        .containsExactly(T0.plusSeconds(60));
    assertThat(source.windows(new TimeRange(T0.minusSeconds(60), T0), Dimension.TOTAL))
        .extracting(GroupStats::windowStart)
        .containsExactly(T0.minusSeconds(60));
  }

  @Test
  void amountsFallInLogScaleBucketsApprovedAndRejected() throws Exception {
    assertThat(source.amounts(RANGE))
        .containsExactly(
            bucket("0", "1", 1, 0),
            bucket("1", "10", 1, 1),
            bucket("10", "100", 1, 0),
            bucket("100", "1000", 1, 1),
            bucket("1000", "10000", 0, 1),
            bucket("10000", "100000", 1, 0),
            bucket("100000", null, 1, 1));
    // An empty range still has every bucket, at zero.
    assertThat(source.amounts(new TimeRange(T0.minusSeconds(10), T0.minusSeconds(5))))
        .extracting(AmountBucket::approved, AmountBucket::rejected)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(0L, 0L))
        .hasSize(7);
  }

  @Test
  void pagesComeNewestFirstWithHasMore() throws Exception {
    assertThat(page("", false, 0, 4)).isEqualTo(ids(9, 10, 8, 7)).isNotEmpty();
    TransactionPage first = source.transactions(new TransactionQuery(RANGE, "", false, 0, 4));
    TransactionPage second = source.transactions(new TransactionQuery(RANGE, "", false, 1, 4));
    TransactionPage third = source.transactions(new TransactionQuery(RANGE, "", false, 2, 4));
    TransactionPage beyond = source.transactions(new TransactionQuery(RANGE, "", false, 3, 4));

    assertThat(first.hasMore()).isTrue();
    assertThat(ids(second)).isEqualTo(ids(6, 5, 3, 4));
    assertThat(second.hasMore()).isTrue();
    assertThat(ids(third)).isEqualTo(ids(2, 1));
    assertThat(third.hasMore()).isFalse();
    assertThat(beyond.rows()).isEmpty();
    assertThat(beyond.hasMore()).isFalse();
    assertThat(beyond.query()).isEqualTo(new TransactionQuery(RANGE, "", false, 3, 4));

    // A last page that is exactly full has nothing more.
    TransactionPage exact = source.transactions(new TransactionQuery(RANGE, "", false, 1, 5));
    assertThat(ids(exact)).isEqualTo(ids(5, 3, 4, 2, 1));
    assertThat(exact.hasMore()).isFalse();
  }

  @Test
  void aRowCarriesEveryField() throws Exception {
    List<RecentTransaction> rows =
        source.transactions(new TransactionQuery(RANGE, t[5].id().toString(), false, 0, 10)).rows();

    assertThat(rows)
        .containsExactly(
            new RecentTransaction(
                t[5].id().toString(),
                users.get(0).id().toString(),
                users.get(2).id().toString(),
                "RJ",
                "BOLETO",
                T0.plus(Duration.ofMinutes(20)),
                new BigDecimal("150.00"),
                false,
                List.of("LIMITE", "RISCO"),
                0.8123,
                T0.plus(Duration.ofMinutes(20)).plusMillis(290)));
  }

  @Test
  void theRangeIsHalfOpen() throws Exception {
    // t1 is at T0 exactly; t11 at T_END exactly and t12 a microsecond before T0: both outside.
    assertThat(page("", false, 0, 500))
        .hasSize(10)
        .containsAll(ids(1))
        .doesNotContainAnyElementsOf(ids(11, 12));
    assertThat(page("", false, 0, 500, new TimeRange(T_END, T_END.plusSeconds(1))))
        .isEqualTo(ids(11));
    assertThat(page("", false, 0, 500, new TimeRange(T0.minusSeconds(1), T0))).isEqualTo(ids(12));
  }

  @Test
  void theTextMatchesIdPrefixesAndCodesIgnoringCase() throws Exception {
    // A transaction id, by prefix, in upper case.
    assertThat(page("A0000005", false, 0, 50)).isEqualTo(ids(5));
    // A prefix common to every fixture id: the range still applies.
    assertThat(page("a000000", false, 0, 50)).isEqualTo(ids(9, 10, 8, 7, 6, 5, 3, 4, 2, 1));
    // A payer that is never a receiver, a receiver that is never a payer.
    assertThat(page(prefix(users.get(7).id()), false, 0, 50)).isEqualTo(ids(9));
    assertThat(page(prefix(users.get(6).id()).toUpperCase(), false, 0, 50)).isEqualTo(ids(8));
    // A user on both sides.
    assertThat(page(prefix(users.get(4).id()), false, 0, 50)).isEqualTo(ids(7, 6));
    // UF, modality, rule code.
    assertThat(page("rj", false, 0, 50)).isEqualTo(ids(5, 3));
    assertThat(page("Boleto", false, 0, 50)).isEqualTo(ids(10, 5));
    assertThat(page("risco", false, 0, 50)).isEqualTo(ids(7, 5));
    assertThat(page("SALDO", false, 0, 50)).isEqualTo(ids(10, 3));
    // Surrounding blanks are stripped by the query.
    assertThat(page("  PIX ", false, 0, 50)).isEqualTo(ids(6, 2, 1));
    // Nothing, and LIKE wildcards that only match themselves.
    assertThat(page("XX", false, 0, 50)).isEmpty();
    assertThat(page("%", false, 0, 50)).isEmpty();
    assertThat(page("A000000_", false, 0, 50)).isEmpty();
    assertThat(page("'; DROP TABLE transacoes; --", false, 0, 50)).isEmpty();
    assertThat(page("", false, 0, 500)).hasSize(10);
  }

  @Test
  void onlyRejectedKeepsTheRejected() throws Exception {
    assertThat(page("", true, 0, 50)).isEqualTo(ids(10, 7, 5, 3));
    assertThat(page("SP", true, 0, 50)).isEqualTo(ids(7));
    assertThat(page("SP", false, 0, 50)).isEqualTo(ids(9, 7, 6, 2, 1));
    TransactionPage first = source.transactions(new TransactionQuery(RANGE, "", true, 0, 3));
    assertThat(ids(first)).isEqualTo(ids(10, 7, 5));
    assertThat(first.hasMore()).isTrue();
    assertThat(first.rows()).allSatisfy(row -> assertThat(row.approved()).isFalse());
  }

  @Test
  void theQueriesOfTransacoesUseTheDataHorarioIndex() throws Exception {
    try (Connection connection = connect()) {
      String amounts;
      try (PreparedStatement explain =
          connection.prepareStatement("EXPLAIN " + PostgresHistorySource.AMOUNTS_SQL)) {
        explain.setArray(
            1, connection.createArrayOf("numeric", PostgresHistorySource.AMOUNT_EDGES.toArray()));
        explain.setObject(2, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
        explain.setObject(3, OffsetDateTime.ofInstant(T_END, ZoneOffset.UTC));
        amounts = plan(explain);
      }
      String search = explainSearch(connection, new TransactionQuery(RANGE, "SP", false, 2, 50));
      String rejected = explainSearch(connection, new TransactionQuery(RANGE, "", true, 0, 50));

      assertThat(amounts).contains("transacoes_data_horario_idx").doesNotContain("Seq Scan");
      assertThat(search).contains("transacoes_data_horario_idx").doesNotContain("Seq Scan");
      assertThat(rejected).containsPattern("transacoes_(rejeitadas_)?data(_horario)?_idx");
      assertThat(rejected).doesNotContain("Seq Scan");
    }
  }

  @Test
  void describeShowsTheUrl() {
    assertThat(source.describe()).isEqualTo(stack.jdbcUrl());
  }

  @Test
  void aClosedPortFailsWithinTheTimeoutNamingTheUrlWithoutThePassword() throws Exception {
    int closed = freePort();
    String url = "jdbc:postgresql://127.0.0.1:" + closed + "/bank?password=hunter2&sslmode=disable";
    try (PostgresHistorySource down = new PostgresHistorySource(url, "bank_etl", "hunter2")) {
      assertThat(down.describe())
          .isEqualTo(
              "jdbc:postgresql://127.0.0.1:" + closed + "/bank?password=***&sslmode=disable");
      long started = System.nanoTime();

      assertThatThrownBy(() -> down.amounts(RANGE))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("PostgreSQL at " + down.describe() + ": ")
          .hasMessageContaining("refused")
          .message()
          .doesNotContain("hunter2");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      assertThatThrownBy(() -> down.windows(RANGE, Dimension.TOTAL))
          .isInstanceOf(SourceUnavailableException.class);
      assertThatThrownBy(() -> down.transactions(new TransactionQuery(RANGE, "", false, 0, 10)))
          .isInstanceOf(SourceUnavailableException.class);
    }
  }

  @Test
  void aWrongPasswordIsUnavailableWithoutShowingIt() throws Exception {
    try (PostgresHistorySource refused =
        new PostgresHistorySource(stack.jdbcUrl(), stack.databaseUser(), "not-the-password")) {
      assertThatThrownBy(() -> refused.windows(RANGE, Dimension.TOTAL))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageStartingWith("PostgreSQL at " + stack.jdbcUrl() + ": ")
          .hasMessageContaining("password authentication failed")
          .message()
          .doesNotContain("not-the-password");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fixture

  /** One fixture transaction: its id and the values that the tests look for. */
  private record Row(UUID id) {}

  private static void insertFixture(Connection connection) throws SQLException {
    Duration minute = Duration.ofMinutes(1);
    // n, payer, receiver, UF, modality, event time, amount, reasons
    insert(connection, 1, 0, 1, "SP", "PIX", T0, "0.50");
    insert(connection, 2, 1, 2, "SP", "PIX", T0.plus(minute.multipliedBy(5)), "1.00");
    insert(connection, 3, 2, 3, "RJ", "TED", T0.plus(minute.multipliedBy(10)), "9.99", "SALDO");
    insert(connection, 4, 3, 0, "MG", "DOC", T0.plus(minute.multipliedBy(10)), "10.00");
    insert(
        connection,
        5,
        0,
        2,
        "RJ",
        "BOLETO",
        T0.plus(minute.multipliedBy(20)),
        "150.00",
        "LIMITE",
        "RISCO");
    insert(connection, 6, 4, 5, "SP", "PIX", T0.plus(minute.multipliedBy(30)), "150.00");
    insert(connection, 7, 5, 4, "SP", "TED", T0.plus(minute.multipliedBy(40)), "1000.00", "RISCO");
    insert(connection, 8, 1, 6, "BA", "TED", T0.plus(minute.multipliedBy(50)), "99999.99");
    insert(connection, 9, 7, 1, "SP", "TED", T_END.minusSeconds(1), "100000.00");
    insert(
        connection,
        10,
        3,
        5,
        "PR",
        "BOLETO",
        T_END.minusSeconds(1),
        "250000.00",
        "SALDO",
        "LIMITE");
    insert(connection, 11, 0, 1, "SP", "PIX", T_END, "5.00", "SALDO");
    insert(connection, 12, 0, 1, "SP", "PIX", T0.minusNanos(1_000), "5.00", "SALDO");
  }

  private static void insert(
      Connection connection,
      int n,
      int payer,
      int receiver,
      String region,
      String modality,
      Instant eventTime,
      String amount,
      String... reasons)
      throws SQLException {
    UUID id = UUID.fromString(String.format("a000000%x-0000-4000-8000-%012d", n, n));
    t[n] = new Row(id);
    try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSACTION)) {
      insert.setObject(1, id);
      insert.setObject(2, users.get(payer).id());
      insert.setObject(3, users.get(receiver).id());
      insert.setString(4, region);
      insert.setString(5, modality);
      insert.setObject(6, OffsetDateTime.ofInstant(eventTime, ZoneOffset.UTC));
      insert.setBigDecimal(7, new BigDecimal(amount));
      insert.setBoolean(8, reasons.length == 0);
      insert.setArray(9, connection.createArrayOf("text", reasons));
      insert.setBigDecimal(10, new BigDecimal(reasons.length == 0 ? "0.1000" : "0.8123"));
      insert.setLong(11, n);
      insert.setObject(12, OffsetDateTime.ofInstant(eventTime.plusMillis(290), ZoneOffset.UTC));
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  /**
   * 20,000 transactions a minute apart in 2025, between two users the tests never search for, so
   * that the planner has a table worth an index.
   */
  private static void insertBackground(Connection connection) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor,"
                + " id_regiao, modalidade_pagamento, data_horario, valor_transacao,"
                + " transacao_aprovada, motivos_rejeicao, score_risco, perfil_regras,"
                + " kafka_topico, kafka_particao, kafka_offset, horario_decisao)"
                + " SELECT md5('background' || g)::uuid, ?, ?, 'SP', 'PIX',"
                + " timestamptz '2025-01-01 00:00Z' + g * interval '1 minute', 10.00,"
                + " g % 10 <> 0,"
                + " CASE WHEN g % 10 = 0 THEN ARRAY['SALDO'] ELSE '{}'::text[] END,"
                + " 0.1, 'default', 'background', 1, g,"
                + " timestamptz '2025-01-01 00:00Z' + g * interval '1 minute'"
                + " FROM generate_series(1, 20000) AS g")) {
      insert.setObject(1, users.get(8).id());
      insert.setObject(2, users.get(9).id());
      assertThat(insert.executeUpdate()).isEqualTo(20_000);
    }
    try (Statement analyze = connection.createStatement()) {
      analyze.execute("ANALYZE transacoes");
    }
  }

  private static void writeWindowStatistics() throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(stack.jdbcUrl());
    dataSource.setUser(stack.databaseUser());
    dataSource.setPassword(stack.databasePassword());
    PostgresWindowStatsWriter writer =
        new PostgresWindowStatsWriter(
            dataSource,
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(10)));
    Instant second = T0.plusSeconds(60);
    int written =
        writer.write(
            List.of(
                pane(T0.minusSeconds(60), StatsKey.TOTAL, summary(1, "1.00"), "ON_TIME", 1),
                pane(
                    T0,
                    StatsKey.TOTAL,
                    new WindowSummary(
                        6,
                        4,
                        2,
                        new BigDecimal("123.45"),
                        new BigDecimal("100.00"),
                        Map.of("SALDO", 1L, "RISCO", 2L),
                        12.3,
                        45.6,
                        78.9),
                    "ON_TIME",
                    2),
                pane(T0, SP, summary(4, "100.00"), "ON_TIME", 2),
                pane(T0, RJ, summary(2, "23.45"), "LATE", 3),
                pane(T0, PIX, summary(6, "123.45"), "ON_TIME", 2),
                pane(second, StatsKey.TOTAL, summary(2, "20.00"), "ON_TIME", 1),
                pane(second, AC, summary(2, "20.00"), "ON_TIME", 1),
                // At the range's end: outside it.
                pane(T_END, StatsKey.TOTAL, summary(9, "9.00"), "ON_TIME", 1)));
    assertThat(written).isEqualTo(8);
    try (Connection connection = connect();
        PreparedStatement broken =
            connection.prepareStatement(
                "INSERT INTO estatisticas_janela (inicio_janela, fim_janela, dimensao,"
                    + " valor_dimensao, quantidade, aprovadas, rejeitadas, valor_total,"
                    + " valor_aprovado, rejeicoes_por_regra)"
                    + " VALUES (?, ?, 'modalidade', 'TED', 1, 0, 1, 1.00, 0, ?::jsonb)")) {
      broken.setObject(1, OffsetDateTime.ofInstant(T0.plusSeconds(120), ZoneOffset.UTC));
      broken.setObject(2, OffsetDateTime.ofInstant(T0.plusSeconds(180), ZoneOffset.UTC));
      broken.setString(3, "{\"SALDO\": \"one\"}");
      assertThat(broken.executeUpdate()).isEqualTo(1);
    }
  }

  private static WindowStats pane(
      Instant start, StatsKey key, WindowSummary summary, String timing, long paneIndex) {
    return new WindowStats(key, start, start.plusSeconds(60), summary, timing, paneIndex);
  }

  /** {@code count} approved transactions of {@code amount} in all, no latency. */
  private static WindowSummary summary(long count, String amount) {
    return new WindowSummary(
        count,
        count,
        0,
        new BigDecimal(amount),
        new BigDecimal(amount),
        Map.of(),
        null,
        null,
        null);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private List<String> page(String text, boolean onlyRejected, int page, int size)
      throws SourceUnavailableException {
    return page(text, onlyRejected, page, size, RANGE);
  }

  private List<String> page(String text, boolean onlyRejected, int page, int size, TimeRange range)
      throws SourceUnavailableException {
    return ids(source.transactions(new TransactionQuery(range, text, onlyRejected, page, size)));
  }

  private static List<String> ids(TransactionPage page) {
    return page.rows().stream().map(RecentTransaction::id).toList();
  }

  private static List<String> ids(int... numbers) {
    return Arrays.stream(numbers).mapToObj(n -> t[n].id().toString()).toList();
  }

  /** The first 13 characters of {@code id}: {@code 0b6a2f1e-1234}. */
  private static String prefix(UUID id) {
    return id.toString().substring(0, 13);
  }

  private static AmountBucket bucket(String lower, String upper, long approved, long rejected) {
    return new AmountBucket(
        new BigDecimal(lower), upper == null ? null : new BigDecimal(upper), approved, rejected);
  }

  private static String explainSearch(Connection connection, TransactionQuery query)
      throws SQLException {
    try (PreparedStatement explain =
        connection.prepareStatement("EXPLAIN " + PostgresHistorySource.transactionsSql(query))) {
      PostgresHistorySource.bindTransactions(explain, query);
      return plan(explain);
    }
  }

  private static String plan(PreparedStatement explain) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (ResultSet rows = explain.executeQuery()) {
      while (rows.next()) {
        lines.add(rows.getString(1));
      }
    }
    return String.join("\n", lines);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
