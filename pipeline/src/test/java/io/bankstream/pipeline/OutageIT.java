package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.UserProfile;
import io.bankstream.model.db.LedgerAudit;
import io.bankstream.pipeline.StackHarness.Produced;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live traffic through the pipeline (Flink embedded) while PostgreSQL goes away for 30 seconds, and
 * then Redis for 30 seconds. The sinks retry with backoff, say so in WARN lines (each failed
 * attempt, and the one that succeeds with how long the outage lasted) and in their {@code retries}
 * metric, and catch up: every valid record ends in {@code transacoes} and every malformed one in
 * {@code dead_letters}, the ledger holds, and every window in Redis and in {@code
 * estatisticas_janela} equals SQL over {@code transacoes}.
 */
class OutageIT {

  private static final int RECORDS = 16_000;
  private static final int PER_SECOND = 200;
  private static final int WINDOW_SECONDS = 10;
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  // A bound that only stops a hung run (Flink embedded decides thousands of records a second
  // here); how fast is for bench/, not for this test.
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  private static final WindowStatistics statistics = new WindowStatistics(harness, WINDOW_SECONDS);

  @Test
  void retriesThroughPostgresAndRedisOutagesAndCatchesUpLosingNothing() throws Exception {
    List<UserProfile> users = harness.seedUsers(10_000, 61);
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // The pipeline logs to System.err (slf4j-simple looks the stream up on every line).
    System.setErr(
        new PrintStream(StackHarness.tee(originalErr, log), true, StandardCharsets.UTF_8));
    PipelineResult pipeline =
        harness.startPipelineOnFlink(
            "outage-it", "--windowSeconds=" + WINDOW_SECONDS, "--earlyFiringSeconds=1");
    try {
      CompletableFuture<Produced> producing =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return harness.produce(StackHarness.liveTraffic(users, 67), RECORDS, PER_SECOND);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      awaitRows(1_000, pipeline);
      long beforePostgres = harness.count("SELECT count(*) FROM transacoes");
      harness.stack().stopPostgres();
      TimeUnit.SECONDS.sleep(OUTAGE.toSeconds()); // The outage itself, not a wait for a condition.
      harness.stack().startPostgres();
      awaitRows(beforePostgres + 1_000, pipeline);

      harness.stack().stopRedis();
      TimeUnit.SECONDS.sleep(OUTAGE.toSeconds()); // The outage itself.
      harness.stack().startRedis();

      Produced produced = producing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      harness.awaitEveryRecordStored(DEADLINE, produced, pipeline);
      Map<String, WindowStatistics.Aggregate> truth = statistics.truth();
      StackHarness.awaitUntil(
          DEADLINE,
          "estatisticas_janela and the Redis hashes equal SQL over transacoes",
          () -> statistics.differences(truth).isEmpty(),
          () -> harness.progress(pipeline) + "\n" + statistics.differences(truth));

      Map<String, Long> retries = StackHarness.retriesByStep(pipeline);
      System.out.println("OutageIT: retries by step " + retries);
      assertThat(retries)
          .as("retries by step")
          .anySatisfy((step, n) -> assertThat(step + " " + n).matches("WriteDecisions.* [1-9]\\d*"))
          .anySatisfy((step, n) -> assertThat(step + " " + n).matches(".*Redis.* [1-9]\\d*"));
    } finally {
      pipeline.cancel();
      System.setErr(originalErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .as("the log reports the outages and the recoveries")
        .containsPattern("write \\d+ decisions failed on attempt \\d+ \\(SQLState")
        .containsPattern("write \\d+ decisions succeeded on attempt \\d+, \\d+ ms after")
        .containsPattern("failed on attempt \\d+: .*; retrying in \\d+ ms")
        .containsPattern("succeeded on attempt \\d+, \\d+ ms after");
    try (Connection connection = harness.connect()) {
      LedgerAudit ledger = LedgerAudit.of(connection, users);
      assertThat(ledger.holds()).as("ledger %s", ledger).isTrue();
    }
  }

  private static void awaitRows(long rows, PipelineResult pipeline) throws InterruptedException {
    StackHarness.awaitUntil(
        DEADLINE,
        rows + " rows in transacoes",
        () -> harness.count("SELECT count(*) FROM transacoes") >= rows,
        () -> harness.progress(pipeline));
  }
}
