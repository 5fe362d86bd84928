package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.postgres.DecisionWriter;
import io.bankstream.model.UserProfile;
import io.bankstream.producer.fuzz.FuzzedTraffic;
import io.bankstream.producer.fuzz.Fuzzer;
import io.bankstream.producer.fuzz.Mutation;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input at scale: at least 10,000 records from the producer's {@link Fuzzer} (every {@link
 * Mutation}) mixed with 5,000 and more of the producer's own traffic go through the whole pipeline
 * on Flink embedded against the real local stack. Every Kafka record of the topic (every partition
 * and offset) must end exactly once in {@code transacoes} or in {@code dead_letters}, every dead
 * letter with a reason and a message; no balance goes negative, the sum of balances is unchanged,
 * and the pipeline is still running. Prints the records per second of the run (a figure, not a
 * pass/fail goal) and the dead letters by reason.
 */
class FuzzIT {

  private static final int USERS = 2_000;
  private static final int FUZZED = 10_000;
  private static final int TOTAL = 15_000;
  private static final double FUZZ_SHARE = 2.0 / 3;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  @Test
  void everyFuzzedRecordEndsInTransacoesOrDeadLettersOnce() throws Exception {
    List<UserProfile> users = harness.seedUsers(USERS, 21);
    String balancesBefore = harness.totalBalance();
    List<GeneratedRecord> records = generate(users);
    long fuzzed = records.stream().filter(r -> r.label().startsWith(Mutation.LABEL_PREFIX)).count();
    assertThat(fuzzed).isGreaterThanOrEqualTo(FUZZED);
    assertThat(records.size() - fuzzed).isGreaterThanOrEqualTo(TOTAL - FUZZED);
    Map<String, GeneratedRecord> published = publish(records);
    assertThat(published).hasSize(records.size());

    long started = System.nanoTime();
    PipelineResult result = harness.startPipelineOnFlink("fuzz-it");
    try {
      StackHarness.awaitUntil(
          DEADLINE,
          "every published record in transacoes or dead_letters",
          () ->
              harness.count(
                      "SELECT (SELECT count(*) FROM transacoes)"
                          + " + (SELECT count(*) FROM dead_letters)")
                  >= published.size(),
          () -> harness.progress(result));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "FuzzIT: %,d records (%,d fuzzed) decided or dead-lettered in %.1f s: %,.0f records/s"
              + " (DirectRunner, pipeline start included)%n",
          published.size(), fuzzed, seconds, published.size() / seconds);

      assertThat(harness.progress(result)).as("the pipeline did not fail").doesNotContain("failed");
      assertThat(result.getState()).isEqualTo(PipelineResult.State.RUNNING);
    } finally {
      result.cancel();
    }

    List<String> accounted =
        harness.strings(
            "SELECT kafka_particao || '@' || kafka_offset FROM transacoes"
                + " UNION ALL SELECT kafka_partition || '@' || kafka_offset FROM dead_letters");
    assertThat(accounted)
        .as("every partition@offset exactly once in transacoes or dead_letters")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(published.keySet());
    assertThat(
            harness.count(
                "SELECT count(*) FROM dead_letters WHERE btrim(reason) = ''"
                    + " OR btrim(error_message) = '' OR btrim(step) = ''"))
        .as("dead letters without a reason")
        .isZero();
    assertThat(harness.count("SELECT count(*) FROM usuarios WHERE saldo < 0")).isZero();
    assertThat(harness.totalBalance()).as("money conserved").isEqualTo(balancesBefore);

    // A transaction id sent from several offsets (RESENT, DUPLICATE_ID, a byte flip that kept the
    // record valid...) is written from one of them; every other one is a dead letter for it.
    Map<String, String> reasons = reasonsByOffset();
    Set<String> written =
        new HashSet<>(
            harness.strings("SELECT kafka_particao || '@' || kafka_offset FROM transacoes"));
    Map<UUID, List<String>> offsetsById = new HashMap<>();
    published.forEach(
        (offset, record) -> {
          if (record.transaction() != null) {
            offsetsById
                .computeIfAbsent(record.transaction().id(), id -> new ArrayList<>())
                .add(offset);
          }
        });
    long reused = 0;
    for (List<String> offsets : offsetsById.values()) {
      if (offsets.size() > 1 && offsets.stream().anyMatch(written::contains)) {
        for (String offset : offsets) {
          if (!written.contains(offset)) {
            reused++;
            assertThat(reasons.get(offset))
                .as("%s: %s", offset, published.get(offset))
                .isEqualTo(DecisionWriter.Failed.DUPLICATE_TRANSACTION_ID);
          }
        }
      }
    }
    long resentOrDuplicated =
        records.stream()
            .filter(
                r ->
                    r.label().equals(Mutation.RESENT.label())
                        || r.label().equals(Mutation.DUPLICATE_ID.label()))
            .count();
    System.out.printf(
        "FuzzIT: %,d records reused an id written from another offset (%,d RESENT or"
            + " DUPLICATE_ID records)%n",
        reused, resentOrDuplicated);
    assertThat(reused).isGreaterThanOrEqualTo(resentOrDuplicated * 9 / 10);
    System.out.println(
        "FuzzIT dead letters by reason: "
            + harness.strings(
                "SELECT reason || ' ' || count(*) FROM dead_letters GROUP BY reason ORDER BY 1"));
  }

  /** The records: the producer's traffic with {@link #FUZZ_SHARE} fuzzed, seeds fixed. */
  private static List<GeneratedRecord> generate(List<UserProfile> users) {
    TransactionGenerator generator = StackHarness.eveningTraffic(users, 22, 23);
    FuzzedTraffic traffic =
        new FuzzedTraffic(generator, new Fuzzer(new Random(24)), new Random(25), FUZZ_SHARE);
    List<GeneratedRecord> records = new ArrayList<>();
    long fuzzed = 0;
    while (records.size() < TOTAL || fuzzed < FUZZED) {
      GeneratedRecord record = traffic.next();
      records.add(record);
      if (record.label().startsWith(Mutation.LABEL_PREFIX)) {
        fuzzed++;
      }
    }
    return records;
  }

  /** Publishes {@code records} in order, each with its label; returns them by partition@offset. */
  private static Map<String, GeneratedRecord> publish(List<GeneratedRecord> records) {
    Map<String, GeneratedRecord> byOffset = new ConcurrentHashMap<>();
    Set<Exception> errors = ConcurrentHashMap.newKeySet();
    try (KafkaProducer<String, byte[]> producer =
        harness.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024))) {
      for (GeneratedRecord record : records) {
        producer.send(
            harness.labeled(record),
            (RecordMetadata metadata, Exception error) -> {
              if (error != null) {
                errors.add(error);
              } else {
                byOffset.put(metadata.partition() + "@" + metadata.offset(), record);
              }
            });
      }
      producer.flush();
    }
    assertThat(errors).as("send errors").isEmpty();
    return byOffset;
  }

  private static Map<String, String> reasonsByOffset() {
    Map<String, String> reasons = new ConcurrentHashMap<>();
    for (String row :
        harness.strings(
            "SELECT kafka_partition || '@' || kafka_offset || ' ' || reason FROM dead_letters")) {
      int space = row.indexOf(' ');
      reasons.put(row.substring(0, space), row.substring(space + 1));
    }
    return reasons;
  }
}
