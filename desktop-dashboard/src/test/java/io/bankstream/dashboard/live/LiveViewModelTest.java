package io.bankstream.dashboard.live;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.total;
import static io.bankstream.dashboard.testing.Fx.run;
import static io.bankstream.dashboard.testing.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import io.bankstream.dashboard.testing.Fx;
import io.bankstream.dashboard.testing.HeadlessToolkit;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live view-model on a fake source, its reads on a thread of their own and its results on the
 * (headless) FX thread: what a good read shows, a source going down (the last data stays, the reads
 * go on) and coming back, and a read of a replaced source dropped.
 */
@ExtendWith(HeadlessToolkit.class)
class LiveViewModelTest {

  /** One read per start; retries at once while the source is down. */
  private static final Backoff ONCE =
      new Backoff(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofMillis(40));

  /** A read every 20 ms. */
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(40));

  private final FakeLiveSource source = new FakeLiveSource(LiveSnapshots.standard());
  private final ExecutorService reader = PollingService.singleThread("live-test");
  private LiveViewModel model = model(source, ONCE);

  @AfterEach
  void stop() throws InterruptedException {
    run(model::close);
    Fx.shutDown(reader);
  }

  private LiveViewModel model(LiveSource from, Backoff backoff) {
    return new LiveViewModel(from, reader, backoff, 30, ZoneOffset.UTC);
  }

  @Test
  void aGoodReadFillsTheKpisChartsAndTables() {
    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    assertThat(source.lastWindowsAsked).isEqualTo(30);
    assertThat(source.callers).containsOnly("bankstream-dashboard-live-test");
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
    model = model(source, FAST);
    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());
    List<WindowPoint> before = Fx.get(() -> List.copyOf(model.totals()));

    source.down("cannot reach redis://fake:6379: Connection refused");
    waitUntil("disconnected", () -> !model.connectedProperty().get());
    int readsWhileDown = source.reads.get();

    assertThat(Fx.get(() -> model.errorProperty().get())).contains("Connection refused");
    assertThat(Fx.get(() -> model.statusProperty().get()))
        .isEqualTo(
            "Redis redis://fake:6379: disconnected (cannot reach redis://fake:6379: Connection"
                + " refused), retrying; showing data of 21:02:30");
    assertThat(Fx.get(() -> List.copyOf(model.totals()))).containsExactlyElementsOf(before);
    assertThat(Fx.get(() -> model.regions().size())).isEqualTo(3);
    assertThat(Fx.get(() -> model.latest().size())).isEqualTo(3);
    assertThat(Fx.get(() -> model.transactionsPerSecondProperty().get())).isEqualTo(2.0);
    waitUntil("retried", () -> source.reads.get() >= readsWhileDown + 2);

    source.answer(
        LiveSnapshots.withTotals(
            minute(3).plusSeconds(5), List.of(total(minute(2), 170, 10), total(minute(3), 4, 0))));
    source.up();
    waitUntil("connected again", () -> model.connectedProperty().get());

    assertThat(Fx.get(() -> model.errorProperty().get())).isNull();
    assertThat(Fx.get(() -> model.statusProperty().get()))
        .isEqualTo("Redis redis://fake:6379: connected, updated 21:03:05");
    assertThat(Fx.get(() -> model.transactionsPerSecondProperty().get())).isEqualTo(3.0);
    assertThat(Fx.get(() -> model.totals().size())).isEqualTo(2);
  }

  @Test
  void downFromTheStartSaysDisconnectedWithoutData() {
    source.down("no route to host");

    run(model::start);
    waitUntil("disconnected", () -> model.statusProperty().get().contains("disconnected"));

    assertThat(Fx.get(() -> model.statusProperty().get()))
        .isEqualTo("Redis redis://fake:6379: disconnected (no route to host), retrying");
    assertThat(Fx.get(() -> model.totals().isEmpty())).isTrue();
    assertThat(Fx.get(() -> model.updatedAtProperty().get())).isNull();
  }

  @Test
  void onlyTheOpenWindowGivesItsRateSoFar() {
    source.answer(
        LiveSnapshots.withTotals(minute(0).plusSeconds(20), List.of(total(minute(0), 38, 2))));

    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    assertThat(model.transactionsPerSecondProperty().get()).isEqualTo(2.0);
    assertThat(model.approvalRateProperty().get()).isEqualTo(0.95);
  }

  @Test
  void noWindowsGiveZerosAndUnknownLatencies() {
    source.answer(FakeLiveSource.empty(minute(0)));

    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    assertThat(model.transactionsPerSecondProperty().get()).isZero();
    assertThat(model.latencyP99Property().get()).isNull();
  }

  @Test
  void aReadOfAReplacedSourceIsDroppedAndTheSourceClosedAfterIt() {
    List<String> statuses = new CopyOnWriteArrayList<>();
    model.statusProperty().addListener((observable, before, now) -> statuses.add(now));
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> oldReadWaits = source.holdNextCall(release);
    run(model::start);
    oldReadWaits.join();
    FakeLiveSource next = new FakeLiveSource("redis://other:6380", FakeLiveSource.empty(minute(0)));

    run(() -> model.replaceSource(next));
    assertThat(Fx.get(() -> model.statusProperty().get()))
        .isEqualTo("Redis redis://other:6380: connecting...");
    assertThat(source.closed()).as("closed only after its read").isFalse();
    release.complete(null);
    waitUntil("the new source read", () -> model.connectedProperty().get());

    assertThat(source.closed()).isTrue();
    assertThat(Fx.get(() -> model.totals().isEmpty())).isTrue();
    assertThat(Fx.get(() -> model.statusProperty().get()))
        .startsWith("Redis redis://other:6380: connected");
    assertThat(statuses).noneMatch(status -> status.startsWith("Redis redis://fake:6379: conn"));
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
    model = model(broken, ONCE);

    run(model::start);
    waitUntil("disconnected", () -> model.statusProperty().get().contains("disconnected"));

    assertThat(Fx.get(() -> model.statusProperty().get()))
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
}
