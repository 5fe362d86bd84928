package io.bankstream.dashboard.live;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live view's state, read from a {@link LiveSource} (Redis) by a {@link PollingService}: after
 * {@link #start()}, one read every {@link Backoff#period()} on the {@code reader} executor, whose
 * result lands in the properties and lists on the FX thread. When a read fails, {@link
 * #connectedProperty()} turns false, {@link #statusProperty()} says {@code disconnected (<reason>),
 * retrying}, the last good data stays on screen, and the reads go on with the backoff's retry
 * delays; the next good read replaces the data. Use it on the FX thread.
 *
 * <p>The KPIs ({@link #transactionsPerSecondProperty()}, {@link #approvalRateProperty()}, the
 * latency percentiles) all describe one window: the newest complete one, i.e. the newest whose end
 * is at or before the read time, its count divided by its length in seconds. While only the open
 * window has data, they describe that one, its rate counted over the seconds elapsed so far.
 */
public final class LiveViewModel {

  /** How many recent windows the charts show. */
  public static final int DEFAULT_WINDOWS = 30;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PollingService<LiveSnapshot> reads;
  private final DateTimeFormatter clock;
  private LiveSource source;
  private boolean started;

  private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyObjectWrapper<Instant> updatedAt =
      new ReadOnlyObjectWrapper<>(this, "updatedAt");
  private final ReadOnlyDoubleWrapper transactionsPerSecond =
      new ReadOnlyDoubleWrapper(this, "transactionsPerSecond");
  private final ReadOnlyDoubleWrapper approvalRate =
      new ReadOnlyDoubleWrapper(this, "approvalRate");
  private final ReadOnlyObjectWrapper<Double> latencyP50 =
      new ReadOnlyObjectWrapper<>(this, "latencyP50");
  private final ReadOnlyObjectWrapper<Double> latencyP95 =
      new ReadOnlyObjectWrapper<>(this, "latencyP95");
  private final ReadOnlyObjectWrapper<Double> latencyP99 =
      new ReadOnlyObjectWrapper<>(this, "latencyP99");
  private final ReadOnlyObjectWrapper<GroupStats> kpiWindow =
      new ReadOnlyObjectWrapper<>(this, "kpiWindow");

  private final ObservableList<WindowPoint> totals = FXCollections.observableArrayList();
  private final ObservableList<GroupStats> regions = FXCollections.observableArrayList();
  private final ObservableList<GroupStats> modalities = FXCollections.observableArrayList();
  private final ObservableList<RecentTransaction> latest = FXCollections.observableArrayList();
  private final ObservableList<RecentTransaction> rejections = FXCollections.observableArrayList();

  /**
   * @param source where to read
   * @param reader runs the reads, one at a time ({@link PollingService#singleThread})
   * @param backoff how often to read, and to retry while the source fails
   * @param windows how many recent windows to read
   * @param zone the zone of the times in {@link #statusProperty()}
   */
  public LiveViewModel(
      LiveSource source, Executor reader, Backoff backoff, int windows, ZoneId zone) {
    this.source = Objects.requireNonNull(source, "source");
    if (windows < 1) {
      throw new IllegalArgumentException("windows must be 1 or more: " + windows);
    }
    this.clock = CLOCK.withZone(zone);
    this.reads =
        new PollingService<>(
            reader,
            backoff,
            () -> {
              LiveSource from = this.source;
              return () -> from.read(windows);
            });
    reads.setOnRunning(event -> loading.set(true));
    reads.setOnSucceeded(event -> apply(reads.getValue()));
    reads.setOnFailed(event -> applyFailure(PollingService.reason(reads.getException())));
    reads.setOnCancelled(event -> loading.set(false));
    status.set(label(source) + ": connecting...");
  }

  /** Reads now, then on schedule. */
  public void start() {
    started = true;
    reads.restartNow();
  }

  /** Changes the period and the retry delays from the next read on. */
  public void setBackoff(Backoff backoff) {
    reads.setBackoff(backoff);
  }

  /**
   * Reads from {@code next} from now on (at once, when started): a read of the previous source
   * still in flight is dropped, and the previous source is closed after it on the reader.
   */
  public void replaceSource(LiveSource next) {
    Objects.requireNonNull(next, "next");
    reads.cancel();
    reads.closeAfterReads(source);
    source = next;
    connected.set(false);
    error.set(null);
    status.set(label(next) + ": connecting...");
    if (started) {
      reads.restartNow();
    }
  }

  /** Stops reading and closes the source after the read in flight, on the reader. */
  public void close() {
    started = false;
    reads.cancel();
    reads.closeAfterReads(source);
  }

  private void apply(LiveSnapshot snapshot) {
    Instant readAt = snapshot.readAt();
    List<WindowPoint> points =
        snapshot.totals().stream()
            .sorted(Comparator.comparing(GroupStats::windowStart))
            .map(stats -> WindowPoint.of(stats, readAt))
            .toList();
    totals.setAll(points);
    regions.setAll(sortedByGroup(snapshot.regions()));
    modalities.setAll(sortedByGroup(snapshot.modalities()));
    latest.setAll(snapshot.latest());
    rejections.setAll(snapshot.rejections());

    WindowPoint kpi = kpiPoint(points);
    kpiWindow.set(kpi == null ? null : kpi.stats());
    transactionsPerSecond.set(kpi == null ? 0 : kpi.perSecond());
    approvalRate.set(kpi == null ? 0 : kpi.stats().approvalRate());
    latencyP50.set(kpi == null ? null : kpi.stats().latencyP50Ms());
    latencyP95.set(kpi == null ? null : kpi.stats().latencyP95Ms());
    latencyP99.set(kpi == null ? null : kpi.stats().latencyP99Ms());

    updatedAt.set(readAt);
    connected.set(true);
    error.set(null);
    loading.set(false);
    status.set(label(source) + ": connected, updated " + clock.format(readAt));
  }

  private void applyFailure(String reason) {
    connected.set(false);
    error.set(reason);
    loading.set(false);
    Instant last = updatedAt.get();
    status.set(
        label(source)
            + ": disconnected ("
            + reason
            + "), retrying"
            + (last == null ? "" : "; showing data of " + clock.format(last)));
  }

  /** The newest complete window, else the newest; null without windows. */
  static WindowPoint kpiPoint(List<WindowPoint> points) {
    for (int i = points.size() - 1; i >= 0; i--) {
      if (points.get(i).complete()) {
        return points.get(i);
      }
    }
    return points.isEmpty() ? null : points.get(points.size() - 1);
  }

  private static List<GroupStats> sortedByGroup(List<GroupStats> groups) {
    return groups.stream().sorted(Comparator.comparing(stats -> stats.key().value())).toList();
  }

  private static String label(LiveSource source) {
    return "Redis " + source.describe();
  }

  /** Whether the last read reached the source. */
  public ReadOnlyBooleanProperty connectedProperty() {
    return connected.getReadOnlyProperty();
  }

  /** True from the start of a read until its result is applied. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** For the status bar: the source, connected or not, and when the data shown was read. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Why the last read failed; null after a good one. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** When the data shown was read; null before the first good read. */
  public ReadOnlyObjectProperty<Instant> updatedAtProperty() {
    return updatedAt.getReadOnlyProperty();
  }

  /** The KPI window's transactions per second (see the class comment for which window). */
  public ReadOnlyDoubleProperty transactionsPerSecondProperty() {
    return transactionsPerSecond.getReadOnlyProperty();
  }

  /** The KPI window's approved share, 0 to 1. */
  public ReadOnlyDoubleProperty approvalRateProperty() {
    return approvalRate.getReadOnlyProperty();
  }

  /** The KPI window's median latency (Kafka append to decision) in ms; null when unknown. */
  public ReadOnlyObjectProperty<Double> latencyP50Property() {
    return latencyP50.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Double> latencyP95Property() {
    return latencyP95.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Double> latencyP99Property() {
    return latencyP99.getReadOnlyProperty();
  }

  /** The window the KPIs describe; null before data. */
  public ReadOnlyObjectProperty<GroupStats> kpiWindowProperty() {
    return kpiWindow.getReadOnlyProperty();
  }

  /** The recent windows' overall statistics, oldest first, for the rate and latency charts. */
  public ObservableList<WindowPoint> totals() {
    return totals;
  }

  /** Per UF, of the newest window with statistics, by UF code. */
  public ObservableList<GroupStats> regions() {
    return regions;
  }

  /** Per modality, of the same window, by name. */
  public ObservableList<GroupStats> modalities() {
    return modalities;
  }

  /** The newest decided transactions, newest first. */
  public ObservableList<RecentTransaction> latest() {
    return latest;
  }

  /** The newest rejected transactions, newest first, with their rule codes. */
  public ObservableList<RecentTransaction> rejections() {
    return rejections;
  }
}
