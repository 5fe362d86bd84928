package io.bankstream.pipeline.stats;

import io.bankstream.pipeline.model.DecidedTransaction;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Live statistics of the decided transactions: fixed event-time windows, each aggregated overall,
 * per UF and per modality (count, approved, rejected, amounts, rejections per rule, latency
 * percentiles). Open windows fire early results every few seconds; late data within the allowed
 * lateness re-fires its window; every pane carries the window's whole value so far.
 */
public final class ComputeWindowStatistics
    extends PTransform<PCollection<DecidedTransaction>, PCollection<WindowStats>> {

  private final Duration windowSize;
  private final Duration allowedLateness;
  private final Duration earlyFiringDelay;

  /**
   * @param windowSize length of each event-time window (1 minute by default)
   * @param allowedLateness how late data may be and still update its window (10 minutes)
   * @param earlyFiringDelay processing time between early results (a few seconds)
   */
  public ComputeWindowStatistics(
      Duration windowSize, Duration allowedLateness, Duration earlyFiringDelay) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
    this.earlyFiringDelay = earlyFiringDelay;
  }

  @Override
  public PCollection<WindowStats> expand(PCollection<DecidedTransaction> decided) {
    // Keys as text ("regiao:SP"): grouping needs a deterministic coder.
    Coder<String> keyCoder = StringUtf8Coder.of();
    Coder<DecidedTransaction> valueCoder = SerializableCoder.of(DecidedTransaction.class);
    return decided
        .apply(
            "GroupByDimension",
            FlatMapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(DecidedTransaction.class)))
                .via(ComputeWindowStatistics::byDimension))
        .setCoder(KvCoder.of(keyCoder, valueCoder))
        .apply(
            "WindowByEventTime",
            Window.<KV<String, DecidedTransaction>>into(FixedWindows.of(windowSize))
                // Final at the watermark; early results meanwhile so the dashboard moves; each
                // late element re-fires its window with the corrected value.
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withEarlyFirings(
                            AfterProcessingTime.pastFirstElementInPane()
                                .plusDelayOf(earlyFiringDelay))
                        .withLateFirings(AfterPane.elementCountAtLeast(1)))
                // Data later than this is dropped by the runner (its droppedDueToLateness
                // counter), so a window's state can be freed.
                .withAllowedLateness(allowedLateness)
                // Each pane holds the whole window: sinks overwrite, never add.
                .accumulatingFiredPanes())
        .apply("AggregatePerGroup", Combine.perKey(new AggregateFn()))
        .apply("ToWindowStats", ParDo.of(new ToWindowStatsFn()))
        .setCoder(SerializableCoder.of(WindowStats.class));
  }

  /** The transaction once overall, once for its UF, once for its modality. */
  private static List<KV<String, DecidedTransaction>> byDimension(DecidedTransaction decided) {
    return List.of(
        KV.of(StatsKey.TOTAL.toString(), decided),
        KV.of(
            new StatsKey(Dimension.REGIAO, decided.transaction().region().code()).toString(),
            decided),
        KV.of(
            new StatsKey(Dimension.MODALIDADE, decided.transaction().modality().name()).toString(),
            decided));
  }

  /** Sums a group's transactions into a {@link WindowAggregate}. */
  static final class AggregateFn
      extends Combine.CombineFn<DecidedTransaction, WindowAggregate, WindowSummary> {

    @Override
    public WindowAggregate createAccumulator() {
      return new WindowAggregate();
    }

    @Override
    public WindowAggregate addInput(WindowAggregate aggregate, DecidedTransaction decided) {
      aggregate.add(decided);
      return aggregate;
    }

    @Override
    public WindowAggregate mergeAccumulators(Iterable<WindowAggregate> aggregates) {
      WindowAggregate merged = new WindowAggregate();
      for (WindowAggregate aggregate : aggregates) {
        merged.merge(aggregate);
      }
      return merged;
    }

    @Override
    public WindowSummary extractOutput(WindowAggregate aggregate) {
      return aggregate.summary();
    }

    @Override
    public Coder<WindowAggregate> getAccumulatorCoder(
        CoderRegistry registry, Coder<DecidedTransaction> inputCoder)
        throws CannotProvideCoderException {
      return SerializableCoder.of(WindowAggregate.class);
    }

    @Override
    public Coder<WindowSummary> getDefaultOutputCoder(
        CoderRegistry registry, Coder<DecidedTransaction> inputCoder)
        throws CannotProvideCoderException {
      return SerializableCoder.of(WindowSummary.class);
    }
  }

  /** Attaches the window's bounds and the pane's timing to each group's summary. */
  static final class ToWindowStatsFn extends DoFn<KV<String, WindowSummary>, WindowStats> {
    @ProcessElement
    public void processElement(
        @Element KV<String, WindowSummary> element,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<WindowStats> out) {
      IntervalWindow interval = (IntervalWindow) window;
      out.output(
          new WindowStats(
              StatsKey.parse(element.getKey()),
              Instant.ofEpochMilli(interval.start().getMillis()),
              Instant.ofEpochMilli(interval.end().getMillis()),
              element.getValue(),
              pane.getTiming().name(),
              pane.getIndex()));
    }
  }
}
