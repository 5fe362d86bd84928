package io.bankstream.pipeline.report;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.stats.LatencyHistogram;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pipeline's status, read from what it wrote, the same way on every runner: {@link
 * #snapshot} reads the topic's end offsets (Kafka's Admin) and the rows written since the last
 * snapshot (PostgreSQL), and returns a {@link StatusSnapshot}. The lag is what the database does
 * not hold yet: per partition, the end offset minus the offsets written in {@code transacoes} or
 * {@code dead_letters} since the run's starting offsets, kept per partition by a {@link
 * PartitionProgress}. Not the consumer group's committed offsets: Flink commits them only when a
 * checkpoint completes, so their lag stood in the thousands while records were written within tens
 * of milliseconds.
 *
 * <p>Cost: each snapshot reads, per partition, only the rows at or above the partition's watermark
 * (the first offset not written yet) through the Kafka offset indexes ({@code
 * transacoes_kafka_offset_idx}, the unique key of {@code dead_letters}): the rows written since the
 * previous snapshot and those still waiting above a gap, whatever the size of the tables.
 *
 * <p>Not thread-safe: one thread takes the snapshots (the {@link StatusReporter}'s, or the demo's).
 */
public final class PipelineStatus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineStatus.class);

  /** How long PostgreSQL may take to answer one query of a snapshot. */
  static final int QUERY_TIMEOUT_SECONDS = 5;

  /** How long Kafka may take to answer one request of a snapshot. */
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

  private static final String TRANSACTIONS_FROM =
      """
      SELECT kafka_offset, transacao_aprovada, motivos_rejeicao,
             EXTRACT(EPOCH FROM horario_gravacao - horario_kafka) * 1000 AS write_ms
        FROM transacoes
       WHERE kafka_topico = ? AND kafka_particao = ? AND kafka_offset >= ?
      """;

  private static final String DEAD_LETTERS_FROM =
      """
      SELECT kafka_offset, reason FROM dead_letters
       WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset >= ?
      """;

  private static final String RULES_VERSION =
      "SELECT coalesce(max(versao), 0) FROM versoes_regras WHERE vigente_desde <= now()";

  /**
   * Where the pipeline reads and writes.
   *
   * @param bootstrapServers Kafka's bootstrap servers
   * @param kafkaClientConfig the client settings of {@code --kafkaConfigFile}, may be empty
   * @param topic the topic of transactions
   * @param startFrom {@code earliest} or {@code latest}: where a partition without a starting
   *     offset is read from
   * @param postgres the pipeline's database
   */
  public record Target(
      String bootstrapServers,
      Map<String, Object> kafkaClientConfig,
      String topic,
      String startFrom,
      PostgresConfig postgres) {

    public Target {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      kafkaClientConfig = Map.copyOf(kafkaClientConfig);
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(startFrom, "startFrom");
      Objects.requireNonNull(postgres, "postgres");
    }
  }

  private final Target target;
  private final Map<TopicPartition, Long> startOffsets;
  private final Admin admin;
  private final Reachability kafka;
  private final long startNanos = System.nanoTime();
  private final Map<Integer, PartitionProgress> partitions = new TreeMap<>();
  private final Map<String, Long> rejectionsByRule = new TreeMap<>();
  private final Map<String, Long> deadLettersByReason = new TreeMap<>();
  private final LatencyHistogram runLatency = new LatencyHistogram();
  private DoubleConsumer latencyListener = millis -> {};
  private Connection connection;
  private boolean baseline = true;
  private long approved;
  private long rejected;
  private long deadLetters;
  private long previousWritten;
  private long previousNanos;

  private PipelineStatus(Target target, Map<TopicPartition, Long> startOffsets) {
    this.target = target;
    this.startOffsets = Map.copyOf(startOffsets);
    Map<String, Object> config = new HashMap<>(target.kafkaClientConfig());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "bankstream-status");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    this.admin = Admin.create(config);
    this.kafka = new Reachability("Kafka at " + target.bootstrapServers());
  }

  /**
   * The status of the pipeline of {@code target} that reads each partition from {@code
   * startOffsets} (where it resumes: every record below is in the database; a partition not named
   * starts from {@code target.startFrom()}). Rows already written at or above those offsets count
   * as written before the run: open this before the pipeline starts, so that what it writes is
   * counted. Never throws for a service that does not answer: the next snapshot tries again.
   */
  public static PipelineStatus open(Target target, Map<TopicPartition, Long> startOffsets) {
    PipelineStatus status = new PipelineStatus(target, startOffsets);
    try {
      status.snapshot();
    } catch (StatusUnavailableException e) {
      // The first snapshot that can read is the baseline.
    }
    return status;
  }

  /** Called with the write latency, in milliseconds, of every row first seen (Prometheus). */
  public void onWriteLatency(DoubleConsumer listener) {
    this.latencyListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Reads what was written since the last snapshot and the topic's end offsets. Kafka not answering
   * leaves the lag unknown and is logged once, as is its return ({@link Reachability}).
   *
   * @throws StatusUnavailableException when PostgreSQL does not answer, or Kafka before the topic's
   *     partitions are known; what was read before stays, and the next snapshot goes on from there
   */
  public StatusSnapshot snapshot() {
    Map<TopicPartition, ListOffsetsResultInfo> ends = null;
    long asked = System.nanoTime();
    try {
      if (partitions.isEmpty()) {
        discoverPartitions();
      }
      ends = endOffsets(OffsetSpec.latest());
      kafka.answered(System.nanoTime()).ifPresent(LOG::warn);
    } catch (StatusUnavailableException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ExecutionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      kafka.failed(asked, System.nanoTime(), cause).ifPresent(LOG::warn);
      if (partitions.isEmpty()) {
        throw e;
      }
    }
    LatencyHistogram period = new LatencyHistogram();
    int version;
    try {
      Connection database = connection();
      for (Map.Entry<Integer, PartitionProgress> entry : partitions.entrySet()) {
        readWritten(database, entry.getKey(), entry.getValue(), period);
      }
      try (Statement statement = database.createStatement()) {
        statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        try (ResultSet row = statement.executeQuery(RULES_VERSION)) {
          row.next();
          version = row.getInt(1);
        }
      }
    } catch (SQLException e) {
      closeConnection();
      throw new StatusUnavailableException(
          "PostgreSQL at "
              + target.postgres().jdbcUrlRedacted()
              + " did not answer: "
              + PostgresConfig.redact(e.getMessage()),
          e);
    }
    Double rate = periodRate(baseline);
    baseline = false;
    OptionalLong lag = ends == null ? OptionalLong.empty() : lag(ends);
    return new StatusSnapshot(
        Duration.ofNanos(System.nanoTime() - startNanos),
        approved,
        rejected,
        deadLetters,
        rate,
        lag,
        version,
        period.percentile(0.99),
        runLatency.percentile(0.99),
        rejectionsByRule,
        deadLettersByReason,
        kafka.unreachableFor(System.nanoTime()),
        kafka.outages());
  }

  private OptionalLong lag(Map<TopicPartition, ListOffsetsResultInfo> ends) {
    long lag = 0;
    for (Map.Entry<Integer, PartitionProgress> entry : partitions.entrySet()) {
      ListOffsetsResultInfo end = ends.get(new TopicPartition(target.topic(), entry.getKey()));
      lag += end == null ? 0 : entry.getValue().lag(end.offset());
    }
    return OptionalLong.of(lag);
  }

  /**
   * Rows written per second since the previous snapshot that read the database; null for the
   * baseline, whose rows were written before the run.
   */
  private Double periodRate(boolean isBaseline) {
    long now = System.nanoTime();
    long written = approved + rejected + deadLetters;
    Double rate =
        isBaseline || previousNanos == 0 || now == previousNanos
            ? null
            : (written - previousWritten) * 1e9 / (now - previousNanos);
    previousWritten = written;
    previousNanos = now;
    return rate;
  }

  private void readWritten(
      Connection database, int partition, PartitionProgress progress, LatencyHistogram period)
      throws SQLException {
    long from = progress.watermark();
    try (PreparedStatement statement = database.prepareStatement(TRANSACTIONS_FROM)) {
      bind(statement, partition, from);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          if (progress.add(row.getLong(1)) && !baseline) {
            countDecision(row.getBoolean(2), row.getArray(3), row.getObject(4), period);
          }
        }
      }
    }
    try (PreparedStatement statement = database.prepareStatement(DEAD_LETTERS_FROM)) {
      bind(statement, partition, from);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          if (progress.add(row.getLong(1)) && !baseline) {
            deadLetters++;
            deadLettersByReason.merge(row.getString(2), 1L, Long::sum);
          }
        }
      }
    }
  }

  private void bind(PreparedStatement statement, int partition, long from) throws SQLException {
    statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    statement.setString(1, target.topic());
    statement.setInt(2, partition);
    statement.setLong(3, from);
  }

  private void countDecision(
      boolean isApproved, Array reasons, Object writeMillis, LatencyHistogram period)
      throws SQLException {
    if (isApproved) {
      approved++;
    } else {
      rejected++;
      for (Object rule : (Object[]) reasons.getArray()) {
        rejectionsByRule.merge(rule.toString(), 1L, Long::sum);
      }
    }
    if (writeMillis instanceof Number millis) {
      double value = Math.max(0, millis.doubleValue());
      period.record(value);
      runLatency.record(value);
      latencyListener.accept(value);
    }
  }

  private void discoverPartitions() {
    List<Integer> found;
    try {
      found =
          admin
              .describeTopics(List.of(target.topic()))
              .allTopicNames()
              .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(target.topic())
              .partitions()
              .stream()
              .map(info -> info.partition())
              .toList();
    } catch (ExecutionException | TimeoutException e) {
      throw kafkaUnavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw kafkaUnavailable(e);
    }
    OffsetSpec spec =
        target.startFrom().equals("latest") ? OffsetSpec.latest() : OffsetSpec.earliest();
    Map<TopicPartition, ListOffsetsResultInfo> defaults = endOffsets(spec, found);
    for (int partition : found) {
      TopicPartition key = new TopicPartition(target.topic(), partition);
      Long start = startOffsets.get(key);
      long from = start != null ? start : defaults.get(key).offset();
      partitions.put(partition, new PartitionProgress(from));
    }
  }

  private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(OffsetSpec spec) {
    return endOffsets(spec, List.copyOf(partitions.keySet()));
  }

  private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(OffsetSpec spec, List<Integer> of) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int partition : of) {
      request.put(new TopicPartition(target.topic(), partition), spec);
    }
    try {
      return admin.listOffsets(request).all().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw kafkaUnavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw kafkaUnavailable(e);
    }
  }

  private StatusUnavailableException kafkaUnavailable(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new StatusUnavailableException(
        "Kafka at "
            + target.bootstrapServers()
            + " did not answer for topic "
            + target.topic()
            + ": "
            + cause,
        e);
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = target.postgres().connect();
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Already broken: the next snapshot opens a new one.
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
    admin.close(Duration.ofSeconds(1));
  }

  /** Kafka or PostgreSQL did not answer a snapshot; the message names which and where. */
  public static final class StatusUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StatusUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
