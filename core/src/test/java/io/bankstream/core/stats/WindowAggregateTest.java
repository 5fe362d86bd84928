package io.bankstream.core.stats;

import static io.bankstream.core.stats.StatsTestData.APPENDED_TO_KAFKA;
import static io.bankstream.core.stats.StatsTestData.aTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.RuleCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counts, exact sums, rejections by rule and latency of {@link WindowAggregate}. */
class WindowAggregateTest {

  @Test
  void sumsAmountsExactlyAtScaleTwo() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(aTransaction().amount("0.10").build());
    aggregate.add(aTransaction().amount("0.20").build());
    aggregate.add(aTransaction().amount("9999999999999.99").build());
    aggregate.add(aTransaction().amount("0.01").rejectedBy("LIMITE").build());

    WindowSummary summary = aggregate.summary();

    assertThat(summary.count()).isEqualTo(4);
    assertThat(summary.approved()).isEqualTo(3);
    assertThat(summary.rejected()).isEqualTo(1);
    assertThat(summary.amount()).isEqualTo(new BigDecimal("10000000000000.30"));
    assertThat(summary.approvedAmount()).isEqualTo(new BigDecimal("10000000000000.29"));
    assertThat(summary.amount().scale()).isEqualTo(2);
  }

  @Test
  void anEmptyAggregateIsTheEmptySummary() {
    WindowSummary summary = new WindowAggregate().summary();

    assertThat(summary).isEqualTo(WindowSummary.empty());
    assertThat(summary.amount()).isEqualTo(new BigDecimal("0.00"));
    assertThat(summary.approvedAmount()).isEqualTo(new BigDecimal("0.00"));
    assertThat(summary.rejectionsByRule()).isEmpty();
    assertThat(summary.latencyP50Ms()).isNull();
  }

  @Test
  void aRejectionWithTwoCodesCountsOnceForEachCode() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(aTransaction().rejectedBy("SALDO", "RISCO").build());
    aggregate.add(aTransaction().rejectedBy("SALDO").build());
    aggregate.add(aTransaction().build());

    WindowSummary summary = aggregate.summary();

    assertThat(summary.rejected()).isEqualTo(2);
    assertThat(summary.rejectionsByRule())
        .containsExactly(Map.entry("RISCO", 1L), Map.entry("SALDO", 2L));
    assertThatThrownBy(() -> summary.rejectionsByRule().put("LIMITE", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void latencyRunsFromTheKafkaAppendToTheDecision() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(
        aTransaction()
            .kafkaTimestamp(APPENDED_TO_KAFKA)
            .decidedAt(APPENDED_TO_KAFKA.plusMillis(250).plusNanos(340_000))
            .build());

    WindowSummary summary = aggregate.summary();

    assertThat(summary.latencyP50Ms()).isEqualTo(250.3);
    assertThat(summary.latencyP95Ms()).isEqualTo(250.3);
    assertThat(summary.latencyP99Ms()).isEqualTo(250.3);
  }

  @Test
  void percentilesOfManyLatenciesAreWithinTheHistogramError() {
    WindowAggregate aggregate = new WindowAggregate();
    for (int millis = 1; millis <= 1_000; millis++) {
      aggregate.add(
          aTransaction()
              .kafkaTimestamp(APPENDED_TO_KAFKA)
              .decidedAt(APPENDED_TO_KAFKA.plusMillis(millis))
              .build());
    }

    WindowSummary summary = aggregate.summary();

    double slack = LatencyHistogram.RELATIVE_ERROR;
    assertThat(summary.latencyP50Ms()).isBetween(500 * (1 - slack), 500 * (1 + slack) + 0.05);
    assertThat(summary.latencyP95Ms()).isBetween(950 * (1 - slack), 950 * (1 + slack) + 0.05);
    assertThat(summary.latencyP99Ms()).isBetween(990 * (1 - slack), 990 * (1 + slack) + 0.05);
  }

  @Test
  void aMissingKafkaTimestampAddsNoLatency() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(aTransaction().kafkaTimestamp(null).build());

    WindowSummary summary = aggregate.summary();

    assertThat(summary.count()).isEqualTo(1);
    assertThat(summary.latencyP50Ms()).isNull();
    assertThat(summary.latencyP95Ms()).isNull();
    assertThat(summary.latencyP99Ms()).isNull();

    aggregate.add(
        aTransaction()
            .kafkaTimestamp(APPENDED_TO_KAFKA)
            .decidedAt(APPENDED_TO_KAFKA.plusMillis(80))
            .build());
    assertThat(aggregate.summary().latencyP50Ms()).isEqualTo(80.0);
  }

  @Test
  void aDecisionBeforeTheKafkaAppendCountsAsZeroLatency() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(
        aTransaction()
            .kafkaTimestamp(APPENDED_TO_KAFKA)
            .decidedAt(APPENDED_TO_KAFKA.minusMillis(30))
            .build());

    assertThat(aggregate.summary().latencyP50Ms()).isEqualTo(0.0);
  }

  @Test
  void mergingEqualsAddingEverythingToOne() {
    Random random = new Random(17);
    List<DecidedTransaction> transactions = new ArrayList<>();
    String[] codes = RuleCode.codes().toArray(String[]::new);
    for (int i = 0; i < 500; i++) {
      StatsTestData.Builder builder =
          aTransaction()
              .amount(random.nextInt(1_000_000) + 1 + "." + String.format("%02d", i % 100))
              .decidedAt(APPENDED_TO_KAFKA.plusMillis(random.nextInt(2_000)));
      if (i % 3 == 0) {
        builder.rejectedBy(codes[i % codes.length]);
      } else if (i % 7 == 0) {
        builder.rejectedBy(codes[0], codes[codes.length - 1]);
      }
      if (i % 11 == 0) {
        builder.kafkaTimestamp(null);
      }
      transactions.add(builder.build());
    }
    WindowAggregate all = new WindowAggregate();
    List<WindowAggregate> parts =
        List.of(new WindowAggregate(), new WindowAggregate(), new WindowAggregate());
    for (DecidedTransaction transaction : transactions) {
      all.add(transaction);
      parts.get(random.nextInt(parts.size())).add(transaction);
    }
    WindowAggregate merged = new WindowAggregate();
    for (WindowAggregate part : parts) {
      merged.merge(part);
    }

    assertThat(merged.summary()).isEqualTo(all.summary());
    assertThat(merged).isEqualTo(all).hasSameHashCodeAs(all);
    assertThat(merged.count()).isEqualTo(500);
    BigDecimal expected =
        transactions.stream()
            .map(t -> t.transaction().amount())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(merged.summary().amount()).isEqualTo(expected);
  }

  @Test
  void aSummaryDoesNotChangeWhenTheAggregateGoesOn() {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(aTransaction().rejectedBy("SALDO").build());
    WindowSummary before = aggregate.summary();

    aggregate.add(aTransaction().rejectedBy("SALDO").build());

    assertThat(before.count()).isEqualTo(1);
    assertThat(before.rejectionsByRule()).containsExactly(Map.entry("SALDO", 1L));
    assertThat(aggregate.summary().rejectionsByRule()).containsExactly(Map.entry("SALDO", 2L));
  }

  @Test
  void survivesJavaSerializationAsABeamAccumulator() throws Exception {
    WindowAggregate aggregate = new WindowAggregate();
    aggregate.add(aTransaction().amount("12.34").rejectedBy("RISCO").build());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(aggregate);
    }
    WindowAggregate copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (WindowAggregate) in.readObject();
    }
    copy.add(aTransaction().amount("0.66").build());

    assertThat(copy.summary().amount()).isEqualTo(new BigDecimal("13.00"));
    assertThat(copy.summary().rejectionsByRule()).containsExactly(Map.entry("RISCO", 1L));
    assertThat(copy.summary().latencyP50Ms()).isEqualTo(250.0);
  }

  @Test
  void aSummaryRefusesCountsThatDoNotAddUp() {
    assertThatThrownBy(
            () ->
                new WindowSummary(
                    3, 1, 1, BigDecimal.ONE, BigDecimal.ONE, Map.of(), null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("approved + rejected == count");
  }

  @Test
  void aSummaryRoundsLatenciesToATenthOfAMillisecond() {
    WindowSummary summary =
        new WindowSummary(
            1, 1, 0, BigDecimal.ONE, BigDecimal.ONE, Map.of("SALDO", 0L), 12.345, 12.35, 0.04);

    assertThat(summary.latencyP50Ms()).isEqualTo(12.3);
    assertThat(summary.latencyP95Ms()).isEqualTo(12.4);
    assertThat(summary.latencyP99Ms()).isEqualTo(0.0);
    assertThat(summary.amount()).isEqualTo(new BigDecimal("1.00"));
    assertThat(summary.rejectionsByRule()).isEmpty();
  }
}
