package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.LedgerAudit;
import io.bankstream.model.net.LoopbackPorts;
import io.bankstream.pipeline.StackHarness.Produced;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.options.PipelineSettings;
import io.bankstream.pipeline.report.PipelineStatus;
import io.bankstream.pipeline.report.Reports;
import io.bankstream.pipeline.report.StatusReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;

/**
 * Live traffic through the pipeline while the Kafka broker goes away: stopped for 30 seconds, then
 * back on the same port and log directory; then restarted twice in quick succession. On the
 * DirectRunner and on Flink embedded, each test doing both in one run on a stack of its own. Every
 * record the producer had acknowledged ends in exactly one of {@code transacoes} and {@code
 * dead_letters} (by partition and offset, none twice, none that was not acknowledged), the ledger
 * holds, the pipeline decides again by itself after each outage, and the outage is reported: one
 * WARN line when the status' end offsets query stops being answered and one when it is answered
 * again, the status line's lag "? (Kafka unreachable for ...)", and the metrics {@code
 * bankstream_kafka_unreachable_seconds} and {@code bankstream_kafka_outages_total}.
 */
class KafkaOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(30);
  // A bound that only stops a hung run; how fast is for bench/, not for this test.
  private static final Duration DEADLINE = Duration.ofMinutes(5);
  private static final Pattern UNREACHABLE =
      Pattern.compile("WARN .*Kafka at (\\S+) unreachable for \\d+ s \\(");
  private static final Pattern REACHABLE =
      Pattern.compile("WARN .*Kafka at (\\S+) reachable again after (\\d+) s");

  @Test
  void theDirectRunnerRidesOutAKafkaOutageAndTwoQuickRestarts() throws Exception {
    ridesOutKafkaOutages(
        "kafka-outage-direct", 20, (harness, group) -> harness.startPipeline(group));
  }

  @Test
  void flinkRidesOutAKafkaOutageAndTwoQuickRestarts() throws Exception {
    ridesOutKafkaOutages(
        "kafka-outage-flink", 50, (harness, group) -> harness.startPipelineOnFlink(group));
  }

  /** Starts the pipeline against a harness's stack, reading as a group. */
  private interface Starter {
    PipelineResult start(StackHarness harness, String group);
  }

  private static void ridesOutKafkaOutages(String group, int perSecond, Starter starter)
      throws Exception {
    try (LocalStack stack = LocalStack.start()) {
      StackHarness harness = new StackHarness(stack);
      List<UserProfile> users = harness.seedUsers(2_000, 19);
      int metricsPort = LoopbackPorts.pickFree().orElseThrow();
      BankstreamOptions options =
          harness.options(group, "--metricsPort=" + metricsPort, "--statusEverySeconds=2");
      // The pipeline's own report, as `./bankstream pipeline` starts it beside the pipeline; on a
      // fresh stack every record of the topic is this run's.
      PipelineStatus status = Reports.open(options, PipelineSettings.from(options), Map.of());
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      StatusReporter reporter =
          Reports.start(
              options,
              status,
              new PrintStream(StackHarness.tee(System.out, printed), true, StandardCharsets.UTF_8));
      PrintStream originalErr = System.err;
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      // The pipeline logs to System.err (slf4j-simple looks the stream up on every line).
      System.setErr(
          new PrintStream(StackHarness.tee(originalErr, log), true, StandardCharsets.UTF_8));
      PipelineResult pipeline = null;
      Produced produced;
      try {
        pipeline = starter.start(harness, group);
        produced = rideOut(harness, users, perSecond, metricsPort, log, pipeline);
      } finally {
        if (pipeline != null) {
          pipeline.cancel();
        }
        reporter.stop();
        System.setErr(originalErr);
      }
      String logged = log.toString(StandardCharsets.UTF_8);
      System.out.printf(
          "KafkaOutageIT %s: %,d records acknowledged and stored once; the report's lines:%n%s",
          group,
          produced.acknowledgedOffsets().size(),
          logged
              .lines()
              .filter(line -> UNREACHABLE.matcher(line).find() || REACHABLE.matcher(line).find())
              .map(line -> "  " + line + "\n")
              .reduce("", String::concat));
      assertThat(matches(UNREACHABLE, logged, 1))
          .as("one line when Kafka stops answering, one when it answers again")
          .isNotEmpty()
          .hasSameSizeAs(matches(REACHABLE, logged, 1))
          .allMatch(address -> address.equals(stack.kafkaBootstrapServers()));
      assertThat(matches(REACHABLE, logged, 2))
          .as("seconds unreachable, one of them the 30 s outage")
          .anyMatch(seconds -> Integer.parseInt(seconds) >= OUTAGE.toSeconds() - 5);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .as("status lines")
          .containsPattern("\\| lag \\? \\(Kafka unreachable for \\d+s\\) \\|");
    }
  }

  /**
   * Produces live traffic through (a) and (b), then checks every acknowledged record is stored
   * once, the ledger and the metrics; returns what was produced.
   */
  private static Produced rideOut(
      StackHarness harness,
      List<UserProfile> users,
      int perSecond,
      int metricsPort,
      ByteArrayOutputStream log,
      PipelineResult pipeline)
      throws Exception {
    LocalStack stack = harness.stack();
    AtomicBoolean stopProducing = new AtomicBoolean();
    CompletableFuture<Produced> producing =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return harness.produceUntil(
                    StackHarness.liveTraffic(users, 23), perSecond, stopProducing::get);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    Produced produced;
    try {
      awaitRows(harness, 5L * perSecond, pipeline);

      // (a) The broker gone for 30 seconds while the producer goes on.
      long outageStart = System.nanoTime();
      stack.stopKafka();
      StackHarness.awaitUntil(
          OUTAGE,
          "bankstream_kafka_unreachable_seconds above 0 during the outage",
          () -> unreachableSeconds(metricsPort) > 0,
          () -> MetricsEndpointIT.scrape(metricsPort));
      long left = outageStart + OUTAGE.toNanos() - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left); // The outage itself, not a wait for a condition.
      }
      stack.startKafka();
      long atReturn = harness.count("SELECT count(*) FROM transacoes");
      awaitRows(harness, atReturn + 5L * perSecond, pipeline);
      StackHarness.awaitUntil(
          DEADLINE,
          "the report's line that Kafka is reachable again",
          () -> REACHABLE.matcher(log.toString(StandardCharsets.UTF_8)).find(),
          () -> harness.progress(pipeline));

      // (b) Restarted twice in quick succession.
      stack.stopKafka();
      stack.startKafka();
      stack.stopKafka();
      stack.startKafka();
      long afterRestarts = harness.count("SELECT count(*) FROM transacoes");
      awaitRows(harness, afterRestarts + 5L * perSecond, pipeline);
    } finally {
      stopProducing.set(true);
      produced = producing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(produced.failed())
        .as("sends that failed (last: %s)", produced.lastFailure())
        .isZero();
    harness.awaitEveryRecordStored(DEADLINE, produced, pipeline);
    List<String> stored =
        harness.strings(
            "SELECT kafka_particao || '@' || kafka_offset FROM transacoes UNION ALL"
                + " SELECT kafka_partition || '@' || kafka_offset FROM dead_letters");
    assertThat(duplicates(stored)).as("records stored twice").isEmpty();
    assertThat(new HashSet<>(stored))
        .as("stored records against the acknowledged ones")
        .isEqualTo(produced.acknowledgedOffsets());
    try (Connection connection = harness.connect()) {
      LedgerAudit ledger = LedgerAudit.of(connection, users);
      assertThat(ledger.holds()).as("ledger %s", ledger).isTrue();
    }
    StackHarness.awaitUntil(
        DEADLINE,
        "bankstream_kafka_unreachable_seconds back to 0",
        () -> unreachableSeconds(metricsPort) == 0,
        () -> MetricsEndpointIT.scrape(metricsPort));
    assertThat(
            MetricsEndpointIT.sum(
                MetricsEndpointIT.scrape(metricsPort), "bankstream_kafka_outages_total"))
        .as("outages counted")
        .isGreaterThanOrEqualTo(1);
    return produced;
  }

  private static double unreachableSeconds(int metricsPort) {
    return MetricsEndpointIT.sum(
        MetricsEndpointIT.scrape(metricsPort), "bankstream_kafka_unreachable_seconds");
  }

  /** Group {@code group} of every match of {@code pattern} in {@code text}. */
  private static List<String> matches(Pattern pattern, String text, int group) {
    Matcher matcher = pattern.matcher(text);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }

  private static Set<String> duplicates(List<String> values) {
    Set<String> seen = new HashSet<>();
    Set<String> twice = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value)) {
        twice.add(value);
      }
    }
    return twice;
  }

  private static void awaitRows(StackHarness harness, long rows, PipelineResult pipeline)
      throws InterruptedException {
    StackHarness.awaitUntil(
        DEADLINE,
        rows + " rows in transacoes",
        () -> harness.count("SELECT count(*) FROM transacoes") >= rows,
        () -> harness.progress(pipeline));
  }
}
