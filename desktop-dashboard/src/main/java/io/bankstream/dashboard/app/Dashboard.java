package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.OperationsSource;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.history.HistoryView;
import io.bankstream.dashboard.history.HistoryViewModel;
import io.bankstream.dashboard.live.LiveView;
import io.bankstream.dashboard.live.LiveViewModel;
import io.bankstream.dashboard.operations.DeadLettersView;
import io.bankstream.dashboard.operations.OperationsViewModel;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import io.bankstream.dashboard.settings.ConnectionSettings;
import io.bankstream.dashboard.settings.SettingsView;
import io.bankstream.dashboard.settings.SettingsViewModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/**
 * The whole dashboard: the rules version in force above a {@link TabPane} with the tabs "Live",
 * "History", "Dead letters" and "Settings", built from a {@link ConnectionSettings} and three
 * factories that open the data sources for given settings ({@code Sources::live}, {@code
 * Sources::history} and {@code Sources::operations} in the app, fakes in tests). Each view reads on
 * a thread of its own, {@code bankstream-dashboard-live}, {@code -history} and {@code -operations}
 * (see {@link PollingService}): the live view and the dead letters (with the rules version) every
 * {@code refreshSeconds}, the history view when asked and, between requests, a ping every {@code
 * refreshSeconds}; all back off while their source is down. The factories are called on those
 * threads (a source is opened on first use), so no I/O ever runs on the UI thread. Applying
 * settings (the settings tab, or {@link #apply}) closes the sources and opens new ones.
 *
 * <p>Build it on the JavaFX thread, put {@link #root()} in a scene, then {@link #start()}; {@link
 * #closeAsync()} stops the reads and closes the sources.
 */
public final class Dashboard implements AutoCloseable {

  private final Function<ConnectionSettings, LiveSource> liveSources;
  private final Function<ConnectionSettings, HistorySource> historySources;
  private final Function<ConnectionSettings, OperationsSource> operationsSources;
  private final Executor ui;
  private final ExecutorService liveThread = PollingService.singleThread("live");
  private final ExecutorService historyThread = PollingService.singleThread("history");
  private final ExecutorService operationsThread = PollingService.singleThread("operations");
  private final ExecutorService exportThread = PollingService.singleThread("export");
  private final LiveViewModel live;
  private final HistoryViewModel history;
  private final OperationsViewModel operations;
  private final SettingsViewModel settingsModel;
  private final BorderPane root;
  private final TabPane tabs;
  private volatile ConnectionSettings settings;

  /** The app's dashboard: updates reach the UI through {@code Platform::runLater}. */
  public Dashboard(
      ConnectionSettings settings,
      Function<ConnectionSettings, LiveSource> liveSources,
      Function<ConnectionSettings, HistorySource> historySources,
      Function<ConnectionSettings, OperationsSource> operationsSources) {
    this(
        settings,
        liveSources,
        historySources,
        operationsSources,
        Platform::runLater,
        Clock.systemDefaultZone());
  }

  /**
   * @param settings the connections to open first
   * @param liveSources opens the live source (Redis) for settings; called off the UI thread
   * @param historySources opens the history source (PostgreSQL) for settings; likewise
   * @param operationsSources opens the dead letters' and rules versions' source (PostgreSQL) for
   *     settings; likewise
   * @param ui runs the export notices and {@link #closeAsync()}'s first step on the JavaFX thread
   * @param clock "now" for the history presets, and the zone of every time shown
   */
  public Dashboard(
      ConnectionSettings settings,
      Function<ConnectionSettings, LiveSource> liveSources,
      Function<ConnectionSettings, HistorySource> historySources,
      Function<ConnectionSettings, OperationsSource> operationsSources,
      Executor ui,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.liveSources = Objects.requireNonNull(liveSources, "liveSources");
    this.historySources = Objects.requireNonNull(historySources, "historySources");
    this.operationsSources = Objects.requireNonNull(operationsSources, "operationsSources");
    this.ui = Objects.requireNonNull(ui, "ui");
    Backoff backoff = backoff(settings);
    this.live =
        new LiveViewModel(
            openLive(settings),
            liveThread,
            backoff,
            LiveViewModel.DEFAULT_WINDOWS,
            clock.getZone());
    this.history =
        new HistoryViewModel(
            openHistory(settings),
            historyThread,
            backoff,
            clock,
            HistoryViewModel.DEFAULT_PAGE_SIZE);
    this.operations =
        new OperationsViewModel(openOperations(settings), operationsThread, backoff, clock);
    this.settingsModel = new SettingsViewModel(settings, this::apply);

    Label notice = new Label();
    notice.setId("dashboardNotice");
    Exporter exporter = new Exporter(exportThread, ui, notice::setText);
    Tab liveTab = new Tab("Live", new LiveView(live, exporter, clock.getZone()));
    liveTab.setId("liveTab");
    Tab historyTab = new Tab("History", new HistoryView(history, exporter, clock.getZone()));
    historyTab.setId("historyTab");
    Tab deadLettersTab =
        new Tab("Dead letters", new DeadLettersView(operations, exporter, clock.getZone()));
    deadLettersTab.setId("deadLettersTab");
    Tab settingsTab = new Tab("Settings", new SettingsView(settingsModel));
    settingsTab.setId("settingsTab");
    this.tabs = new TabPane(liveTab, historyTab, deadLettersTab, settingsTab);
    tabs.setId("dashboardTabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    this.root = new BorderPane(tabs);
    root.getStylesheets().add(Widgets.STYLESHEET);
    Label rulesVersion = new Label();
    rulesVersion.setId("rulesVersion");
    rulesVersion.textProperty().bind(operations.rulesVersionTextProperty());
    root.setTop(rulesVersion);
    root.setBottom(notice);
  }

  /** Starts the live reads and loads the history's default range. Call on the UI thread. */
  public void start() {
    live.start();
    history.load();
    operations.start();
  }

  /**
   * Uses {@code next} from now on: the refresh period changes, the live and history sources are
   * closed (on their threads, after the reads in flight) and new ones opened, the live view reads
   * at once and the history reloads. Call on the UI thread.
   */
  public void apply(ConnectionSettings next) {
    Objects.requireNonNull(next, "next");
    settings = next;
    if (settingsModel != null && !next.equals(settingsModel.applied())) {
      settingsModel.reset(next);
    }
    Backoff backoff = backoff(next);
    live.setBackoff(backoff);
    history.setBackoff(backoff);
    operations.setBackoff(backoff);
    live.replaceSource(openLive(next));
    history.replaceSource(openHistory(next));
    operations.replaceSource(openOperations(next));
    history.load();
  }

  /** Same as {@link #closeAsync()}, without waiting. */
  @Override
  public void close() {
    closeAsync();
  }

  /**
   * Stops the reads (on the UI thread), then closes the sources on the views' threads after the
   * reads in flight, and ends the threads; completes when they have ended, or after 5 s each. Call
   * it from any thread.
   */
  public CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable stop =
        () -> {
          live.close();
          history.close();
          operations.close();
          liveThread.shutdown();
          historyThread.shutdown();
          operationsThread.shutdown();
          exportThread.shutdown();
          Thread closer =
              new Thread(
                  () -> {
                    try {
                      liveThread.awaitTermination(5, TimeUnit.SECONDS);
                      historyThread.awaitTermination(5, TimeUnit.SECONDS);
                      operationsThread.awaitTermination(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    done.complete(null);
                  },
                  PollingService.threadName("close"));
          closer.setDaemon(true);
          closer.start();
        };
    if (Platform.isFxApplicationThread()) {
      stop.run();
    } else {
      ui.execute(stop);
    }
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

  public OperationsViewModel operationsViewModel() {
    return operations;
  }

  public SettingsViewModel settingsViewModel() {
    return settingsModel;
  }

  private LiveSource openLive(ConnectionSettings target) {
    return new LazyLiveSource(() -> liveSources.apply(target), target.redisUri());
  }

  private HistorySource openHistory(ConnectionSettings target) {
    return new LazyHistorySource(() -> historySources.apply(target), target.jdbcUrl());
  }

  private OperationsSource openOperations(ConnectionSettings target) {
    return new LazyOperationsSource(() -> operationsSources.apply(target), target.jdbcUrl());
  }

  private static Backoff backoff(ConnectionSettings settings) {
    return Backoff.standard(Duration.ofSeconds(settings.refreshSeconds()));
  }
}
