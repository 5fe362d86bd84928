package io.bankstream.pipeline.stats;

import static io.bankstream.core.stats.StatsTestData.aTransaction;
import static io.bankstream.pipeline.coders.CoderChecks.checkCoder;
import static io.bankstream.pipeline.coders.CoderChecks.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.stats.LatencyHistogram;
import io.bankstream.core.stats.StatsTestData;
import io.bankstream.core.stats.WindowAggregate;
import io.bankstream.core.stats.WindowGroups;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * Round trips, determinism and equality of the statistics' coders: the latency histogram, the
 * window aggregates and groups (the partials, accumulator and state of the statistics step), and
 * the panes with their summaries.
 */
class StatsCodersTest {

  @Test
  void latencyHistogramsFromEmptyToOverflowing() throws Exception {
    LatencyHistogram underflow = histogram(0.0, 0.25);
    LatencyHistogram spread = histogram(1.0, 12.5, 12.6, 250.0, 250.0, 3_599_999.9);
    LatencyHistogram overflow = histogram(3_600_000.0, 1e12, Double.MAX_VALUE);
    LatencyHistogram merged = new LatencyHistogram(spread);
    merged.merge(underflow);
    merged.merge(overflow);

    checkCoder(
        LatencyHistogramCoder.of(),
        List.of(new LatencyHistogram(), underflow, spread, overflow, merged, histogram(250.0)),
        List.of(histogram(5.0, 7.0), histogram(7.0, 5.0)));

    LatencyHistogram decoded = roundTrip(LatencyHistogramCoder.of(), merged);
    assertThat(decoded.count()).isEqualTo(11);
    assertThat(decoded.min()).isEqualTo(0.0);
    assertThat(decoded.max()).isEqualTo(Double.MAX_VALUE);
    assertThat(decoded.percentile(0.5)).isEqualTo(merged.percentile(0.5));
    // Sparse: a few bytes per used slot, not 312 counters.
    assertThat(CoderUtils.encodeToByteArray(LatencyHistogramCoder.of(), spread))
        .hasSizeLessThan(40);
  }

  @Test
  void windowAggregatesWithRejectionsAndLatencies() throws Exception {
    DecidedTransaction approved = aTransaction().amount("9999999999999.99").build();
    DecidedTransaction rejected =
        aTransaction().amount("0.01").rejectedBy("SALDO", "RISCO").build();
    DecidedTransaction withoutTimestamp = aTransaction().kafkaTimestamp(null).build();

    checkCoder(
        WindowAggregateCoder.of(),
        List.of(
            new WindowAggregate(),
            aggregate(approved),
            aggregate(rejected),
            aggregate(withoutTimestamp),
            aggregate(approved, rejected, withoutTimestamp)),
        List.of(aggregate(approved, rejected), aggregate(rejected, approved)));

    WindowAggregate decoded = roundTrip(WindowAggregateCoder.of(), aggregate(approved, rejected));
    assertThat(decoded.summary()).isEqualTo(aggregate(approved, rejected).summary());
  }

  @Test
  void windowGroupsAsPartialsAccumulatorsAndState() throws Exception {
    WindowGroups empty = new WindowGroups();
    WindowGroups one = groups(aTransaction().build());
    WindowGroups several =
        groups(
            aTransaction().build(),
            aTransaction().region(Region.AM).rejectedBy("LIMITE").build(),
            aTransaction().modality(PaymentModality.BOLETO).build());
    WindowGroups merged = new WindowGroups();
    merged.merge(one);
    merged.merge(several);

    checkCoder(WindowGroupsCoder.of(), List.of(empty, one, several, merged));

    WindowGroups decoded = roundTrip(WindowGroupsCoder.of(), merged);
    assertThat(decoded.groups().keySet())
        .containsExactly(
            "modalidade:BOLETO", "modalidade:PIX", "regiao:AM", "regiao:SP", "total", "versao:0");
    // Decoded groups go on aggregating.
    decoded.add(aTransaction().build());
    assertThat(decoded.groups().get("total").count()).isEqualTo(5);
  }

  @Test
  void windowSummariesWithAndWithoutLatency() throws Exception {
    checkCoder(
        WindowSummaryCoder.of(),
        List.of(
            WindowSummary.empty(),
            new WindowSummary(
                3,
                1,
                2,
                new BigDecimal("30.00"),
                new BigDecimal("10.00"),
                Map.of("SALDO", 2L, "RISCO", 1L),
                250.0,
                251.3,
                999.9),
            new WindowSummary(
                3,
                1,
                2,
                new BigDecimal("30.00"),
                new BigDecimal("10.00"),
                Map.of("SALDO", 2L),
                0.0,
                null,
                3_600_000.0),
            new WindowSummary(
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                0,
                new BigDecimal("9999999999999999999999.99"),
                new BigDecimal("9999999999999999999999.99"),
                Map.of(),
                null,
                null,
                null)),
        List.of(
            new WindowSummary(
                1,
                0,
                1,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                Map.of("B", 1L, "A", 1L),
                null,
                null,
                null),
            new WindowSummary(
                1,
                0,
                1,
                new BigDecimal("1.00"),
                new BigDecimal("0.00"),
                Map.of("A", 1L, "B", 1L, "C", 0L),
                null,
                null,
                null)));
  }

  @Test
  void windowStatsOfEveryDimension() throws Exception {
    WindowSummary summary = aggregate(aTransaction().build()).summary();
    checkCoder(
        WindowStatsCoder.of(),
        List.of(
            StatsTestData.pane(StatsKey.TOTAL, summary, "EARLY", 0),
            StatsTestData.pane(new StatsKey(Dimension.REGIAO, "SP"), summary, "ON_TIME", 1),
            StatsTestData.pane(new StatsKey(Dimension.MODALIDADE, "PIX"), summary, "LATE", 2),
            StatsTestData.pane(new StatsKey(Dimension.REGIAO, ""), summary, "LATE", 2),
            StatsTestData.pane(new StatsKey(Dimension.TOTAL, "a:b"), summary, "LATE", 2),
            new WindowStats(
                new StatsKey(Dimension.MODALIDADE, "São Paulo"),
                Instant.MIN,
                Instant.MAX,
                WindowSummary.empty(),
                "",
                Long.MAX_VALUE)));
  }

  private static LatencyHistogram histogram(double... millis) {
    LatencyHistogram histogram = new LatencyHistogram();
    for (double value : millis) {
      histogram.record(value);
    }
    return histogram;
  }

  private static WindowAggregate aggregate(DecidedTransaction... transactions) {
    WindowAggregate aggregate = new WindowAggregate();
    for (DecidedTransaction transaction : transactions) {
      aggregate.add(transaction);
    }
    return aggregate;
  }

  private static WindowGroups groups(DecidedTransaction... transactions) {
    WindowGroups groups = new WindowGroups();
    for (DecidedTransaction transaction : transactions) {
      groups.add(transaction);
    }
    return groups;
  }
}
