package io.bankstream.dashboard.live;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewModelTest {

  private final FakeLiveSource source = new FakeLiveSource(LiveSnapshots.standard());
  private final LiveViewModel model = new LiveViewModel(source, Runnable::run, 30, ZoneOffset.UTC);

  @Test
  void aGoodReadFillsTheKpisChartsAndTables() {
    assertThat(model.refresh()).isTrue();

    assertThat(source.lastWindowsAsked).isEqualTo(30);
    assertThat(model.connectedProperty().get()).isTrue();
    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(model.errorProperty().get()).isNull();
    assertThat(model.statusProperty().get())
        .isEqualTo("Redis redis://fake:6379: connected, updated 21:02:30");
    // The newest complete window is 21:01: 120 transactions in 60 s, 118 approved.
    assertThat(model.kpiWindowProperty().get().windowStart()).isEqualTo(minute(1));
    assertThat(model.transactionsPerSecondProperty().get()).isEqualTo(2.0);
    assertThat(model.approvalRateProperty().get()).isEqualTo(118.0 / 120);
    assertThat(model.latencyP50Property().get()).isEqualTo(10.0);
    assertThat(model.latencyP95Property().get()).isEqualTo(50.0);
    assertThat(model.latencyP99Property().get()).isEqualTo(90.0);
    assertThat(model.totals())
        .extracting(WindowPoint::start)
        .containsExactly(minute(0), minute(1), minute(2));
    assertThat(model.totals()).extracting(WindowPoint::complete).containsExactly(true, true, false);
    // The open window's 30 transactions over the 30 s elapsed.
    assertThat(model.totals().get(2).perSecond()).isEqualTo(1.0);
    assertThat(model.regions())
        .extracting(stats -> stats.key().value())
        .containsExactly("MG", "RJ", "SP");
    assertThat(model.regions().get(2).count()).isEqualTo(LiveSnapshots.SP_COUNT);
    assertThat(model.modalities())
        .extracting(stats -> stats.key().value())
        .containsExactly("PIX", "TED");
    assertThat(model.latest()).extracting(tx -> tx.id()).containsExactly("t3", "t2", "t1");
    assertThat(model.rejections())
        .singleElement()
        .satisfies(tx -> assertThat(tx.reasons()).containsExactly("SALDO"));
  }

  @Test
  void aSourceGoingDownKeepsTheLastDataAndSaysDisconnectedThenRecovers() {
    assertThat(model.refresh()).isTrue();
    List<WindowPoint> before = List.copyOf(model.totals());

    source.down("cannot reach redis://fake:6379: Connection refused");
    assertThat(model.refresh()).isFalse();

    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.errorProperty().get()).contains("Connection refused");
    assertThat(model.statusProperty().get())
        .isEqualTo(
            "Redis redis://fake:6379: disconnected (cannot reach redis://fake:6379: Connection"
                + " refused), retrying; showing data of 21:02:30");
    assertThat(model.totals()).containsExactlyElementsOf(before);
    assertThat(model.regions()).hasSize(3);
    assertThat(model.latest()).hasSize(3);
    assertThat(model.transactionsPerSecondProperty().get()).isEqualTo(2.0);

    source.up();
    source.answer(
        LiveSnapshots.withTotals(
            minute(3).plusSeconds(5), List.of(total(minute(2), 170, 10), total(minute(3), 4, 0))));
    assertThat(model.refresh()).isTrue();

    assertThat(model.connectedProperty().get()).isTrue();
    assertThat(model.errorProperty().get()).isNull();
    assertThat(model.statusProperty().get())
        .isEqualTo("Redis redis://fake:6379: connected, updated 21:03:05");
    assertThat(model.transactionsPerSecondProperty().get()).isEqualTo(3.0);
    assertThat(model.totals()).hasSize(2);
  }

  @Test
  void downFromTheStartSaysDisconnectedWithoutData() {
    source.down("no route to host");

    assertThat(model.refresh()).isFalse();

    assertThat(model.statusProperty().get())
        .isEqualTo("Redis redis://fake:6379: disconnected (no route to host), retrying");
    assertThat(model.totals()).isEmpty();
    assertThat(model.updatedAtProperty().get()).isNull();
  }

  @Test
  void onlyTheOpenWindowGivesItsRateSoFar() {
    source.answer(
        LiveSnapshots.withTotals(minute(0).plusSeconds(20), List.of(total(minute(0), 38, 2))));

    model.refresh();

    assertThat(model.transactionsPerSecondProperty().get()).isEqualTo(2.0);
    assertThat(model.approvalRateProperty().get()).isEqualTo(0.95);
  }

  @Test
  void noWindowsGiveZerosAndUnknownLatencies() {
    source.answer(FakeLiveSource.empty(minute(0)));

    model.refresh();

    assertThat(model.transactionsPerSecondProperty().get()).isZero();
    assertThat(model.latencyP99Property().get()).isNull();
    assertThat(model.connectedProperty().get()).isTrue();
  }

  @Test
  void aReadFromAReplacedSourceIsDropped() {
    List<Runnable> queued = new ArrayList<>();
    LiveViewModel deferred = new LiveViewModel(source, queued::add, 30, ZoneOffset.UTC);
    deferred.refresh();
    FakeLiveSource next = new FakeLiveSource("redis://other:6380", FakeLiveSource.empty(minute(0)));

    LiveSource previous = deferred.replaceSource(next);
    drain(queued);

    assertThat(previous).isSameAs(source);
    assertThat(deferred.totals()).isEmpty();
    assertThat(deferred.statusProperty().get())
        .isEqualTo("Redis redis://other:6380: connecting...");
    assertThat(deferred.refresh()).isTrue();
    drain(queued);
    assertThat(deferred.statusProperty().get()).startsWith("Redis redis://other:6380: connected");
  }

  @Test
  void aRuntimeFailureCountsAsDisconnected() {
    LiveSource broken =
        new LiveSource() {
          @Override
          public LiveSnapshot read(int windows) {
            throw new IllegalStateException("pool exhausted");
          }

          @Override
          public String describe() {
            return "redis://broken:6379";
          }

          @Override
          public void close() {}
        };
    LiveViewModel model = new LiveViewModel(broken, Runnable::run, 30, ZoneOffset.UTC);

    assertThat(model.refresh()).isFalse();

    assertThat(model.statusProperty().get())
        .isEqualTo("Redis redis://broken:6379: disconnected (pool exhausted), retrying");
  }

  @Test
  void windowPointsOfEndedWindowsUseTheirLength() {
    GroupStats ended = total(minute(0), 90, 30);

    WindowPoint point = WindowPoint.of(ended, minute(5));

    assertThat(point.complete()).isTrue();
    assertThat(point.perSecond()).isEqualTo(2.0);
  }

  @Test
  void statusBeforeAnyReadSaysConnecting() {
    assertThat(model.statusProperty().get()).isEqualTo("Redis redis://fake:6379: connecting...");
    assertThat(model.connectedProperty().get()).isFalse();
  }

  private static void drain(List<Runnable> queued) {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }
}
