package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.region;
import static io.bankstream.dashboard.testing.Fx.run;
import static io.bankstream.dashboard.testing.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import io.bankstream.dashboard.testing.Fx;
import io.bankstream.dashboard.testing.HeadlessToolkit;
import io.bankstream.model.stats.Dimension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The history view-model on a fake source, its reads on a thread of their own and its results on
 * the (headless) FX thread: what a load, a search and the paging show, a source going down and
 * coming back (retried by itself), and a newer request winning over an older one still running.
 */
@ExtendWith(HeadlessToolkit.class)
class HistoryViewModelTest {

  private static final Instant NOW = minute(10);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** No ping between requests within a test; retries at once while the source is down. */
  private static final Backoff QUIET =
      new Backoff(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofMillis(40));

  /** A ping every 20 ms between requests. */
  private static final Backoff PINGING =
      new Backoff(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(40));

  private final FakeHistorySource source = FakeHistorySource.standard();
  private final ExecutorService reader = PollingService.singleThread("history-test");
  private final HistoryViewModel model = model(reader, QUIET);

  @AfterEach
  void stop() throws InterruptedException {
    run(model::close);
    Fx.shutDown(reader);
  }

  private HistoryViewModel model(ExecutorService executor, Backoff backoff) {
    return new HistoryViewModel(source, executor, backoff, CLOCK, 50);
  }

  /** Runs {@code request} on the FX thread and waits until its result is shown. */
  private void await(Runnable request) {
    run(request);
    waitUntil("the request answered", () -> !model.loadingProperty().get());
  }

  @Test
  void loadFillsEveryChartAndTheFirstPage() {
    assertThat(model.statusProperty().get())
        .isEqualTo("PostgreSQL jdbc:postgresql://fake:5432/bank: not loaded yet");

    await(model::load);

    assertThat(model.rangeProperty().get())
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(1)), NOW));
    assertThat(model.connectedProperty().get()).isTrue();
    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(model.statusProperty().get())
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: connected, loaded 21:10:00 (2 windows)");
    assertThat(model.totals()).extracting(stats -> stats.count()).containsExactly(104L, 96L);
    assertThat(model.regions())
        .extracting(stats -> stats.key().value() + "=" + stats.count())
        .containsExactly("RJ=85", "SP=119");
    assertThat(model.modalities())
        .extracting(stats -> stats.key().value() + "=" + stats.approved() + "/" + stats.rejected())
        .containsExactly("PIX=170/10", "TED=24/0");
    assertThat(model.rules())
        .containsExactly(
            new RuleCount("VELOCIDADE", 5), new RuleCount("SALDO", 4), new RuleCount("RISCO", 1));
  }

  @Test
  void theReadsRunOffTheFxThread() {
    await(model::load);

    assertThat(source.callers).hasSize(5).containsOnly("bankstream-dashboard-history-test");
  }

  @Test
  void rulesAreSortedMostFirst() {
    await(model::load);

    assertThat(model.rules()).extracting(RuleCount::rule).startsWith("VELOCIDADE", "SALDO");
  }

  @Test
  void theFirstPageHasPageSizeRows() {
    await(model::load);

    assertThat(model.amounts()).hasSize(2);
    assertThat(model.transactions()).hasSize(50);
    assertThat(model.transactions().get(0).id()).isEqualTo("tx000");
    assertThat(model.pageProperty().get()).isZero();
    assertThat(model.hasNextPageProperty().get()).isTrue();
    assertThat(model.hasPreviousPageProperty().get()).isFalse();
  }

  @Test
  void pagesForwardToTheEndAndBack() {
    await(model::load);

    await(model::nextPage);
    assertThat(model.pageProperty().get()).isEqualTo(1);
    assertThat(model.transactions().get(0).id()).isEqualTo("tx050");
    await(model::nextPage);
    assertThat(model.pageProperty().get()).isEqualTo(2);
    assertThat(model.transactions()).hasSize(20);
    assertThat(model.hasNextPageProperty().get()).isFalse();
    await(model::nextPage);
    assertThat(model.pageProperty().get()).isEqualTo(2);
    await(model::previousPage);
    assertThat(model.pageProperty().get()).isEqualTo(1);
    assertThat(model.hasPreviousPageProperty().get()).isTrue();
    await(model::previousPage);
    await(model::previousPage);
    assertThat(model.pageProperty().get()).isZero();
    assertThat(source.queries).extracting(query -> query.page()).containsExactly(0, 1, 2, 1, 0);
  }

  @Test
  void searchReadsTheFirstPageOfTheMatchesWithinTheLoadedRange() {
    await(model::load);
    await(model::nextPage);
    int windowReads = source.ranges.size();
    model.searchTextProperty().set("SALDO");
    model.onlyRejectedProperty().set(true);

    await(model::search);

    assertThat(model.pageProperty().get()).isZero();
    assertThat(model.transactions()).hasSize(30).allMatch(tx -> !tx.approved());
    assertThat(model.hasNextPageProperty().get()).isFalse();
    var last = source.queries.get(source.queries.size() - 1);
    assertThat(last.text()).isEqualTo("SALDO");
    assertThat(last.onlyRejected()).isTrue();
    assertThat(last.range()).isEqualTo(model.rangeProperty().get());
    assertThat(source.ranges).as("the table alone was read").hasSize(windowReads);
  }

  @Test
  void aSourceGoingDownKeepsTheDataAndRecoversByRetrying() {
    await(model::load);

    source.down("connection to fake:5432 refused");
    model.presetProperty().set(RangePreset.LAST_24_HOURS);
    await(model::load);

    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.errorProperty().get()).isEqualTo("connection to fake:5432 refused");
    assertThat(model.statusProperty().get())
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: disconnected (connection to fake:5432"
                + " refused), retrying");
    assertThat(model.regions()).hasSize(2);
    assertThat(model.transactions()).hasSize(50);

    source.windows(Dimension.REGIAO, List.of(region(minute(5), "MG", 7, 0)));
    source.up();

    waitUntil("connected again", () -> model.connectedProperty().get());
    assertThat(model.errorProperty().get()).isNull();
    assertThat(model.regions()).extracting(stats -> stats.key().value()).containsExactly("MG");
    assertThat(source.ranges.get(source.ranges.size() - 1))
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW));
  }

  @Test
  void anIdleViewNoticesTheSourceGoingAwayAndComesBackByRetrying() {
    ExecutorService pinger = PollingService.singleThread("history-ping-test");
    HistoryViewModel pinging = model(pinger, PINGING);
    try {
      run(pinging::load);
      waitUntil("loaded", () -> pinging.connectedProperty().get());

      source.down("connection to fake:5432 refused");

      waitUntil("disconnected", () -> !pinging.connectedProperty().get());
      assertThat(pinging.statusProperty().get()).contains("disconnected (connection to fake:5432");
      assertThat(pinging.regions()).as("the last data stays").hasSize(2);

      source.up();

      waitUntil("connected again", () -> pinging.connectedProperty().get());
      assertThat(pinging.statusProperty().get()).contains(": connected, loaded");
    } finally {
      run(pinging::close);
      pinger.shutdown();
    }
  }

  @Test
  void aFailedPageIsRetriedToo() {
    await(model::load);
    source.down("timeout");

    await(model::nextPage);
    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.pageProperty().get()).isZero();

    source.up();
    waitUntil("the page read again", () -> model.pageProperty().get() == 1);
    assertThat(model.connectedProperty().get()).isTrue();
  }

  @Test
  void aCustomRangeIsParsedInTheClocksZone() {
    model.presetProperty().set(RangePreset.CUSTOM);
    // Switching to custom fills from and to with the last hour.
    assertThat(model.customFromProperty().get()).isEqualTo("2026-03-02 20:10");
    model.customFromProperty().set("2026-03-01 08:00");
    model.customToProperty().set("2026-03-01 09:30");

    await(model::load);

    assertThat(model.rangeProperty().get())
        .isEqualTo(
            new TimeRange(
                Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-01T09:30:00Z")));
  }

  @Test
  void aBadCustomRangeNamesTheFieldAndLoadsNothing() {
    model.presetProperty().set(RangePreset.CUSTOM);
    model.customFromProperty().set("yesterday");

    run(model::load);

    assertThat(model.errorProperty().get())
        .isEqualTo("From: expected yyyy-MM-dd HH:mm, got 'yesterday'");
    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(model.statusProperty().get()).endsWith(": not loaded yet");

    model.customFromProperty().set("2026-03-02 21:00");
    model.customToProperty().set("2026-03-02 20:00");
    run(model::load);
    assertThat(model.errorProperty().get()).isEqualTo("To: must be after From");
    assertThat(source.queries).isEmpty();
  }

  @Test
  void anOlderLoadFinishingLastDoesNotOverwriteANewerOne() throws InterruptedException {
    // Two threads, so the newer load runs while the older one still waits for the database.
    ExecutorService twoThreads = Executors.newFixedThreadPool(2);
    HistoryViewModel racing = model(twoThreads, QUIET);
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> olderWaits = source.holdNextCall(release);
    run(racing::load);
    olderWaits.join();

    source.windows(Dimension.REGIAO, List.of(region(minute(5), "MG", 7, 0)));
    run(racing::load);
    waitUntil("the newer load shown", () -> !racing.loadingProperty().get());
    source.windows(Dimension.REGIAO, List.of(region(minute(5), "AC", 1, 0)));
    release.complete(null);
    run(racing::close);
    twoThreads.shutdown();
    assertThat(twoThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(racing.regions()).extracting(stats -> stats.key().value()).containsExactly("MG");
    assertThat(source.ranges).as("the older load read on").hasSize(6);
  }

  @Test
  void replacingTheSourceClosesTheOldOneAndReadsTheNewOne() {
    await(model::load);
    FakeHistorySource next = new FakeHistorySource("jdbc:postgresql://other:5432/bank");

    run(() -> model.replaceSource(next));
    assertThat(model.statusProperty().get())
        .isEqualTo("PostgreSQL jdbc:postgresql://other:5432/bank: not loaded yet");
    assertThat(model.connectedProperty().get()).isFalse();
    await(model::load);

    assertThat(source.closed()).isTrue();
    assertThat(model.statusProperty().get())
        .startsWith("PostgreSQL jdbc:postgresql://other:5432/bank: connected");
    assertThat(model.regions()).isEmpty();
  }

  @Test
  void presetsEndNow() {
    assertThat(RangePreset.LAST_15_MINUTES.endingAt(NOW))
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofMinutes(15)), NOW));
    assertThat(RangePreset.LAST_7_DAYS.endingAt(NOW).from())
        .isEqualTo(NOW.minus(Duration.ofDays(7)));
  }
}
