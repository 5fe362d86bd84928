package io.bankstream.bench.floor;

import io.bankstream.core.stats.WindowAggregate;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pipeline's {@code ComputeWindowStatistics} by hand: fixed event-time windows of the decided
 * transactions, each aggregated overall, per UF and per modality with the pipeline's own {@link
 * WindowAggregate}, and emitted as accumulating {@link WindowStats} panes, the whole window's value
 * each time. A transaction's time is the one the pipeline's timestamp policy gives it ({@link
 * Decider#eventMillis}).
 *
 * <p>The watermark follows the pipeline's Kafka timestamp policy: per partition, the newest event
 * time seen ({@link #observe}) minus the maximum out-of-orderness; overall, the lowest of those
 * over the partitions seen, so a partition read ahead of the others does not make their
 * transactions late. It moves, never back, once per batch, in {@link #advance}. (Beam also advances
 * a partition that has caught up with the wall clock; the floor does not, which only delays when a
 * window is declared final, never its value.) After each batch, every window the batch touched
 * emits a pane of the groups it touched: {@code EARLY} while the watermark is before the window's
 * end, {@code LATE} after its final pane. The first batch after which the watermark reaches a
 * window's end emits its {@code ON_TIME} pane, with every group: the window's final value. A
 * transaction whose window ended more than the allowed lateness before the watermark is dropped
 * from the statistics, as the pipeline's runner drops it ({@link #droppedLate()}), and a window is
 * forgotten once the watermark passes its end plus the allowed lateness. Panes of one window are
 * numbered 0, 1, 2, ...
 *
 * <p>Groups are held in arrays indexed by the {@link Region} and {@link PaymentModality} ordinals
 * rather than in the pipeline's {@code WindowGroups}, which keys them by {@link StatsKey} text:
 * that spares two key strings per transaction; the keys are made only for the panes written.
 */
final class WindowTracker {

  private static final Region[] REGIONS = Region.values();
  private static final PaymentModality[] MODALITIES = PaymentModality.values();
  private static final StatsKey[] REGION_KEYS = new StatsKey[REGIONS.length];
  private static final StatsKey[] MODALITY_KEYS = new StatsKey[MODALITIES.length];

  static {
    for (Region region : REGIONS) {
      REGION_KEYS[region.ordinal()] = new StatsKey(Dimension.REGIAO, region.code());
    }
    for (PaymentModality modality : MODALITIES) {
      MODALITY_KEYS[modality.ordinal()] = new StatsKey(Dimension.MODALIDADE, modality.name());
    }
  }

  private final long windowMillis;
  private final long latenessMillis;
  private final long outOfOrdernessMillis;
  private final TreeMap<Long, Window> windows = new TreeMap<>();
  private long[] newestByPartition = new long[0];
  private long watermark = Long.MIN_VALUE;
  private long droppedLate;

  /**
   * @param window the length of each window
   * @param allowedLateness how long after its end a window still takes late transactions
   * @param maxOutOfOrderness how far the watermark trails the newest event time
   */
  WindowTracker(Duration window, Duration allowedLateness, Duration maxOutOfOrderness) {
    this.windowMillis = window.toMillis();
    this.latenessMillis = allowedLateness.toMillis();
    this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
    if (windowMillis < 1) {
      throw new IllegalArgumentException("window must be at least 1 ms: " + window);
    }
  }

  /** Adds {@code decided} to its window, unless that window is already past its lateness. */
  void add(DecidedTransaction decided) {
    long time =
        Decider.eventMillis(
            decided.transaction().eventTime(),
            decided.kafkaTimestamp() == null ? -1 : decided.kafkaTimestamp().toEpochMilli());
    long start = Math.floorDiv(time, windowMillis) * windowMillis;
    if (isExpired(start)) {
      droppedLate++;
      return;
    }
    Window window = windows.get(start);
    if (window == null) {
      window = new Window(start);
      windows.put(start, window);
    }
    window.add(decided);
  }

  /** Notes that {@code partition} was read up to event time {@code eventMillis}. */
  void observe(int partition, long eventMillis) {
    if (eventMillis == Long.MIN_VALUE) {
      return;
    }
    if (partition >= newestByPartition.length) {
      int length = newestByPartition.length;
      newestByPartition = Arrays.copyOf(newestByPartition, partition + 1);
      Arrays.fill(newestByPartition, length, partition + 1, Long.MIN_VALUE);
    }
    newestByPartition[partition] = Math.max(newestByPartition[partition], eventMillis);
  }

  /**
   * Moves the watermark up to what {@link #observe} was told (see the class comment), then returns
   * the panes due and forgets the windows past their lateness.
   */
  List<WindowStats> advance() {
    long slowest = Long.MAX_VALUE;
    for (long newest : newestByPartition) {
      if (newest != Long.MIN_VALUE) {
        slowest = Math.min(slowest, newest);
      }
    }
    if (slowest != Long.MAX_VALUE) {
      watermark = Math.max(watermark, slowest - outOfOrdernessMillis);
    }
    List<WindowStats> panes = new ArrayList<>();
    Iterator<Map.Entry<Long, Window>> each = windows.entrySet().iterator();
    while (each.hasNext()) {
      Window window = each.next().getValue();
      window.emit(panes);
      if (isExpired(window.start)) {
        each.remove();
      }
    }
    return panes;
  }

  /** The watermark in epoch ms; {@link Long#MIN_VALUE} before the first batch. */
  long watermark() {
    return watermark;
  }

  /** How many windows are held. */
  int windows() {
    return windows.size();
  }

  /** How many transactions came after their window's allowed lateness and were left out. */
  long droppedLate() {
    return droppedLate;
  }

  private boolean isExpired(long start) {
    return watermark != Long.MIN_VALUE && watermark >= start + windowMillis + latenessMillis;
  }

  /** One window's groups, what changed since its last pane, and how many panes it emitted. */
  private final class Window {
    final long start;
    final WindowAggregate total = new WindowAggregate();
    final WindowAggregate[] regions = new WindowAggregate[REGIONS.length];
    final WindowAggregate[] modalities = new WindowAggregate[MODALITIES.length];
    final TreeMap<Integer, WindowAggregate> versions = new TreeMap<>();
    final Set<Integer> touchedVersions = new HashSet<>();
    boolean touched;
    long touchedRegions;
    long touchedModalities;
    boolean onTimeEmitted;
    long nextPaneIndex;

    Window(long start) {
      this.start = start;
    }

    void add(DecidedTransaction decided) {
      int region = decided.transaction().region().ordinal();
      int modality = decided.transaction().modality().ordinal();
      total.add(decided);
      group(regions, region).add(decided);
      group(modalities, modality).add(decided);
      int version = decided.decision().rulesVersion();
      versions.computeIfAbsent(version, v -> new WindowAggregate()).add(decided);
      touchedVersions.add(version);
      touched = true;
      touchedRegions |= 1L << region;
      touchedModalities |= 1L << modality;
    }

    /** Adds this window's due pane, if any, to {@code panes}. */
    void emit(List<WindowStats> panes) {
      String timing;
      boolean everyGroup;
      if (!onTimeEmitted && watermark >= start + windowMillis) {
        timing = "ON_TIME";
        everyGroup = true;
        onTimeEmitted = true;
      } else if (touched) {
        timing = onTimeEmitted ? "LATE" : "EARLY";
        everyGroup = false;
      } else {
        return;
      }
      long paneIndex = nextPaneIndex++;
      Instant from = Instant.ofEpochMilli(start);
      Instant to = Instant.ofEpochMilli(start + windowMillis);
      panes.add(new WindowStats(StatsKey.TOTAL, from, to, total.summary(), timing, paneIndex));
      for (int i = 0; i < regions.length; i++) {
        if (regions[i] != null && (everyGroup || (touchedRegions & (1L << i)) != 0)) {
          panes.add(
              new WindowStats(REGION_KEYS[i], from, to, regions[i].summary(), timing, paneIndex));
        }
      }
      for (int i = 0; i < modalities.length; i++) {
        if (modalities[i] != null && (everyGroup || (touchedModalities & (1L << i)) != 0)) {
          panes.add(
              new WindowStats(
                  MODALITY_KEYS[i], from, to, modalities[i].summary(), timing, paneIndex));
        }
      }
      for (Map.Entry<Integer, WindowAggregate> version : versions.entrySet()) {
        if (everyGroup || touchedVersions.contains(version.getKey())) {
          StatsKey key = new StatsKey(Dimension.VERSAO, version.getKey().toString());
          panes.add(
              new WindowStats(key, from, to, version.getValue().summary(), timing, paneIndex));
        }
      }
      touched = false;
      touchedRegions = 0;
      touchedModalities = 0;
      touchedVersions.clear();
    }

    private WindowAggregate group(WindowAggregate[] groups, int index) {
      WindowAggregate aggregate = groups[index];
      if (aggregate == null) {
        aggregate = new WindowAggregate();
        groups[index] = aggregate;
      }
      return aggregate;
    }
  }
}
