package io.bankstream.dashboard.history;

import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.data.TransactionPage;
import io.bankstream.dashboard.data.TransactionQuery;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import io.bankstream.model.stats.Dimension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
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
 * The history view's state, read from a {@link HistorySource} (PostgreSQL) for a chosen time range
 * by a {@link PollingService} on the {@code reader} executor. Each request restarts the service,
 * which drops the read in flight, and its result lands in the properties and lists on the FX
 * thread. {@link #load()} reads the overall windows (volume, approval rate and latency over time,
 * merged into at most {@link #MAX_POINTS} points), the per-UF and per-modality windows summed per
 * group over the range, the rejections per rule (the sum of the overall windows' rule counts), the
 * amount distribution and the first page of transactions. {@link #search()}, {@link #nextPage()}
 * and {@link #previousPage()} read the table only (and the charts too while the load asked before
 * them has not been shown).
 *
 * <p>Between requests the service pings the source ({@link HistorySource#ping}) every {@link
 * Backoff#period()}, so a store that goes away shows as disconnected while the view is idle. When a
 * read or a ping fails, {@link #connectedProperty()} turns false and the last data stays; the last
 * request (charts and the page asked) is then read again, after the backoff's retry delays, until
 * it works. Use it on the FX thread.
 */
public final class HistoryViewModel {

  /** Rows per page of the table. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most points a chart over time shows; more windows are merged. */
  public static final int MAX_POINTS = 120;

  /** How the custom from and to are typed, in the clock's zone. */
  public static final String INPUT_PATTERN = "yyyy-MM-dd HH:mm";

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PollingService<Fetched> reads;
  private final Clock clock;
  private final int pageSize;
  private final DateTimeFormatter input;
  private final DateTimeFormatter clockFormat;
  private HistorySource source;
  // The last request (shown, being read, or failed), and what the next read fetches: null when
  // all that was asked is shown, and the next read is only a ping.
  private Request asked;
  private Request todo;

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

  /**
   * @param source where to read
   * @param reader runs the reads, one at a time ({@link PollingService#singleThread})
   * @param backoff how often to ping while idle, and to retry while the source fails
   * @param clock gives "now" for the presets, and the zone of the custom from and to
   * @param pageSize rows per page of the table, 1 to 500
   */
  public HistoryViewModel(
      HistorySource source, Executor reader, Backoff backoff, Clock clock, int pageSize) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize < 1 || pageSize > 500) {
      throw new IllegalArgumentException("pageSize must be 1 to 500: " + pageSize);
    }
    this.pageSize = pageSize;
    this.input = DateTimeFormatter.ofPattern(INPUT_PATTERN).withZone(clock.getZone());
    this.clockFormat = CLOCK.withZone(clock.getZone());
    this.reads = new PollingService<>(reader, backoff, this::nextRead);
    reads.setOnRunning(event -> loading.set(todo != null));
    reads.setOnSucceeded(event -> applyRead(reads.getValue()));
    reads.setOnFailed(event -> applyFailure(PollingService.reason(reads.getException())));
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

  /** Loads every chart and the first page of the table for the chosen range (a preset ends now). */
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
    ask(new Request(query(chosen, 0), true));
  }

  /** Reads the table's first page for the search text and filter, within the loaded range. */
  public void search() {
    if (range.get() == null) {
      load();
      return;
    }
    ask(tableRequest(query(range.get(), 0)));
  }

  /** Reads the next page of the table, when there is one. */
  public void nextPage() {
    if (hasNextPage.get() && asked != null) {
      TransactionQuery shown = asked.query();
      ask(tableRequest(query(shown, shown.page() + 1)));
    }
  }

  /** Reads the previous page of the table, when there is one. */
  public void previousPage() {
    if (page.get() > 0 && asked != null) {
      TransactionQuery shown = asked.query();
      ask(tableRequest(query(shown, Math.max(0, shown.page() - 1))));
    }
  }

  /** Changes the ping period and the retry delays from the next read on. */
  public void setBackoff(Backoff backoff) {
    reads.setBackoff(backoff);
  }

  /**
   * Reads from {@code next} from the next {@link #load()} on, which the caller then makes: a read
   * of the previous source still in flight is dropped, and the previous source is closed after it
   * on the reader.
   */
  public void replaceSource(HistorySource next) {
    Objects.requireNonNull(next, "next");
    reads.cancel();
    reads.closeAfterReads(source);
    source = next;
    loading.set(false);
    connected.set(false);
    status.set(label(next) + ": not loaded yet");
  }

  /** Stops reading and pinging, and closes the source after the read in flight, on the reader. */
  public void close() {
    reads.cancel();
    reads.closeAfterReads(source);
  }

  private void ask(Request request) {
    asked = request;
    todo = request;
    loading.set(true);
    reads.restartNow();
  }

  /** The table's {@code query}, with the charts when the load asked before is not shown yet. */
  private Request tableRequest(TransactionQuery query) {
    return new Request(query, todo != null && todo.charts());
  }

  /** The service's next read, made on the FX thread: {@link #todo}, else a ping. */
  private Callable<Fetched> nextRead() {
    HistorySource from = source;
    Request request = todo;
    if (request == null) {
      return () -> {
        from.ping();
        return null;
      };
    }
    return () -> fetch(from, request);
  }

  /** Reads {@code request} on the reader thread, and does the sums there too. */
  private Fetched fetch(HistorySource from, Request request) throws SourceUnavailableException {
    Charts charts = null;
    if (request.charts()) {
      TimeRange window = request.query().range();
      List<GroupStats> overall = from.windows(window, Dimension.TOTAL);
      List<GroupStats> perRegion = from.windows(window, Dimension.REGIAO);
      List<GroupStats> perModality = from.windows(window, Dimension.MODALIDADE);
      charts =
          new Charts(
              Aggregation.downsample(overall, MAX_POINTS),
              Aggregation.perGroup(perRegion),
              Aggregation.perGroup(perModality),
              Aggregation.rejectionsByRule(overall),
              from.amounts(window),
              overall.size());
    }
    return new Fetched(charts, from.transactions(request.query()), clock.instant());
  }

  private void applyRead(Fetched fetched) {
    if (fetched == null) {
      return; // a ping that was answered: nothing new to show
    }
    todo = null;
    loading.set(false);
    Charts charts = fetched.charts();
    String loadedAt = clockFormat.format(fetched.at());
    if (charts != null) {
      totals.setAll(charts.totals());
      regions.setAll(charts.regions());
      modalities.setAll(charts.modalities());
      rules.setAll(charts.rules());
      amounts.setAll(charts.amounts());
      int count = charts.windowCount();
      status.set(
          label(source)
              + ": connected, loaded "
              + loadedAt
              + " ("
              + count
              + (count == 1 ? " window" : " windows")
              + ")");
    } else if (!connected.get()) {
      status.set(label(source) + ": connected, loaded " + loadedAt);
    }
    connected.set(true);
    error.set(null);
    TransactionPage result = fetched.page();
    transactions.setAll(result.rows());
    page.set(result.query().page());
    hasNextPage.set(result.hasMore());
    hasPreviousPage.set(result.query().page() > 0);
  }

  private void applyFailure(String reason) {
    if (asked != null) {
      todo = new Request(asked.query(), true);
    }
    loading.set(false);
    connected.set(false);
    error.set(reason);
    status.set(label(source) + ": disconnected (" + reason + "), retrying");
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

  /** A request: the table's query, and whether the charts of its range are read too. */
  private record Request(TransactionQuery query, boolean charts) {}

  /** The charts of a range, summed and merged on the reader thread. */
  private record Charts(
      List<GroupStats> totals,
      List<GroupStats> regions,
      List<GroupStats> modalities,
      List<RuleCount> rules,
      List<AmountBucket> amounts,
      int windowCount) {}

  /** What one read brought: the charts (null when not asked), the table's page, and when. */
  private record Fetched(Charts charts, TransactionPage page, Instant at) {}

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

  /** Whether the table has a page after the one shown. */
  public ReadOnlyBooleanProperty hasNextPageProperty() {
    return hasNextPage.getReadOnlyProperty();
  }

  /** Whether the table has a page before the one shown. */
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
