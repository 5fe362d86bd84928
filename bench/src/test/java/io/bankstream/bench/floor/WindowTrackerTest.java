package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.ONE_MINUTE_LATER;
import static io.bankstream.bench.floor.FloorFixtures.approved;
import static io.bankstream.bench.floor.FloorFixtures.decided;
import static io.bankstream.bench.floor.FloorFixtures.rejected;
import static io.bankstream.bench.floor.FloorFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WindowTrackerTest {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  private static final Instant TEN_SECONDS_IN = NOON.plusSeconds(10);
  private static final Instant PAST_THE_LATENESS = ONE_MINUTE_LATER.plus(LATENESS).plusSeconds(5);

  private final WindowTracker tracker = new WindowTracker(WINDOW, LATENESS, OUT_OF_ORDERNESS);
  private long offset;

  @Test
  void anOpenWindowEmitsEarlyPanesOfTheGroupsItsBatchTouched() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    List<WindowStats> first = advanceTo(TEN_SECONDS_IN.toEpochMilli());
    tracker.add(row(TEN_SECONDS_IN, Region.RJ, PaymentModality.PIX, rejected("SALDO")));
    List<WindowStats> second = advanceTo(TEN_SECONDS_IN.toEpochMilli());

    assertThat(byKey(first)).containsOnlyKeys("total", "regiao:SP", "modalidade:PIX", "versao:0");
    assertThat(first).allSatisfy(pane -> assertThat(pane.timing()).isEqualTo("EARLY"));
    assertThat(first).allSatisfy(pane -> assertThat(pane.paneIndex()).isZero());
    assertThat(byKey(second)).containsOnlyKeys("total", "regiao:RJ", "modalidade:PIX", "versao:0");
    assertThat(second).allSatisfy(pane -> assertThat(pane.paneIndex()).isEqualTo(1));
    WindowStats total = byKey(second).get("total");
    assertThat(total.summary().count()).as("accumulating").isEqualTo(2);
    assertThat(total.summary().rejectionsByRule()).containsEntry("SALDO", 1L);
    assertThat(total.windowStart()).isEqualTo(NOON);
    assertThat(total.windowEnd()).isEqualTo(ONE_MINUTE_LATER);
  }

  @Test
  void theWatermarkPassingTheEndEmitsTheOnTimePaneWithEveryGroup() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    tracker.add(row(TEN_SECONDS_IN, Region.RJ, PaymentModality.TED, approved()));
    advanceTo(TEN_SECONDS_IN.toEpochMilli());
    tracker.add(row(NOON.plusSeconds(20), Region.SP, PaymentModality.PIX, approved()));

    List<WindowStats> notYet = advanceTo(ONE_MINUTE_LATER.plusSeconds(4).toEpochMilli());
    List<WindowStats> onTime = advanceTo(ONE_MINUTE_LATER.plusSeconds(5).toEpochMilli());

    assertThat(notYet).allSatisfy(pane -> assertThat(pane.timing()).isEqualTo("EARLY"));
    assertThat(byKey(onTime))
        .containsOnlyKeys(
            "total", "regiao:SP", "regiao:RJ", "modalidade:PIX", "modalidade:TED", "versao:0");
    assertThat(onTime).allSatisfy(pane -> assertThat(pane.timing()).isEqualTo("ON_TIME"));
    assertThat(onTime).allSatisfy(pane -> assertThat(pane.paneIndex()).isEqualTo(2));
    assertThat(byKey(onTime).get("total").summary().count()).isEqualTo(3);
    assertThat(byKey(onTime).get("total").summary().amount()).isEqualByComparingTo("30.00");
    assertThat(advanceTo(ONE_MINUTE_LATER.plusSeconds(30).toEpochMilli()))
        .as("nothing new after the final pane")
        .isEmpty();
  }

  @Test
  void lateDataWithinTheLatenessUpdatesItsWindowAsLatePanes() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    advanceTo(ONE_MINUTE_LATER.plusSeconds(30).toEpochMilli());

    tracker.add(row(NOON.plusSeconds(50), Region.SP, PaymentModality.DOC, approved()));
    List<WindowStats> late = advanceTo(ONE_MINUTE_LATER.plusSeconds(30).toEpochMilli());

    assertThat(byKey(late)).containsOnlyKeys("total", "regiao:SP", "modalidade:DOC", "versao:0");
    assertThat(late).allSatisfy(pane -> assertThat(pane.timing()).isEqualTo("LATE"));
    assertThat(byKey(late).get("total").summary().count()).isEqualTo(2);
    assertThat(tracker.droppedLate()).isZero();
  }

  @Test
  void dataPastTheLatenessIsDroppedAndTheWindowForgotten() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    advanceTo(PAST_THE_LATENESS.toEpochMilli());

    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    List<WindowStats> after = advanceTo(PAST_THE_LATENESS.toEpochMilli());

    assertThat(after).isEmpty();
    assertThat(tracker.droppedLate()).isEqualTo(1);
    assertThat(tracker.windows()).isZero();
  }

  @Test
  void aWindowThatNeverSawTheWatermarkBeforeExpiringStillGivesItsFinalPane() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));

    List<WindowStats> panes = advanceTo(PAST_THE_LATENESS.toEpochMilli());

    assertThat(panes).isNotEmpty().allSatisfy(pane -> assertThat(pane.isClosed()).isTrue());
    assertThat(tracker.windows()).isZero();
  }

  @Test
  void anEventTimeFarAheadOfItsKafkaTimeCountsAtTheKafkaTime() {
    Instant future = NOON.plus(Duration.ofHours(1));
    DecidedTransaction ahead =
        new DecidedTransaction(
            transaction(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "5.00",
                future,
                Region.SP,
                PaymentModality.PIX),
            new SourceRecord(FloorFixtures.TOPIC, 0, 1, null, new byte[0], TEN_SECONDS_IN),
            approved(),
            TEN_SECONDS_IN);

    tracker.add(ahead);

    assertThat(advanceTo(TEN_SECONDS_IN.toEpochMilli()))
        .allSatisfy(pane -> assertThat(pane.windowStart()).isEqualTo(NOON));
  }

  @Test
  void theWatermarkNeverMovesBack() {
    advanceTo(ONE_MINUTE_LATER.toEpochMilli());
    advanceTo(NOON.toEpochMilli());
    advanceTo(Long.MIN_VALUE);

    assertThat(tracker.watermark())
        .isEqualTo(ONE_MINUTE_LATER.minus(OUT_OF_ORDERNESS).toEpochMilli());
  }

  @Test
  void thePartitionReadFurthestBehindHoldsTheWatermark() {
    tracker.add(row(TEN_SECONDS_IN, Region.SP, PaymentModality.PIX, approved()));
    tracker.observe(0, PAST_THE_LATENESS.toEpochMilli());
    tracker.observe(1, TEN_SECONDS_IN.toEpochMilli());

    List<WindowStats> panes = tracker.advance();
    tracker.add(row(NOON.plusSeconds(20), Region.SP, PaymentModality.PIX, approved()));

    assertThat(panes).allSatisfy(pane -> assertThat(pane.timing()).isEqualTo("EARLY"));
    assertThat(tracker.watermark()).isEqualTo(NOON.plusSeconds(5).toEpochMilli());
    assertThat(tracker.droppedLate()).isZero();
  }

  /** Partition 0 read up to {@code eventMillis}, then the panes due. */
  private List<WindowStats> advanceTo(long eventMillis) {
    tracker.observe(0, eventMillis);
    return tracker.advance();
  }

  private DecidedTransaction row(
      Instant eventTime, Region region, PaymentModality modality, Decision decision) {
    return decided(
        transaction(UUID.randomUUID(), UUID.randomUUID(), "10.00", eventTime, region, modality),
        decision,
        offset++);
  }

  private static Map<String, WindowStats> byKey(List<WindowStats> panes) {
    return panes.stream().collect(Collectors.toMap(pane -> pane.key().toString(), pane -> pane));
  }
}
