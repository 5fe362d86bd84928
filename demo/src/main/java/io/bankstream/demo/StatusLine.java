package io.bankstream.demo;

import io.bankstream.localstack.LocalStack;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.Jedis;

/**
 * The demo's status line: seconds since start, records produced, decided (and the share approved),
 * dead letters, the pipeline group's lag, and the size of Redis; read from Kafka, PostgreSQL and
 * Redis of {@code stack} each time it is printed.
 */
final class StatusLine {

  private final LocalStack stack;
  private final String consumerGroup;
  private final long startNanos = System.nanoTime();

  StatusLine(LocalStack stack, String consumerGroup) {
    this.stack = stack;
    this.consumerGroup = consumerGroup;
  }

  /** Prints one status line to {@code out}; a source that does not answer is said so. */
  void print(PrintWriter out) {
    try {
      long[] kafka = producedAndLag();
      try (Connection connection =
              DriverManager.getConnection(
                  stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT (SELECT count(*) FROM transacoes),"
                      + " (SELECT count(*) FILTER (WHERE transacao_aprovada) FROM transacoes),"
                      + " (SELECT count(*) FROM dead_letters)")) {
        row.next();
        long decided = row.getLong(1);
        out.printf(
            "[%5ds] produced %,d | decided %,d (approved %.1f%%) | dead letters %,d | lag %,d"
                + " | redis %s%n",
            (System.nanoTime() - startNanos) / 1_000_000_000L,
            kafka[0],
            decided,
            decided == 0 ? 0.0 : 100.0 * row.getLong(2) / decided,
            row.getLong(3),
            kafka[1],
            redisSize());
      }
    } catch (SQLException | RuntimeException | InterruptedException | ExecutionException e) {
      out.printf("status unavailable: %s%n", e.getMessage());
    }
    out.flush();
  }

  /** How many keys Redis holds and the memory it uses: both level off once keys expire. */
  private String redisSize() {
    try (Jedis redis = new Jedis(stack.redisHost(), stack.redisPort())) {
      if (stack.redisPassword() != null) {
        redis.auth(stack.redisPassword());
      }
      String memory =
          redis
              .info("memory")
              .lines()
              .filter(line -> line.startsWith("used_memory_human:"))
              .map(line -> line.substring("used_memory_human:".length()))
              .findFirst()
              .orElse("?");
      return String.format("%,d keys, %s", redis.dbSize(), memory);
    }
  }

  /** Records in the topic, and how many the pipeline's consumer group has not committed. */
  private long[] producedAndLag() throws InterruptedException, ExecutionException {
    Map<String, Object> config = new HashMap<>(stack.kafkaClientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    try (Admin admin = Admin.create(config)) {
      Set<TopicPartition> partitions =
          IntStream.range(0, stack.partitions())
              .mapToObj(p -> new TopicPartition(stack.topic(), p))
              .collect(Collectors.toSet());
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(consumerGroup)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      long produced = 0;
      long lag = 0;
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition).offset();
        produced += end;
        OffsetAndMetadata done = committed.get(partition);
        lag += end - (done == null ? 0 : done.offset());
      }
      return new long[] {produced, lag};
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer", e);
    }
  }
}
