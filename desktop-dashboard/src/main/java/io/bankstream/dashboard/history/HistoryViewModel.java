package io.bankstream.dashboard.history;

import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.data.TransactionPage;
import io.bankstream.dashboard.data.TransactionQuery;
import io.bankstream.model.stats.Dimension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history view's state, read from a {@link HistorySource} (PostgreSQL) for a chosen time range.
 * {@link #load()} (called on the UI thread) reads on the {@code background} executor: the overall
 * windows (volume, approval rate and latency over time, merged into at most {@link #MAX_POINTS}
 * points), the per-UF and per-modality windows summed per group over the range, the rejections per
 * rule (the sum of the overall windows' rule counts), the amount distribution and the first page of
 * transactions; the results reach the properties and lists through the {@code ui} executor. A newer
 * request always wins over an older one still running. {@link #search()}, {@link #nextPage()} and
 * {@link #previousPage()} read only the table. When the source fails, {@link #connectedProperty()}
 * turns false and the last data stays; {@link #retryIfDisconnected()} (from a poller) repeats the
 * last request until it works.
 */
public final class HistoryViewModel {

  /** Rows per page of the table. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most points a chart over time shows; more windows are merged. */
  public static final int MAX_POINTS = 120;

  /** How the custom from and to are typed, in the clock's zone. */
  public static final String INPUT_PATTERN = "yyyy-MM-dd HH:mm";

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Executor background;
  private final Executor ui;
  private final Clock clock;
  private final int pageSize;
  private final DateTimeFormatter input;
  private final DateTimeFormatter clockFormat;
  private volatile HistorySource source;

  private final AtomicLong chartGeneration = new AtomicLong();
  private final AtomicLong tableGeneration = new AtomicLong();
  private volatile Request lastRequest;
  private volatile boolean healthy;

  private final ObjectProperty<RangePreset> preset =
      new SimpleObjectProperty<>(this, "preset", RangePreset.LAST_HOUR);
  private final StringProperty customFrom = new SimpleStringProperty(this, "customFrom", "");
  private final StringProperty customTo = new SimpleStringProperty(this, "customTo", "");
  private final ReadOnlyObjectWrapper<TimeRange> range = new ReadOnlyObjectWrapper<>(this, "range");
  private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
  private final BooleanProperty onlyRejected = new SimpleBooleanProperty(this, "onlyRejected");
  private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(this, "page");
  private final ReadOnlyBooleanWrapper hasNextPage = new ReadOnlyBooleanWrapper(this, "hasNext");
  private final ReadOnlyBooleanWrapper hasPreviousPage =
      new ReadOnlyBooleanWrapper(this, "hasPrevious");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
  private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");

  private final ObservableList<GroupStats> totals = FXCollections.observableArrayList();
  private final ObservableList<GroupStats> regions = FXCollections.observableArrayList();
  private final ObservableList<GroupStats> modalities = FXCollections.observableArrayList();
  private final ObservableList<RuleCount> rules = FXCollections.observableArrayList();
  private final ObservableList<AmountBucket> amounts = FXCollections.observableArrayList();
  private final ObservableList<RecentTransaction> transactions =
      FXCollections.observableArrayList();

  /** Pages of {@link #DEFAULT_PAGE_SIZE} rows, times in the system's zone. */
  public HistoryViewModel(HistorySource source, Executor background, Executor ui) {
    this(source, background, ui, Clock.systemDefaultZone(), DEFAULT_PAGE_SIZE);
  }

  /**
   * @param source where to read
   * @param background runs the blocking reads (never the UI thread)
   * @param ui runs the updates of properties and lists on the UI thread
   * @param clock gives "now" for the presets, and the zone of the custom from and to
   * @param pageSize rows per page of the table, 1 to 500
   */
  public HistoryViewModel(
      HistorySource source, Executor background, Executor ui, Clock clock, int pageSize) {
    this.source = Objects.requireNonNull(source, "source");
    this.background = Objects.requireNonNull(background, "background");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize < 1 || pageSize > 500) {
      throw new IllegalArgumentException("pageSize must be 1 to 500: " + pageSize);
    }
    this.pageSize = pageSize;
    this.input = DateTimeFormatter.ofPattern(INPUT_PATTERN).withZone(clock.getZone());
    this.clockFormat = CLOCK.withZone(clock.getZone());
    status.set(label(source) + ": not loaded yet");
    preset.addListener(
        (observable, before, now) -> {
          if (now == RangePreset.CUSTOM && customFrom.get().isBlank()) {
            TimeRange shown =
                range.get() != null ? range.get() : RangePreset.LAST_HOUR.endingAt(clock.instant());
            customFrom.set(input.format(shown.from()));
            customTo.set(input.format(shown.to()));
          }
        });
  }

  /**
   * Loads every chart and the first page of the table for the chosen range (a preset ends now).
   * Call on the UI thread; the reads run on the background executor.
   */
  public void load() {
    TimeRange chosen;
    try {
      chosen = chosenRange();
    } catch (IllegalArgumentException e) {
      error.set(e.getMessage());
      return;
    }
    error.set(null);
    range.set(chosen);
    Request request = new Request(chosen, query(chosen, 0));
    lastRequest = request;
    long charts = chartGeneration.incrementAndGet();
    long table = tableGeneration.incrementAndGet();
    loading.set(true);
    background.execute(() -> fetchAll(request, charts, table));
  }

  /** Reads the table's first page for the search text and filter, within the loaded range. */
  public void search() {
    if (range.get() == null) {
      load();
      return;
    }
    fetchPage(query(range.get(), 0));
  }

  /** Reads the next page of the table, when there is one. */
  public void nextPage() {
    if (hasNextPage.get() && lastRequest != null) {
      TransactionQuery shown = lastRequest.query();
      fetchPage(query(shown, shown.page() + 1));
    }
  }

  /** Reads the previous page of the table, when there is one. */
  public void previousPage() {
    if (page.get() > 0 && lastRequest != null) {
      TransactionQuery shown = lastRequest.query();
      fetchPage(query(shown, Math.max(0, shown.page() - 1)));
    }
  }

  /**
   * For the history poller, on its thread (blocking): when the last request failed, repeats it
   * ({@link #retryIfDisconnected}); otherwise checks that the source still answers ({@link
   * HistorySource#ping}), so a store that goes away shows as disconnected within one poll, not at
   * the next read. Returns whether the source answers.
   */
  public boolean checkOrRetry() {
    if (!healthy && lastRequest != null) {
      return retryIfDisconnected();
    }
    HistorySource from = source;
    try {
      from.ping();
      return true;
    } catch (SourceUnavailableException | RuntimeException e) {
      String reason = reason(e);
      healthy = false;
      ui.execute(
          () -> {
            if (from == source) {
              connected.set(false);
              error.set(reason);
              status.set(label(from) + ": disconnected (" + reason + "), retrying");
            }
          });
      return false;
    }
  }

  /**
   * When the last request failed, repeats it on this thread (blocking) and applies the result on
   * the UI thread. For a poller: returns whether the source answers (true when nothing needs a
   * retry).
   */
  public boolean retryIfDisconnected() {
    Request request = lastRequest;
    if (healthy || request == null) {
      return true;
    }
    long charts = chartGeneration.incrementAndGet();
    long table = tableGeneration.incrementAndGet();
    ui.execute(() -> loading.set(true));
    return fetchAll(request, charts, table);
  }

  /**
   * Reads from {@code next} from now on; returns the previous source, which the caller closes. Call
   * it where reads cannot overlap (on the background executor), then {@link #load()} again.
   */
  public HistorySource replaceSource(HistorySource next) {
    HistorySource previous = source;
    source = Objects.requireNonNull(next, "next");
    healthy = false;
    ui.execute(
        () -> {
          connected.set(false);
          status.set(label(next) + ": not loaded yet");
        });
    return previous;
  }

  /** The source read now. */
  public HistorySource source() {
    return source;
  }

  private boolean fetchAll(Request request, long charts, long table) {
    HistorySource from = source;
    TimeRange window = request.range();
    List<GroupStats> overall;
    List<GroupStats> perRegion;
    List<GroupStats> perModality;
    List<AmountBucket> buckets;
    TransactionPage first;
    try {
      overall = from.windows(window, Dimension.TOTAL);
      perRegion = from.windows(window, Dimension.REGIAO);
      perModality = from.windows(window, Dimension.MODALIDADE);
      buckets = from.amounts(window);
      first = from.transactions(request.query());
    } catch (SourceUnavailableException | RuntimeException e) {
      String reason = reason(e);
      healthy = false;
      ui.execute(() -> applyFailure(from, reason, charts, table));
      return false;
    }
    healthy = true;
    List<GroupStats> points = Aggregation.downsample(overall, MAX_POINTS);
    List<GroupStats> regionSums = Aggregation.perGroup(perRegion);
    List<GroupStats> modalitySums = Aggregation.perGroup(perModality);
    List<RuleCount> ruleSums = Aggregation.rejectionsByRule(overall);
    int windowCount = overall.size();
    Instant loadedAt = clock.instant();
    ui.execute(
        () -> {
          if (charts == chartGeneration.get()) {
            totals.setAll(points);
            regions.setAll(regionSums);
            modalities.setAll(modalitySums);
            rules.setAll(ruleSums);
            amounts.setAll(buckets);
            loading.set(false);
            connected.set(true);
            error.set(null);
            status.set(
                label(from)
                    + ": connected, loaded "
                    + clockFormat.format(loadedAt)
                    + " ("
                    + windowCount
                    + (windowCount == 1 ? " window" : " windows")
                    + ")");
          }
          applyPage(first, table);
        });
    return true;
  }

  private void fetchPage(TransactionQuery query) {
    long table = tableGeneration.incrementAndGet();
    lastRequest = new Request(query.range(), query);
    loading.set(true);
    background.execute(
        () -> {
          HistorySource from = source;
          TransactionPage result;
          try {
            result = from.transactions(query);
          } catch (SourceUnavailableException | RuntimeException e) {
            String reason = reason(e);
            healthy = false;
            ui.execute(() -> applyFailure(from, reason, -1, table));
            return;
          }
          healthy = true;
          ui.execute(
              () -> {
                if (table == tableGeneration.get()) {
                  loading.set(false);
                  if (!connected.get()) {
                    status.set(
                        label(from) + ": connected, loaded " + clockFormat.format(clock.instant()));
                  }
                  connected.set(true);
                  error.set(null);
                }
                applyPage(result, table);
              });
        });
  }

  private void applyPage(TransactionPage result, long table) {
    if (table != tableGeneration.get()) {
      return;
    }
    transactions.setAll(result.rows());
    page.set(result.query().page());
    hasNextPage.set(result.hasMore());
    hasPreviousPage.set(result.query().page() > 0);
  }

  private void applyFailure(HistorySource from, String reason, long charts, long table) {
    if (from != source) {
      return;
    }
    if (charts != chartGeneration.get() && table != tableGeneration.get()) {
      return; // a newer request is running
    }
    loading.set(false);
    connected.set(false);
    error.set(reason);
    status.set(label(from) + ": disconnected (" + reason + "), retrying");
  }

  private TimeRange chosenRange() {
    RangePreset chosen = preset.get();
    if (chosen != RangePreset.CUSTOM) {
      return chosen.endingAt(clock.instant());
    }
    Instant from = parse("From", customFrom.get());
    Instant to = parse("To", customTo.get());
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("To: must be after From");
    }
    return new TimeRange(from, to);
  }

  private Instant parse(String field, String text) {
    String value = text == null ? "" : text.strip();
    try {
      return LocalDateTime.parse(value, DateTimeFormatter.ofPattern(INPUT_PATTERN))
          .atZone(clock.getZone())
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + ": expected " + INPUT_PATTERN + ", got '" + value + "'", e);
    }
  }

  private TransactionQuery query(TimeRange within, int pageNumber) {
    return new TransactionQuery(within, searchText.get(), onlyRejected.get(), pageNumber, pageSize);
  }

  private static TransactionQuery query(TransactionQuery shown, int pageNumber) {
    return new TransactionQuery(
        shown.range(), shown.text(), shown.onlyRejected(), pageNumber, shown.pageSize());
  }

  private static String label(HistorySource source) {
    return "PostgreSQL " + source.describe();
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 200 ? message.substring(0, 199) + "…" : message;
  }

  /** What was asked last: the range of the charts and the table's query. */
  private record Request(TimeRange range, TransactionQuery query) {}

  /** The preset range, or {@link RangePreset#CUSTOM} for {@link #customFromProperty()} on. */
  public ObjectProperty<RangePreset> presetProperty() {
    return preset;
  }

  /** The custom range's start, as {@value #INPUT_PATTERN}. */
  public StringProperty customFromProperty() {
    return customFrom;
  }

  /** The custom range's end, as {@value #INPUT_PATTERN}. */
  public StringProperty customToProperty() {
    return customTo;
  }

  /** The range of the data shown (or being loaded). */
  public ReadOnlyObjectProperty<TimeRange> rangeProperty() {
    return range.getReadOnlyProperty();
  }

  /** The table's search: a transaction, payer or receiver id prefix, a UF, modality or rule. */
  public StringProperty searchTextProperty() {
    return searchText;
  }

  /** Whether the table lists rejected transactions only. */
  public BooleanProperty onlyRejectedProperty() {
    return onlyRejected;
  }

  /** The table's page shown, from 0. */
  public ReadOnlyIntegerProperty pageProperty() {
    return page.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty hasNextPageProperty() {
    return hasNextPage.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty hasPreviousPageProperty() {
    return hasPreviousPage.getReadOnlyProperty();
  }

  /** True while a request runs. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** Whether the last request reached the database. */
  public ReadOnlyBooleanProperty connectedProperty() {
    return connected.getReadOnlyProperty();
  }

  /** Why the last request failed, or why a range was refused; null when all is well. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** For the status bar: the source, connected or not, and when the data shown was loaded. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The overall windows of the range by start, merged into at most {@link #MAX_POINTS}. */
  public ObservableList<GroupStats> totals() {
    return totals;
  }

  /** One sum per UF over the range, by UF code. */
  public ObservableList<GroupStats> regions() {
    return regions;
  }

  /** One sum per modality over the range, by name. */
  public ObservableList<GroupStats> modalities() {
    return modalities;
  }

  /** Rejections per rule over the range, most first. */
  public ObservableList<RuleCount> rules() {
    return rules;
  }

  /** The amount distribution, approved and rejected per bucket. */
  public ObservableList<AmountBucket> amounts() {
    return amounts;
  }

  /** The table's page of transactions, newest first. */
  public ObservableList<RecentTransaction> transactions() {
    return transactions;
  }
}
