package io.bankstream.demo;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.localstack.LocalStack;
import io.bankstream.pipeline.report.PipelineStatus;
import io.bankstream.pipeline.report.StatusFormat;
import io.bankstream.pipeline.report.StatusSnapshot;
import java.io.PrintWriter;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The demo's status line: the pipeline's own ({@link StatusFormat}: decided, approved share, dead
 * letters, lag, rules version, write p99), read from what was written the same way on every runner
 * ({@link PipelineStatus}), followed by the size of Redis. Opened before the producer and the
 * pipeline start, on the demo's fresh stack: every record of the topic is this run's.
 */
final class StatusLine implements AutoCloseable {

  private final LocalStack stack;
  private final PipelineStatus status;
  private StatusSnapshot last;

  StatusLine(LocalStack stack) {
    this.stack = stack;
    this.status =
        PipelineStatus.open(
            new PipelineStatus.Target(
                stack.kafkaBootstrapServers(),
                Map.copyOf(stack.kafkaClientProperties()),
                stack.topic(),
                "earliest",
                new PostgresConfig(
                    stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword(), 1)),
            Map.of());
  }

  /** Prints one status line to {@code out}; a source that does not answer is said so. */
  void print(PrintWriter out) {
    try {
      last = status.snapshot();
      out.printf("%s | redis %s%n", StatusFormat.line(last), redisSize());
    } catch (RuntimeException e) {
      out.printf("status unavailable: %s%n", e.getMessage());
    }
    out.flush();
  }

  /** Prints the run's summary: a last snapshot, or the one before when the stack is gone. */
  void summary(PrintWriter out) {
    try {
      last = status.snapshot();
    } catch (RuntimeException e) {
      // The last status line's numbers.
    }
    if (last != null) {
      out.println(StatusFormat.summary(last));
      out.flush();
    }
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

  @Override
  public void close() {
    status.close();
  }
}
