package io.bankstream.pipeline.stats;

import io.bankstream.core.stats.WindowGroups;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.StatsKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
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
    return decided
        .apply(
            "WindowByEventTime",
            Window.<DecidedTransaction>into(FixedWindows.of(windowSize))
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
                // Each pane of the grouping holds only what came since the last one, so the
                // runner never keeps a window's every element; AccumulatePanes then adds each pane
                // to the window's running total, so what leaves this transform is accumulating:
                // every pane the whole window, and sinks overwrite, never add.
                .discardingFiredPanes())
        .apply("PreAggregatePerBundle", ParDo.of(new PreAggregateFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowGroupsCoder.of()))
        .apply("AggregatePane", Combine.perKey(new AggregateFn()))
        .apply("AccumulatePanes", ParDo.of(new AccumulatePanesFn()))
        .setCoder(WindowStatsCoder.of());
  }

  /**
   * One key for all of a window's groups: the runner then keeps one accumulator and one trigger per
   * window instead of one per UF and modality, which is what the DirectRunner can afford.
   */
  private static final String WINDOW_KEY = "window";

  /**
   * Sums each bundle's transactions per window and emits one partial when the bundle finishes:
   * combiner lifting by hand. Without it the DirectRunner keeps every transaction of a pane in the
   * grouping's state and copies that state on each bundle; the distributed runners lift combiners
   * themselves, and this step costs them nothing.
   */
  static final class PreAggregateFn extends DoFn<DecidedTransaction, KV<String, WindowGroups>> {

    private transient Map<BoundedWindow, WindowGroups> partials;

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element DecidedTransaction decided, BoundedWindow window) {
      partials.computeIfAbsent(window, w -> new WindowGroups()).add(decided);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      // The window's last instant: the partial stays in its window, as late as its data allows.
      partials.forEach(
          (window, groups) ->
              context.output(KV.of(WINDOW_KEY, groups), window.maxTimestamp(), window));
      partials = null;
    }
  }

  /** Merges the partials of one pane. */
  static final class AggregateFn
      extends Combine.CombineFn<WindowGroups, WindowGroups, WindowGroups> {

    @Override
    public WindowGroups createAccumulator() {
      return new WindowGroups();
    }

    /**
     * Returns a new accumulator rather than changing the one given: that one may be the very object
     * Flink's heap state holds (with {@code --fasterCopy} its serializer does not copy), which an
     * asynchronous checkpoint may be encoding at the same time. One copy per bundle's partial.
     */
    @Override
    public WindowGroups addInput(WindowGroups accumulator, WindowGroups partial) {
      WindowGroups sum = new WindowGroups();
      sum.merge(accumulator);
      sum.merge(partial);
      return sum;
    }

    @Override
    public WindowGroups mergeAccumulators(Iterable<WindowGroups> accumulators) {
      WindowGroups merged = new WindowGroups();
      for (WindowGroups accumulator : accumulators) {
        merged.merge(accumulator);
      }
      return merged;
    }

    @Override
    public WindowGroups extractOutput(WindowGroups accumulator) {
      return accumulator;
    }

    @Override
    public Coder<WindowGroups> getAccumulatorCoder(
        CoderRegistry registry, Coder<WindowGroups> inputCoder) throws CannotProvideCoderException {
      return WindowGroupsCoder.of();
    }

    @Override
    public Coder<WindowGroups> getDefaultOutputCoder(
        CoderRegistry registry, Coder<WindowGroups> inputCoder) throws CannotProvideCoderException {
      return WindowGroupsCoder.of();
    }
  }

  /**
   * Adds each pane to its window's running total, kept in state scoped to the window (the runner
   * frees it when the window expires, so no timer is needed), and emits the total of every group
   * the pane touched (every group of the window for the on-time pane), with the window's bounds and
   * the pane's timing.
   */
  static final class AccumulatePanesFn extends DoFn<KV<String, WindowGroups>, WindowStats> {

    @StateId("total")
    private final StateSpec<ValueState<WindowGroups>> totalSpec =
        StateSpecs.value(WindowGroupsCoder.of());

    @ProcessElement
    public void processElement(
        @Element KV<String, WindowGroups> pane,
        @StateId("total") ValueState<WindowGroups> totalState,
        BoundedWindow window,
        PaneInfo paneInfo,
        OutputReceiver<WindowStats> out) {
      // A new total, never the stored one changed in place: on Flink with --fasterCopy the state
      // hands out the object its asynchronous checkpoint may be encoding at that moment (changing
      // it failed checkpoints with a ConcurrentModificationException under load).
      WindowGroups total = new WindowGroups();
      WindowGroups stored = totalState.read();
      if (stored != null) {
        total.merge(stored);
      }
      total.merge(pane.getValue());
      totalState.write(total);
      IntervalWindow interval = (IntervalWindow) window;
      // The on-time pane states every group's final value, even a group that only early panes
      // touched (its on-time pane may be empty); early and late panes state the groups they
      // changed, the others already hold their value downstream.
      Map<String, ?> changed =
          paneInfo.getTiming() == PaneInfo.Timing.ON_TIME
              ? total.groups()
              : pane.getValue().groups();
      for (String group : changed.keySet()) {
        out.output(
            new WindowStats(
                StatsKey.parse(group),
                Instant.ofEpochMilli(interval.start().getMillis()),
                Instant.ofEpochMilli(interval.end().getMillis()),
                total.groups().get(group).summary(),
                paneInfo.getTiming().name(),
                paneInfo.getIndex()));
      }
    }
  }
}
