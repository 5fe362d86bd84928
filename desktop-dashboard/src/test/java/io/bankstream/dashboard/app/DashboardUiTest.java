package io.bankstream.dashboard.app;

import static io.bankstream.dashboard.history.Windows.T0;
import static io.bankstream.dashboard.history.Windows.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.RulesVersion;
import io.bankstream.dashboard.export.Exporter;
import io.bankstream.dashboard.history.FakeHistorySource;
import io.bankstream.dashboard.live.FakeLiveSource;
import io.bankstream.dashboard.live.LiveSnapshots;
import io.bankstream.dashboard.operations.FakeOperationsSource;
import io.bankstream.dashboard.settings.ConnectionSettings;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard in a real (headless, Monocle) window on fake sources: the charts and tables hold
 * the fakes' numbers (approved in blue, rejected in vermilion), the dead letters and the rules
 * version in force show, the tabs switch, a live source going down turns the status bar to
 * "disconnected" and back, and applying settings reopens the sources.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardUiTest {

  private static final long DEADLINE_SECONDS = 15;

  private final FakeLiveSource live = new FakeLiveSource(LiveSnapshots.standard());
  private final FakeHistorySource history = FakeHistorySource.standard();
  // Clock: 21:12:30. Three dead letters in the last hour, the newest at 21:10.
  private final FakeOperationsSource operations =
      new FakeOperationsSource()
          .letters(
              List.of(
                  FakeOperationsSource.letter(1, minute(5).plusSeconds(10), "INVALID_JSON", "body"),
                  FakeOperationsSource.letter(
                      2, minute(5).plusSeconds(40), "MISSING_FIELD", "valor_transacao"),
                  FakeOperationsSource.letter(3, minute(10), "INVALID_JSON", "body")))
          .versions(
              List.of(
                  new RulesVersion(1, T0.minusSeconds(3600), "ana", "first", T0),
                  new RulesVersion(2, minute(5), "ana", "night PIX limit", T0),
                  new RulesVersion(3, T0.plusSeconds(86_400), "bia", "tomorrow", T0)));
  private final List<ConnectionSettings> liveOpened = new CopyOnWriteArrayList<>();
  private final List<FakeLiveSource> liveSources = new CopyOnWriteArrayList<>();
  private Dashboard dashboard;

  @Start
  void start(Stage stage) {
    ConnectionSettings settings =
        ConnectionSettings.fromEnvironment(Map.of()).withRefreshSeconds(1);
    dashboard =
        new Dashboard(
            settings,
            this::openLive,
            target -> history,
            target -> operations,
            Platform::runLater,
            Clock.fixed(LiveSnapshots.READ_AT.plusSeconds(600), ZoneOffset.UTC));
    stage.setScene(dashboard.createScene());
    stage.show();
    dashboard.start();
  }

  private LiveSource openLive(ConnectionSettings target) {
    liveOpened.add(target);
    FakeLiveSource source =
        liveSources.isEmpty()
            ? live
            : new FakeLiveSource(target.redisUri(), LiveSnapshots.standard());
    liveSources.add(source);
    return source;
  }

  @AfterEach
  void close() throws Exception {
    dashboard.closeAsync().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void theLiveChartsAndTablesHoldTheSourcesNumbers(FxRobot robot) throws Exception {
    waitUntil(() -> barValue(robot, "#liveRegionChart", 0, "SP") != null);

    assertThat(fx(() -> barValue(robot, "#liveRegionChart", 0, "SP")))
        .isEqualTo(LiveSnapshots.SP_COUNT);
    assertThat(fx(() -> barValue(robot, "#liveModalityChart", 1, "PIX"))).isEqualTo(3L);
    assertThat(fx(() -> text(robot, "#liveTps"))).isEqualTo("2.0/s");
    assertThat(fx(() -> text(robot, "#liveApprovalRate"))).isEqualTo("98.3%");
    assertThat(fx(() -> text(robot, "#liveP50"))).isEqualTo("10 ms");
    assertThat(fx(() -> text(robot, "#liveP95"))).isEqualTo("50 ms");
    assertThat(fx(() -> text(robot, "#liveP99"))).isEqualTo("90 ms");
    assertThat(fx(() -> seriesX(robot, "#liveTpsChart", 0)))
        .containsExactly("21:00:00", "21:01:00", "21:02:00");
    assertThat(fx(() -> barValue(robot, "#liveTpsChart", 0, "21:01:00"))).isEqualTo(2.0);
    assertThat(fx(() -> seriesX(robot, "#liveLatencyChart", 2))).hasSize(3);
    assertThat(fx(() -> rows(robot, "#liveLatestTable"))).isEqualTo(3);
    assertThat(fx(() -> rows(robot, "#liveRejectionsTable"))).isEqualTo(1);
    assertThat(fx(() -> text(robot, "#liveStatus")))
        .isEqualTo("Redis redis://fake:6379: connected, updated 21:02:30");
  }

  @Test
  void switchingToHistoryShowsItsChartsAndTable(FxRobot robot) throws Exception {
    robot.clickOn("History");

    waitUntil(() -> selectedTab(robot).equals("History"));
    waitUntil(() -> barValue(robot, "#historyRegionChart", 0, "SP") != null);
    // SP's two windows: 63 + 56.
    assertThat(fx(() -> barValue(robot, "#historyRegionChart", 0, "SP"))).isEqualTo(119L);
    assertThat(fx(() -> barValue(robot, "#historyRulesChart", 0, "VELOCIDADE"))).isEqualTo(5L);
    assertThat(fx(() -> barValue(robot, "#historyModalityChart", 0, "PIX"))).isEqualTo(170L);
    assertThat(fx(() -> seriesX(robot, "#historyVolumeChart", 0))).hasSize(2);
    assertThat(fx(() -> seriesX(robot, "#historyApprovalChart", 0))).hasSize(2);
    assertThat(fx(() -> seriesX(robot, "#historyAmountChart", 0))).containsExactly("1–10", "≥ 10");
    assertThat(fx(() -> seriesX(robot, "#historyLatencyChart", 0))).hasSize(2);
    assertThat(fx(() -> rows(robot, "#historyTable"))).isEqualTo(50);
    assertThat(fx(() -> robot.lookup("#historyStatus").queryAs(Label.class).getText()))
        .contains("connected");

    // The search sits below the charts: scroll down to it first.
    robot.interact(
        () -> ancestor(robot.lookup("#historySearch").query(), ScrollPane.class).setVvalue(1));
    robot.clickOn("#historySearch").write("SALDO").type(KeyCode.ENTER);
    waitUntil(() -> rows(robot, "#historyTable") == 30);

    robot.clickOn("Settings");
    waitUntil(() -> selectedTab(robot).equals("Settings"));
    robot.clickOn("Live");
    waitUntil(() -> selectedTab(robot).equals("Live"));
  }

  @Test
  void aLiveSourceGoingDownTurnsTheStatusRedAndBack(FxRobot robot) throws Exception {
    waitUntil(() -> text(robot, "#liveStatus").contains(": connected"));

    live.down("Connection refused");

    waitUntil(() -> text(robot, "#liveStatus").contains("disconnected (Connection refused)"));
    assertThat(fx(() -> robot.lookup("#liveStatus").queryAs(Label.class).getStyle()))
        .contains("#c62828");
    // The last data stays on screen.
    assertThat(fx(() -> barValue(robot, "#liveRegionChart", 0, "SP")))
        .isEqualTo(LiveSnapshots.SP_COUNT);

    live.up();

    waitUntil(() -> text(robot, "#liveStatus").contains(": connected, updated"));
    assertThat(fx(() -> robot.lookup("#liveStatus").queryAs(Label.class).getStyle()))
        .doesNotContain("#c62828");
  }

  @Test
  void applyingSettingsClosesTheSourcesAndOpensNewOnes(FxRobot robot) throws Exception {
    waitUntil(() -> text(robot, "#liveStatus").contains(": connected"));

    robot.interact(
        () -> {
          dashboard.settingsViewModel().redisPortProperty().set("6380");
          assertThat(dashboard.settingsViewModel().apply()).isTrue();
        });

    waitUntil(
        () -> text(robot, "#liveStatus").startsWith("Redis redis://127.0.0.1:6380: connected"));
    assertThat(live.closed()).isTrue();
    assertThat(liveOpened).extracting(ConnectionSettings::redisPort).containsExactly(6379, 6380);
    assertThat(dashboard.settings().redisPort()).isEqualTo(6380);
  }

  @Test
  void theHeaderShowsTheRulesVersionInForce(FxRobot robot) throws Exception {
    waitUntil(() -> text(robot, "#rulesVersion").startsWith("Rules: version"));

    assertThat(fx(() -> text(robot, "#rulesVersion")))
        .isEqualTo(
            "Rules: version 2, in force since 2026-03-02 21:05:00 — \"night PIX limit\""
                + " (published by ana)");
  }

  @Test
  void theDeadLettersTabShowsReasonsOverTimeAndTheLatestRows(FxRobot robot) throws Exception {
    robot.clickOn("Dead letters");

    waitUntil(() -> selectedTab(robot).equals("Dead letters"));
    waitUntil(() -> chart(robot, "#deadLettersChart").getData().size() == 2);
    assertThat(fx(() -> seriesNames(robot, "#deadLettersChart")))
        .containsExactly("INVALID_JSON", "MISSING_FIELD");
    // The last hour in one-minute buckets, 21:05 holding one of each reason.
    assertThat(fx(() -> barValue(robot, "#deadLettersChart", 0, "21:05"))).isEqualTo(1L);
    assertThat(fx(() -> barValue(robot, "#deadLettersChart", 1, "21:05"))).isEqualTo(1L);
    assertThat(fx(() -> barValue(robot, "#deadLettersChart", 0, "21:10"))).isEqualTo(1L);
    assertThat(fx(() -> barValue(robot, "#deadLettersChart", 1, "21:10"))).isEqualTo(0L);
    assertThat(fx(() -> seriesX(robot, "#deadLettersChart", 0))).hasSizeBetween(60, 61);

    @SuppressWarnings("unchecked")
    TableView<DeadLetter> table = robot.lookup("#deadLettersTable").queryAs(TableView.class);
    assertThat(fx(() -> Exporter.header(table)))
        .containsExactly(
            "Failed at", "Reason", "Field", "Step", "Error", "Kafka record", "Payload (start)");
    assertThat(fx(() -> Exporter.rows(table)))
        .containsExactly(
            List.of(
                "2026-03-02 21:10:00",
                "INVALID_JSON",
                "body",
                "parse",
                "INVALID_JSON in body",
                "bank_transactions/0@3",
                "{\"id_transacao\":\"tx-3\"}"),
            List.of(
                "2026-03-02 21:05:40",
                "MISSING_FIELD",
                "valor_transacao",
                "parse",
                "MISSING_FIELD in valor_transacao",
                "bank_transactions/0@2",
                "{\"id_transacao\":\"tx-2\"}"),
            List.of(
                "2026-03-02 21:05:10",
                "INVALID_JSON",
                "body",
                "parse",
                "INVALID_JSON in body",
                "bank_transactions/0@1",
                "{\"id_transacao\":\"tx-1\"}"));
    assertThat(fx(() -> text(robot, "#deadLettersStatus")))
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: connected, updated 21:12:30"
                + " (3 dead letters in the range)");
  }

  @Test
  void approvedIsBlueAndRejectedVermilionOnScreen(FxRobot robot) throws Exception {
    waitUntil(() -> barValue(robot, "#liveModalityChart", 1, "PIX") != null);

    assertThat(fx(() -> barFill(robot, "#liveModalityChart", 0, "PIX")))
        .isEqualTo(Color.web("#0072B2"));
    assertThat(fx(() -> barFill(robot, "#liveModalityChart", 1, "PIX")))
        .isEqualTo(Color.web("#D55E00"));
  }

  // Helpers: read the scene on the FX thread, and poll for a condition with a deadline.

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
  }

  private static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static String text(FxRobot robot, String query) {
    return robot.lookup(query).queryAs(Label.class).getText();
  }

  private static int rows(FxRobot robot, String query) {
    return robot.lookup(query).queryAs(TableView.class).getItems().size();
  }

  private static String selectedTab(FxRobot robot) {
    return robot
        .lookup("#dashboardTabs")
        .queryAs(TabPane.class)
        .getSelectionModel()
        .getSelectedItem()
        .getText();
  }

  @SuppressWarnings("unchecked") // every chart of the dashboard is XYChart<String, Number>
  private static XYChart<String, Number> chart(FxRobot robot, String query) {
    Node node = robot.lookup(query).query();
    return (XYChart<String, Number>) node;
  }

  private static List<String> seriesX(FxRobot robot, String query, int series) {
    return chart(robot, query).getData().get(series).getData().stream()
        .map(XYChart.Data::getXValue)
        .toList();
  }

  private static Number barValue(FxRobot robot, String query, int series, String x) {
    XYChart<String, Number> chart = chart(robot, query);
    if (chart.getData().size() <= series) {
      return null;
    }
    return chart.getData().get(series).getData().stream()
        .filter(data -> Objects.equals(data.getXValue(), x))
        .map(XYChart.Data::getYValue)
        .findFirst()
        .orElse(null);
  }

  private static List<String> seriesNames(FxRobot robot, String query) {
    return chart(robot, query).getData().stream().map(XYChart.Series::getName).toList();
  }

  /** The fill of the bar of {@code series} at {@code x}, as the style sheet painted it. */
  private static Paint barFill(FxRobot robot, String query, int series, String x) {
    Node bar =
        chart(robot, query).getData().get(series).getData().stream()
            .filter(data -> Objects.equals(data.getXValue(), x))
            .findFirst()
            .orElseThrow()
            .getNode();
    return ((Region) bar).getBackground().getFills().get(0).getFill();
  }

  private static <T> T ancestor(Node node, Class<T> type) {
    Node current = node;
    while (current != null && !type.isInstance(current)) {
      current = current.getParent();
    }
    return type.cast(current);
  }
}
