package io.bankstream.pipeline.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.stats.WindowGroups;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.pipeline.coders.DecidedTransactionCoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/**
 * The statistics' windowing on a {@link TestStream}: on-time, early, late (updating its window) and
 * too-late (dropped, and counted by the runner) data, with pane-aware assertions.
 */
public class ComputeWindowStatisticsTest {

  private static final org.joda.time.Instant WINDOW_START =
      org.joda.time.Instant.parse("2026-03-02T15:00:00Z");
  private static final Duration ONE_MINUTE = Duration.standardMinutes(1);
  private static final Duration ALLOWED_LATENESS = Duration.standardMinutes(10);
  private static final Duration EARLY_FIRING = Duration.standardSeconds(5);
  private static final IntervalWindow WINDOW = new IntervalWindow(WINDOW_START, ONE_MINUTE);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void anOnTimePaneHoldsTheWholeWindowPerGroup() {
    TestStream<DecidedTransaction> stream =
        stream()
            .addElements(
                at(10, approved("SP", PaymentModality.PIX, "10.00")),
                at(20, approved("RJ", PaymentModality.PIX, "20.00")),
                at(30, rejected("SP", PaymentModality.TED, "30.00", "SALDO", "RISCO")))
            .advanceWatermarkToInfinity();

    PCollection<String> stats = summarize(pipeline.apply(stream));

    PAssert.that(stats)
        .inOnTimePane(WINDOW)
        .containsInAnyOrder(
            "total 3 2 1 60.00 30.00 {RISCO=1, SALDO=1}",
            "regiao:SP 2 1 1 40.00 10.00 {RISCO=1, SALDO=1}",
            "regiao:RJ 1 1 0 20.00 20.00 {}",
            "modalidade:PIX 2 2 0 30.00 30.00 {}",
            "modalidade:TED 1 0 1 30.00 0.00 {RISCO=1, SALDO=1}",
            "versao:0 3 2 1 60.00 30.00 {RISCO=1, SALDO=1}");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void earlyPanesShowTheWindowWhileItIsOpen() {
    TestStream<DecidedTransaction> stream =
        stream()
            .addElements(at(5, approved("SP", PaymentModality.PIX, "1.00")))
            .advanceProcessingTime(EARLY_FIRING.plus(Duration.standardSeconds(1)))
            .addElements(at(15, approved("SP", PaymentModality.PIX, "2.00")))
            .advanceWatermarkToInfinity();

    PCollection<String> total = onlyTotal(summarize(pipeline.apply(stream)));

    PAssert.that(total).inEarlyPane(WINDOW).containsInAnyOrder("total 1 1 0 1.00 1.00 {}");
    PAssert.that(total).inOnTimePane(WINDOW).containsInAnyOrder("total 2 2 0 3.00 3.00 {}");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void theOnTimePaneCarriesEveryGroupEvenThoseOnlyEarlyPanesSaw() {
    TestStream<DecidedTransaction> stream =
        stream()
            .addElements(at(5, approved("RJ", PaymentModality.TED, "7.00")))
            .advanceProcessingTime(EARLY_FIRING.plus(Duration.standardSeconds(1)))
            // Nothing arrives after the early pane: the on-time pane is empty, yet it must still
            // give every group its final value (the history table keeps only on-time and late).
            .advanceWatermarkToInfinity();

    PCollection<String> stats = summarize(pipeline.apply(stream));

    PAssert.that(stats)
        .inOnTimePane(WINDOW)
        .containsInAnyOrder(
            "total 1 1 0 7.00 7.00 {}",
            "regiao:RJ 1 1 0 7.00 7.00 {}",
            "modalidade:TED 1 1 0 7.00 7.00 {}",
            "versao:0 1 1 0 7.00 7.00 {}");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void lateDataUpdatesItsWindowAndTooLateDataIsDroppedAndCounted() {
    TestStream<DecidedTransaction> stream =
        stream()
            .addElements(at(10, approved("SP", PaymentModality.PIX, "1.00")))
            .advanceWatermarkTo(WINDOW_START.plus(ONE_MINUTE).plus(Duration.standardMinutes(2)))
            // Two minutes late: within the allowed lateness, the window fires again, whole.
            .addElements(at(20, approved("SP", PaymentModality.PIX, "2.00")))
            .advanceWatermarkTo(
                WINDOW_START.plus(ONE_MINUTE).plus(ALLOWED_LATENESS).plus(ONE_MINUTE))
            // Eleven minutes late: beyond the allowed lateness, dropped.
            .addElements(at(30, approved("SP", PaymentModality.PIX, "4.00")))
            .advanceWatermarkToInfinity();

    PCollection<String> total = onlyTotal(summarize(pipeline.apply(stream)));

    PAssert.that(total).inOnTimePane(WINDOW).containsInAnyOrder("total 1 1 0 1.00 1.00 {}");
    PAssert.that(total).inLatePane(WINDOW).containsInAnyOrder("total 2 2 0 3.00 3.00 {}");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertThat(counter(result.metrics().allMetrics(), "droppedDueToLateness"))
        // The runner counts what it drops: the too-late element's partial aggregate (one per
        // window and bundle, see PreAggregatePerBundle).
        .as("too-late partials dropped")
        .isEqualTo(1);
  }

  @Test
  public void aggregatingLeavesTheGivenAccumulatorAsItWas() throws Exception {
    WindowGroups accumulator = groupsOf(approved("SP", PaymentModality.PIX, "10.00"));
    byte[] before = CoderUtils.encodeToByteArray(WindowGroupsCoder.of(), accumulator);

    WindowGroups sum =
        new ComputeWindowStatistics.AggregateFn()
            .addInput(accumulator, groupsOf(approved("RJ", PaymentModality.TED, "5.00")));

    // Flink's heap state may hand the accumulator to a checkpoint that is encoding it.
    assertThat(CoderUtils.encodeToByteArray(WindowGroupsCoder.of(), accumulator)).isEqualTo(before);
    assertThat(sum.groups().get("total").count()).isEqualTo(2);
  }

  @Test
  public void accumulatingPanesWritesANewTotalAndLeavesTheStoredOneAsItWas() throws Exception {
    WindowGroups stored = groupsOf(approved("SP", PaymentModality.PIX, "10.00"));
    byte[] before = CoderUtils.encodeToByteArray(WindowGroupsCoder.of(), stored);
    List<WindowGroups> written = new ArrayList<>();
    List<WindowStats> emitted = new ArrayList<>();

    new ComputeWindowStatistics.AccumulatePanesFn()
        .processElement(
            KV.of("window", groupsOf(approved("SP", PaymentModality.PIX, "2.00"))),
            new HeldValue(stored, written),
            WINDOW,
            PaneInfo.ON_TIME_AND_ONLY_FIRING,
            new Collected(emitted));

    assertThat(CoderUtils.encodeToByteArray(WindowGroupsCoder.of(), stored)).isEqualTo(before);
    assertThat(written).singleElement().isNotSameAs(stored);
    assertThat(written.get(0).groups().get("total").count()).isEqualTo(2);
    assertThat(emitted).isNotEmpty();
  }

  private static WindowGroups groupsOf(DecidedTransaction decided) {
    WindowGroups groups = new WindowGroups();
    groups.add(decided);
    return groups;
  }

  /** A value state that holds one object, as Flink's heap state does with --fasterCopy. */
  private record HeldValue(WindowGroups held, List<WindowGroups> written)
      implements ValueState<WindowGroups> {
    @Override
    public WindowGroups read() {
      return held;
    }

    @Override
    public void write(WindowGroups value) {
      written.add(value);
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ValueState<WindowGroups> readLater() {
      return this;
    }
  }

  private record Collected(List<WindowStats> emitted) implements DoFn.OutputReceiver<WindowStats> {
    @Override
    public void output(WindowStats stats) {
      emitted.add(stats);
    }

    @Override
    public void outputWithTimestamp(WindowStats stats, org.joda.time.Instant timestamp) {
      emitted.add(stats);
    }
  }

  private static long counter(MetricQueryResults metrics, String name) {
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      // Runners spell it DroppedDueToLateness (direct) or droppedDueToLateness (runners-core).
      if (counter.getName().getName().equalsIgnoreCase(name)) {
        total += counter.getCommitted();
      }
    }
    return total;
  }

  private static TestStream.Builder<DecidedTransaction> stream() {
    return TestStream.create(DecidedTransactionCoder.of());
  }

  private static PCollection<String> summarize(PCollection<DecidedTransaction> decided) {
    return decided
        .apply(
            "ComputeWindowStatistics",
            new ComputeWindowStatistics(ONE_MINUTE, ALLOWED_LATENESS, EARLY_FIRING))
        .apply(
            "Describe",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (WindowStats s) ->
                        s.key()
                            + " "
                            + s.summary().count()
                            + " "
                            + s.summary().approved()
                            + " "
                            + s.summary().rejected()
                            + " "
                            + s.summary().amount().toPlainString()
                            + " "
                            + s.summary().approvedAmount().toPlainString()
                            + " "
                            + s.summary().rejectionsByRule()));
  }

  private static PCollection<String> onlyTotal(PCollection<String> stats) {
    return stats.apply("OnlyTotal", Filter.by((String s) -> s.startsWith("total ")));
  }

  private static TimestampedValue<DecidedTransaction> at(int second, DecidedTransaction decided) {
    org.joda.time.Instant time = WINDOW_START.plus(Duration.standardSeconds(second));
    return TimestampedValue.of(decided, time);
  }

  private static DecidedTransaction approved(String uf, PaymentModality modality, String amount) {
    return decided(uf, modality, amount, List.of());
  }

  private static DecidedTransaction rejected(
      String uf, PaymentModality modality, String amount, String... codes) {
    return decided(uf, modality, amount, List.of(codes));
  }

  private static DecidedTransaction decided(
      String uf, PaymentModality modality, String amount, List<String> codes) {
    Instant eventTime = Instant.parse("2026-03-02T15:00:10Z");
    Transaction transaction =
        new Transaction(
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            Region.fromCode(uf).orElseThrow(),
            modality,
            eventTime,
            Money.of(amount));
    Decision decision = new Decision(codes.isEmpty(), codes, 0.1, Map.of(), "default", 0);
    return new DecidedTransaction(
        transaction,
        new SourceRecord("bank_transactions", 0, 1, null, new byte[0], eventTime.plusMillis(5)),
        decision,
        eventTime.plusMillis(25));
  }
}
