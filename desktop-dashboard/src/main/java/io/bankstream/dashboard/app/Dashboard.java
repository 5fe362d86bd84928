package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.history.HistoryView;
import io.bankstream.dashboard.history.HistoryViewModel;
import io.bankstream.dashboard.live.LiveView;
import io.bankstream.dashboard.live.LiveViewModel;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.Poller;
import io.bankstream.dashboard.settings.ConnectionSettings;
import io.bankstream.dashboard.settings.SettingsView;
import io.bankstream.dashboard.settings.SettingsViewModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole dashboard: a {@link TabPane} with the tabs "Live", "History" and "Settings", built from
 * a {@link ConnectionSettings} and two factories that open the data sources for given settings
 * ({@code Sources::live} and {@code Sources::history} in the app, fakes in tests). It owns two
 * {@link Poller}s: {@code bankstream-dashboard-live} refreshes the live view every {@code
 * refreshSeconds}, backing off while Redis is down; {@code bankstream-dashboard-history} runs the
 * history's loads and retries a failed one with backoff. The factories are called on those threads
 * (a source is opened on first use), so no I/O ever runs on the UI thread. Applying settings (the
 * settings tab, or {@link #apply}) closes the sources and opens new ones.
 *
 * <p>Build it on the JavaFX thread, put {@link #root()} in a scene, then {@link #start()}; {@link
 * #close()} stops the pollers and closes the sources.
 */
public final class Dashboard implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

  private final Function<ConnectionSettings, LiveSource> liveSources;
  private final Function<ConnectionSettings, HistorySource> historySources;
  private final Poller livePoller;
  private final Poller historyPoller;
  private final ExecutorService exportThread;
  private final LiveViewModel live;
  private final HistoryViewModel history;
  private final SettingsViewModel settingsModel;
  private final BorderPane root;
  private final TabPane tabs;
  private volatile ConnectionSettings settings;

  /** The app's dashboard: updates reach the UI through {@code Platform::runLater}. */
  public Dashboard(
      ConnectionSettings settings,
      Function<ConnectionSettings, LiveSource> liveSources,
      Function<ConnectionSettings, HistorySource> historySources) {
    this(settings, liveSources, historySources, Platform::runLater, Clock.systemDefaultZone());
  }

  /**
   * @param settings the connections to open first
   * @param liveSources opens the live source (Redis) for settings; called off the UI thread
   * @param historySources opens the history source (PostgreSQL) for settings; likewise
   * @param ui runs updates on the JavaFX thread
   * @param clock "now" for the history presets, and the zone of every time shown
   */
  public Dashboard(
      ConnectionSettings settings,
      Function<ConnectionSettings, LiveSource> liveSources,
      Function<ConnectionSettings, HistorySource> historySources,
      Executor ui,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.liveSources = Objects.requireNonNull(liveSources, "liveSources");
    this.historySources = Objects.requireNonNull(historySources, "historySources");
    Backoff backoff = backoff(settings);
    this.livePoller = new Poller("live", backoff, this::refreshLive);
    this.historyPoller = new Poller("history", backoff, this::retryHistory);
    this.exportThread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, Poller.threadName("export"));
              thread.setDaemon(true);
              return thread;
            });

    this.live =
        new LiveViewModel(openLive(settings), ui, LiveViewModel.DEFAULT_WINDOWS, clock.getZone());
    this.history =
        new HistoryViewModel(
            openHistory(settings), historyPoller, ui, clock, HistoryViewModel.DEFAULT_PAGE_SIZE);
    this.settingsModel = new SettingsViewModel(settings, this::apply);

    Label notice = new Label();
    notice.setId("dashboardNotice");
    Exporter exporter = new Exporter(exportThread, ui, notice::setText);
    Tab liveTab = new Tab("Live", new LiveView(live, exporter, clock.getZone()));
    liveTab.setId("liveTab");
    Tab historyTab = new Tab("History", new HistoryView(history, exporter, clock.getZone()));
    historyTab.setId("historyTab");
    Tab settingsTab = new Tab("Settings", new SettingsView(settingsModel));
    settingsTab.setId("settingsTab");
    this.tabs = new TabPane(liveTab, historyTab, settingsTab);
    tabs.setId("dashboardTabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    this.root = new BorderPane(tabs);
    root.setBottom(notice);
  }

  /** Starts polling the live view and loads the history's default range. */
  public void start() {
    livePoller.start();
    historyPoller.start();
    history.load();
  }

  /**
   * Uses {@code next} from now on: the refresh period changes, the live and history sources are
   * closed and new ones opened (on the pollers' threads), the live view refreshes at once and the
   * history reloads. Call on the UI thread.
   */
  public void apply(ConnectionSettings next) {
    Objects.requireNonNull(next, "next");
    settings = next;
    if (settingsModel != null && !next.equals(settingsModel.applied())) {
      settingsModel.reset(next);
    }
    Backoff backoff = backoff(next);
    livePoller.setBackoff(backoff);
    historyPoller.setBackoff(backoff);
    LiveSource nextLive = openLive(next);
    HistorySource nextHistory = openHistory(next);
    livePoller.execute(() -> closeQuietly(live.replaceSource(nextLive)));
    livePoller.refreshNow();
    historyPoller.execute(() -> closeQuietly(history.replaceSource(nextHistory)));
    history.load();
  }

  /** Stops the pollers, then closes the sources off the UI thread; does not wait. */
  @Override
  public void close() {
    closeAsync();
  }

  /** Stops the pollers, then closes the sources on a thread of its own; completes when closed. */
  public CompletableFuture<Void> closeAsync() {
    livePoller.stop();
    historyPoller.stop();
    exportThread.shutdown();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                livePoller.awaitTermination(Duration.ofSeconds(5));
                historyPoller.awaitTermination(Duration.ofSeconds(5));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              closeQuietly(live.source());
              closeQuietly(history.source());
              done.complete(null);
            },
            Poller.threadName("close"));
    closer.start();
    return done;
  }

  /** The tabs and the export notice below them. */
  public Parent root() {
    return root;
  }

  public TabPane tabs() {
    return tabs;
  }

  /** A scene of the dashboard at a laptop's size. */
  public Scene createScene() {
    return new Scene(root, 1280, 860);
  }

  public ConnectionSettings settings() {
    return settings;
  }

  public LiveViewModel liveViewModel() {
    return live;
  }

  public HistoryViewModel historyViewModel() {
    return history;
  }

  public SettingsViewModel settingsViewModel() {
    return settingsModel;
  }

  public Poller livePoller() {
    return livePoller;
  }

  public Poller historyPoller() {
    return historyPoller;
  }

  private boolean refreshLive() {
    return live.refresh();
  }

  private boolean retryHistory() {
    return history.checkOrRetry();
  }

  private LiveSource openLive(ConnectionSettings target) {
    return new LazyLiveSource(() -> liveSources.apply(target), target.redisUri());
  }

  private HistorySource openHistory(ConnectionSettings target) {
    return new LazyHistorySource(() -> historySources.apply(target), target.jdbcUrl());
  }

  private static Backoff backoff(ConnectionSettings settings) {
    return Backoff.standard(Duration.ofSeconds(settings.refreshSeconds()));
  }

  private static void closeQuietly(AutoCloseable source) {
    try {
      source.close();
    } catch (Exception e) {
      LOG.warn("closing a data source failed", e);
    }
  }
}
