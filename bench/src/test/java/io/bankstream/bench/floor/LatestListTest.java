package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.approved;
import static io.bankstream.bench.floor.FloorFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LatestListTest {

  @Test
  void keepsTheNewestByDecisionTimeAndAsksRedisForTheirJsonOnly() {
    LatestList list = new LatestList(3, false);
    List<DecidedTransaction> batch = rows(10, approved());

    list.offerAll(batch);
    LatestList.Changes changes = list.changes();

    List<String> newest = ids(batch.subList(7, 10));
    assertThat(list.ids()).containsExactlyElementsOf(newest);
    assertThat(changes.scores()).containsOnlyKeys(newest);
    assertThat(changes.json()).containsOnlyKeys(newest);
    assertThat(changes.json().get(newest.get(2)))
        .contains("\"id\":\"" + newest.get(2) + "\"", "\"approved\":true");
    assertThat(changes.removed()).isEmpty();
  }

  @Test
  void afterAWriteOnlyWhatChangedIsAskedForAndWhatFellOutIsDropped() {
    LatestList list = new LatestList(3, false);
    List<DecidedTransaction> first = rows(3, approved());
    list.offerAll(first);
    list.changes();
    list.written();

    List<DecidedTransaction> second = rows(2, approved(), 100);
    list.offerAll(second);
    LatestList.Changes changes = list.changes();

    assertThat(changes.scores()).containsOnlyKeys(ids(second));
    assertThat(changes.removed()).containsExactlyInAnyOrderElementsOf(ids(first.subList(0, 2)));
    list.written();
    assertThat(list.changes().isEmpty()).isTrue();
  }

  @Test
  void aFailedWriteIsAskedForAgainWithWhatCameSince() {
    LatestList list = new LatestList(5, false);
    List<DecidedTransaction> first = rows(2, approved());
    list.offerAll(first);
    list.changes(); // Sent, but Redis was down: no written().

    List<DecidedTransaction> second = rows(2, approved(), 100);
    list.offerAll(second);

    List<String> all = new ArrayList<>(ids(first));
    all.addAll(ids(second));
    assertThat(list.changes().scores()).containsOnlyKeys(all);
  }

  @Test
  void theRejectionsListTakesRejectedTransactionsOnly() {
    LatestList list = new LatestList(10, true);
    List<DecidedTransaction> batch = new ArrayList<>(rows(2, approved()));
    batch.addAll(rows(2, rejected("LIMITE"), 100));

    list.offerAll(batch);

    assertThat(list.ids()).containsExactlyElementsOf(ids(batch.subList(2, 4)));
  }

  @Test
  void aSeedFromRedisIsCappedAndWhatFallsOutIsDroppedFromRedis() {
    LatestList list = new LatestList(2, false);
    list.seed(Map.of("old-a", 1.0, "old-b", 2.0, "old-c", 3.0));

    assertThat(list.ids()).containsExactly("old-b", "old-c");
    assertThat(list.changes().removed()).containsExactly("old-a");
    assertThat(list.changes().scores()).isEmpty();

    List<DecidedTransaction> batch = rows(1, approved());
    list.offerAll(batch);
    LatestList.Changes changes = list.changes();
    assertThat(changes.scores()).containsOnlyKeys(ids(batch));
    assertThat(changes.removed()).containsExactlyInAnyOrder("old-a", "old-b");
  }

  @Test
  void equalDecisionTimesAreRankedByIdAsRedisRanksThem() {
    LatestList list = new LatestList(1, false);
    UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
    UUID high = UUID.fromString("ffffffff-0000-0000-0000-000000000001");

    list.offerAll(List.of(row(high, 5, approved()), row(low, 5, approved())));

    assertThat(list.ids()).containsExactly(high.toString());
  }

  /** {@code count} rows decided one millisecond apart, from {@code NOON + firstMillis}. */
  private static List<DecidedTransaction> rows(int count, Decision decision, long firstMillis) {
    List<DecidedTransaction> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row(UUID.randomUUID(), firstMillis + i, decision));
    }
    return rows;
  }

  private static List<DecidedTransaction> rows(int count, Decision decision) {
    return rows(count, decision, 0);
  }

  private static DecidedTransaction row(UUID id, long decidedMillis, Decision decision) {
    return new DecidedTransaction(
        new Transaction(
            id,
            UUID.randomUUID(),
            UUID.randomUUID(),
            Region.SP,
            PaymentModality.PIX,
            NOON,
            Money.of("1.00")),
        new SourceRecord(FloorFixtures.TOPIC, 0, decidedMillis, null, new byte[0], NOON),
        decision,
        NOON.plusMillis(decidedMillis));
  }

  private static List<String> ids(List<DecidedTransaction> rows) {
    return rows.stream().map(row -> row.transaction().id().toString()).toList();
  }
}
