package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.model.stats.Dimension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryViewModelTest {

  private static final Instant NOW = minute(10);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final FakeHistorySource source = FakeHistorySource.standard();
  private final HistoryViewModel model =
      new HistoryViewModel(source, Runnable::run, Runnable::run, CLOCK, 50);

  @Test
  void loadFillsEveryChartAndTheFirstPage() {
    model.load();

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
  void rulesAreSortedMostFirst() {
    model.load();

    assertThat(model.rules()).extracting(RuleCount::rule).startsWith("VELOCIDADE", "SALDO");
  }

  @Test
  void theFirstPageHasPageSizeRows() {
    model.load();

    assertThat(model.amounts()).hasSize(2);
    assertThat(model.transactions()).hasSize(50);
    assertThat(model.transactions().get(0).id()).isEqualTo("tx000");
    assertThat(model.pageProperty().get()).isZero();
    assertThat(model.hasNextPageProperty().get()).isTrue();
    assertThat(model.hasPreviousPageProperty().get()).isFalse();
  }

  @Test
  void pagesForwardToTheEndAndBack() {
    model.load();

    model.nextPage();
    assertThat(model.pageProperty().get()).isEqualTo(1);
    assertThat(model.transactions().get(0).id()).isEqualTo("tx050");
    model.nextPage();
    assertThat(model.pageProperty().get()).isEqualTo(2);
    assertThat(model.transactions()).hasSize(20);
    assertThat(model.hasNextPageProperty().get()).isFalse();
    model.nextPage();
    assertThat(model.pageProperty().get()).isEqualTo(2);
    model.previousPage();
    assertThat(model.pageProperty().get()).isEqualTo(1);
    assertThat(model.hasPreviousPageProperty().get()).isTrue();
    model.previousPage();
    model.previousPage();
    assertThat(model.pageProperty().get()).isZero();
    assertThat(source.queries).extracting(query -> query.page()).containsExactly(0, 1, 2, 1, 0);
  }

  @Test
  void searchReadsTheFirstPageOfTheMatchesWithinTheLoadedRange() {
    model.load();
    model.nextPage();
    model.searchTextProperty().set("SALDO");
    model.onlyRejectedProperty().set(true);

    model.search();

    assertThat(model.pageProperty().get()).isZero();
    assertThat(model.transactions()).hasSize(30).allMatch(tx -> !tx.approved());
    assertThat(model.hasNextPageProperty().get()).isFalse();
    var last = source.queries.get(source.queries.size() - 1);
    assertThat(last.text()).isEqualTo("SALDO");
    assertThat(last.onlyRejected()).isTrue();
    assertThat(last.range()).isEqualTo(model.rangeProperty().get());
  }

  @Test
  void aSourceGoingDownKeepsTheDataAndRecoversOnRetry() {
    model.load();
    assertThat(model.retryIfDisconnected()).isTrue();

    source.down("connection to fake:5432 refused");
    model.presetProperty().set(RangePreset.LAST_24_HOURS);
    model.load();

    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.errorProperty().get()).isEqualTo("connection to fake:5432 refused");
    assertThat(model.statusProperty().get())
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: disconnected (connection to fake:5432"
                + " refused), retrying");
    assertThat(model.regions()).hasSize(2);
    assertThat(model.transactions()).hasSize(50);
    assertThat(model.retryIfDisconnected()).isFalse();

    source.up();
    source.windows(Dimension.REGIAO, List.of(region(minute(5), "MG", 7, 0)));

    assertThat(model.retryIfDisconnected()).isTrue();
    assertThat(model.connectedProperty().get()).isTrue();
    assertThat(model.errorProperty().get()).isNull();
    assertThat(model.regions()).extracting(stats -> stats.key().value()).containsExactly("MG");
    assertThat(source.ranges.get(source.ranges.size() - 1))
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW));
  }

  @Test
  void anIdleViewNoticesTheSourceGoingAwayAndComesBackByRetrying() {
    model.load();
    assertThat(model.checkOrRetry()).isTrue();
    assertThat(model.connectedProperty().get()).isTrue();

    source.down("connection to fake:5432 refused");

    assertThat(model.checkOrRetry()).isFalse();
    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.statusProperty().get()).contains("disconnected (connection to fake:5432");
    assertThat(model.regions()).as("the last data stays").hasSize(2);

    source.up();

    assertThat(model.checkOrRetry()).isTrue();
    assertThat(model.connectedProperty().get()).isTrue();
    assertThat(model.statusProperty().get()).contains(": connected, loaded");
  }

  @Test
  void aFailedPageIsRetriedToo() {
    model.load();
    source.down("timeout");

    model.nextPage();
    assertThat(model.connectedProperty().get()).isFalse();
    assertThat(model.pageProperty().get()).isZero();

    source.up();
    assertThat(model.retryIfDisconnected()).isTrue();
    assertThat(model.pageProperty().get()).isEqualTo(1);
  }

  @Test
  void aCustomRangeIsParsedInTheClocksZone() {
    model.presetProperty().set(RangePreset.CUSTOM);
    // Switching to custom fills from and to with the last hour.
    assertThat(model.customFromProperty().get()).isEqualTo("2026-03-02 20:10");
    model.customFromProperty().set("2026-03-01 08:00");
    model.customToProperty().set("2026-03-01 09:30");

    model.load();

    assertThat(model.rangeProperty().get())
        .isEqualTo(
            new TimeRange(
                Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-01T09:30:00Z")));
  }

  @Test
  void aBadCustomRangeNamesTheFieldAndLoadsNothing() {
    model.presetProperty().set(RangePreset.CUSTOM);
    model.customFromProperty().set("yesterday");

    model.load();

    assertThat(model.errorProperty().get())
        .isEqualTo("From: expected yyyy-MM-dd HH:mm, got 'yesterday'");
    assertThat(source.queries).isEmpty();

    model.customFromProperty().set("2026-03-02 21:00");
    model.customToProperty().set("2026-03-02 20:00");
    model.load();
    assertThat(model.errorProperty().get()).isEqualTo("To: must be after From");
  }

  @Test
  void anOlderLoadFinishingLastDoesNotOverwriteANewerOne() {
    List<Runnable> background = new ArrayList<>();
    HistoryViewModel deferred =
        new HistoryViewModel(source, background::add, Runnable::run, CLOCK, 50);
    deferred.load();
    Runnable older = background.remove(0);
    source.windows(Dimension.REGIAO, List.of(region(minute(5), "MG", 7, 0)));
    deferred.load();
    Runnable newer = background.remove(0);

    newer.run();
    source.windows(Dimension.REGIAO, List.of(region(minute(5), "AC", 1, 0)));
    older.run();

    assertThat(deferred.regions()).extracting(stats -> stats.key().value()).containsExactly("MG");
  }

  @Test
  void nothingToRetryBeforeTheFirstLoad() {
    source.down("down");

    assertThat(model.retryIfDisconnected()).isTrue();
    assertThat(model.statusProperty().get())
        .isEqualTo("PostgreSQL jdbc:postgresql://fake:5432/bank: not loaded yet");
  }

  @Test
  void presetsEndNow() {
    assertThat(RangePreset.LAST_15_MINUTES.endingAt(NOW))
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofMinutes(15)), NOW));
    assertThat(RangePreset.LAST_7_DAYS.endingAt(NOW).from())
        .isEqualTo(NOW.minus(Duration.ofDays(7)));
  }
}
