package io.bankstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.app.Dashboard;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.BankstreamPipeline;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import redis.clients.jedis.Jedis;

/**
 * The dashboard, headless, on the real sources after a real run: the pipeline (DirectRunner)
 * decides 3,000 live transactions on the local stack and writes its statistics; then the window
 * opens on that Redis and PostgreSQL, and its charts must hold the numbers that Redis and SQL give
 * for the same windows.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardIT {

  private static final int RECORDS = 3_000;
  private static final int PER_SECOND = 300;
  private static final int WINDOW_SECONDS = 10;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private static LocalStack stack;
  private static int valid;
  private Dashboard dashboard;

  @BeforeAll
  static void runThePipeline() throws Exception {
    stack = LocalStack.start();
    List<UserProfile> users = new UserGenerator(new Random(41)).generate(2_000, Instant.now());
    try (Connection connection = connect()) {
      UserProfiles.insertAll(connection, users);
    }
    PipelineResult pipeline = BankstreamPipeline.run(pipelineOptions());
    try {
      valid = produce(users);
      awaitUntil(
          "every transaction decided and counted in the windows of estatisticas_janela",
          () ->
              count("SELECT count(*) FROM transacoes") == valid
                  && count(
                          "SELECT coalesce(sum(quantidade), 0) FROM estatisticas_janela"
                              + " WHERE dimensao = 'total'")
                      == valid);
    } finally {
      pipeline.cancel();
    }
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Start
  void start(Stage stage) {
    dashboard = StackDashboards.start(stage, stack);
  }

  @AfterEach
  void close() throws Exception {
    dashboard.closeAsync().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theLiveChartsHoldWhatRedisHolds(FxRobot robot) throws Exception {
    String newest;
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      newest = redis.zrevrange(RedisKeys.DEFAULT.windows(), 0, 0).get(0);
    }
    Map<String, Long> perUf = redisCounts(newest, "regiao:", "count");
    Map<String, Long> approvedPerModality = redisCounts(newest, "modalidade:", "approved");
    Map<String, Long> rejectedPerModality = redisCounts(newest, "modalidade:", "rejected");
    assertThat(perUf).as("UFs with transactions in the newest window").hasSizeGreaterThan(10);

    awaitUntil(
        "the live UF chart shows the newest window",
        () -> withoutZeros(bars(robot, "#liveRegionChart", 0)).equals(perUf));
    // Zero bars left out on both sides: the Redis side lists only groups with a count.
    assertThat(withoutZeros(bars(robot, "#liveModalityChart", 0))).isEqualTo(approvedPerModality);
    assertThat(withoutZeros(bars(robot, "#liveModalityChart", 1))).isEqualTo(rejectedPerModality);
    assertThat(onFx(() -> robot.lookup("#liveStatus").queryLabeled().getText()))
        .contains("connected");
  }

  @Test
  void theHistoryChartsHoldWhatSqlGives(FxRobot robot) throws Exception {
    Map<String, Long> perUf = sqlCounts("SELECT id_regiao, count(*) FROM transacoes GROUP BY 1");
    Map<String, Long> perRule =
        sqlCounts(
            "SELECT code, count(*) FROM transacoes, unnest(motivos_rejeicao) AS code GROUP BY 1");
    Map<String, Long> approvedPerModality =
        sqlCounts(
            "SELECT modalidade_pagamento, count(*) FROM transacoes WHERE transacao_aprovada"
                + " GROUP BY 1");
    assertThat(
            sqlCounts(
                "SELECT valor_dimensao, sum(quantidade) FROM estatisticas_janela"
                    + " WHERE dimensao = 'regiao' GROUP BY 1"))
        .as("the window history agrees with transacoes")
        .isEqualTo(perUf);

    awaitUntil(
        "the history's UF chart shows every transaction of the run",
        () -> bars(robot, "#historyRegionChart", 0).equals(perUf));
    assertThat(bars(robot, "#historyRulesChart", 0)).isEqualTo(perRule);
    assertThat(withoutZeros(bars(robot, "#historyModalityChart", 0)))
        .isEqualTo(approvedPerModality);
    long amountBars =
        bars(robot, "#historyAmountChart", 0).values().stream().mapToLong(Long::longValue).sum()
            + bars(robot, "#historyAmountChart", 1).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    assertThat(amountBars).as("transactions in the amount distribution").isEqualTo(valid);
  }

  /** Category to value of series {@code series} of the chart {@code id}, read on the FX thread. */
  private static Map<String, Long> bars(FxRobot robot, String id, int series) {
    return onFx(
        () -> {
          XYChart<String, Number> chart = robot.lookup(id).query();
          Map<String, Long> bars = new TreeMap<>();
          if (chart.getData().size() > series) {
            for (XYChart.Data<String, Number> bar : chart.getData().get(series).getData()) {
              bars.put(bar.getXValue(), bar.getYValue().longValue());
            }
          }
          return bars;
        });
  }

  private static Map<String, Long> withoutZeros(Map<String, Long> bars) {
    Map<String, Long> kept = new TreeMap<>(bars);
    kept.values().removeIf(value -> value == 0);
    return kept;
  }

  private static <T> T onFx(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code field} of each group hash of the window starting at {@code start}, by group value. */
  private static Map<String, Long> redisCounts(String start, String group, String field) {
    Map<String, Long> counts = new TreeMap<>();
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      String prefix = RedisKeys.DEFAULT.statsPrefix(Instant.ofEpochMilli(Long.parseLong(start)));
      for (String key : redis.keys(prefix + group + "*")) {
        long value = Long.parseLong(redis.hget(key, field));
        if (value > 0) {
          counts.put(key.substring((prefix + group).length()), value);
        }
      }
    }
    return counts;
  }

  private static BankstreamOptions pipelineOptions() {
    BankstreamOptions options =
        PipelineOptionsFactory.fromArgs(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--topic=" + stack.topic(),
                "--consumerGroup=dashboard-it",
                "--jdbcUrl=" + stack.jdbcUrl(),
                "--dbUser=" + stack.databaseUser(),
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort(),
                "--windowSeconds=" + WINDOW_SECONDS,
                "--earlyFiringSeconds=1")
            .as(BankstreamOptions.class);
    options.setRunner(DirectRunner.class);
    options.as(DirectOptions.class).setEnforceImmutability(false);
    options.as(DirectOptions.class).setEnforceEncodability(false);
    return options;
  }

  /** Publishes live traffic (event times of now), no malformed records; returns how many. */
  private static int produce(List<UserProfile> users) throws InterruptedException {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    TransactionGenerator generator =
        new TransactionGenerator(
            sorted,
            TrafficModel.defaults(),
            EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(43)),
            new Random(47),
            0.05,
            0.0);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      // Start half a window into a window: the 10 s of traffic then end half a window into a
      // later one, so the newest window holds about half a window of it, never a last handful
      // (a run that ended just past a window boundary left 15 transactions in 8 UFs there).
      long windowMillis = TimeUnit.SECONDS.toMillis(WINDOW_SECONDS);
      long phase = Math.floorMod(System.currentTimeMillis(), windowMillis);
      TimeUnit.MILLISECONDS.sleep(Math.floorMod(windowMillis / 2 - phase, windowMillis)); // Pacing.
      long start = System.nanoTime();
      for (int i = 0; i < RECORDS; i++) {
        long wait = start + TimeUnit.SECONDS.toNanos(i) / PER_SECOND - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // Pacing the producer, not waiting for a condition.
        }
        GeneratedRecord record = generator.next();
        producer.send(new ProducerRecord<>(stack.topic(), record.key(), record.value()));
      }
      producer.flush();
    }
    return RECORDS;
  }

  private static void awaitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within " + DEADLINE + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(250); // Polling the condition, bounded by the deadline.
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static long count(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Map<String, Long> sqlCounts(String sql) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }
}
