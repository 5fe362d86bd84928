package io.bankstream.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.rules.PayerState.Recent;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The aggregate limits' history in primitive arrays keeps and measures exactly what the list of
 * records it replaced did: checked against that list's algorithm (kept here as the reference) over
 * random payers whose events come in and out of order, at equal instants, past the count cap, and
 * across the chunks it is held in.
 */
class LimitHistoryTest {

  private static final Instant NOON = RulesFixtures.NOON;
  private static final List<RulesConfig.AggregateLimit> LIMITS =
      List.of(
          new RulesConfig.AggregateLimit(
              "SOMA", "", RulesConfig.Measure.SUM, Duration.ofSeconds(40), BigDecimal.TEN, "ANY"),
          new RulesConfig.AggregateLimit(
              "PIXES",
              "",
              RulesConfig.Measure.COUNT,
              Duration.ofSeconds(15),
              BigDecimal.TEN,
              "PIX"),
          new RulesConfig.AggregateLimit(
              "UFS",
              "",
              RulesConfig.Measure.DISTINCT_UFS,
              Duration.ofSeconds(60),
              BigDecimal.TEN,
              "ANY"));

  @Test
  void keepsAndMeasuresWhatTheListOfRecordsDid() {
    Random random = new Random(2026);
    for (int payer = 0; payer < 300; payer++) {
      // Windows and caps from a few entries to several chunks of them.
      Duration window = Duration.ofMillis(1 + random.nextInt(400_000));
      int maxCount = 1 + random.nextInt(4 * LimitHistory.CHUNK);
      LimitHistory history = LimitHistory.empty();
      List<Recent> reference = List.of();
      Instant latest = NOON;
      for (int step = 0; step < 400; step++) {
        Recent entry = randomEntry(random, latest);
        latest = entry.eventTime().isAfter(latest) ? entry.eventTime() : latest;
        for (RulesConfig.AggregateLimit limit : LIMITS) {
          Instant from = entry.eventTime().minus(limit.window());
          assertThat(history.approvedSum(from, entry.eventTime(), limit))
              .isEqualTo(referenceSum(reference, from, entry.eventTime(), limit));
          assertThat(history.count(from, entry.eventTime(), limit))
              .isEqualTo(between(reference, from, entry.eventTime(), limit).size());
          EnumSet<Region> regions = EnumSet.noneOf(Region.class);
          history.addRegions(from, entry.eventTime(), limit, regions);
          EnumSet<Region> expected = EnumSet.noneOf(Region.class);
          between(reference, from, entry.eventTime(), limit)
              .forEach(recent -> expected.add(recent.region()));
          assertThat(regions).isEqualTo(expected);
        }
        history = history.plus(entry, window, maxCount);
        reference = ListHistory.plus(reference, entry, window, maxCount);
        assertThat(history).containsExactlyElementsOf(reference);
        assertThat(history).isEqualTo(reference).hasSameHashCodeAs(reference);
        assertThat(LimitHistory.of(reference)).isEqualTo(history);
      }
    }
  }

  @Test
  void ordersWhatItIsGivenByEventTimeKeepingTiesInOrder() {
    Recent late = recent(NOON.plusSeconds(5), "1.00", true);
    Recent tieFirst = recent(NOON, "2.00", false);
    Recent tieSecond = recent(NOON, "3.00", true);

    assertThat(LimitHistory.of(List.of(late, tieFirst, tieSecond)))
        .containsExactly(tieFirst, tieSecond, late);
  }

  @Test
  void givesAmountsBackAtScaleTwoAndRefusesMoreDecimals() {
    assertThat(LimitHistory.of(List.of(recent(NOON, "7", true))).get(0).amount())
        .isEqualTo(new BigDecimal("7.00"));
    assertThatThrownBy(() -> LimitHistory.of(List.of(recent(NOON, "0.001", true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.001");
  }

  @Test
  void aStateThatWentThroughJavaSerializationIsEqual() throws Exception {
    LimitHistory history =
        LimitHistory.of(
            List.of(recent(Instant.MIN, "0.01", false), recent(Instant.MAX, "99999.99", true)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(history);
    }
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(history);
    }
  }

  private static Recent randomEntry(Random random, Instant latest) {
    // Mostly forward in time, sometimes at the same instant, sometimes back-dated.
    int roll = random.nextInt(10);
    Instant time =
        roll < 6
            ? latest.plusMillis(random.nextInt(5_000))
            : roll < 8 ? latest : latest.minusMillis(random.nextInt(90_000));
    return new Recent(
        time.plusNanos(random.nextInt(3)),
        BigDecimal.valueOf(1 + random.nextInt(100_000), 2),
        Region.values()[random.nextInt(Region.values().length)],
        PaymentModality.values()[random.nextInt(PaymentModality.values().length)],
        random.nextBoolean());
  }

  private static Recent recent(Instant time, String amount, boolean approved) {
    return new Recent(time, new BigDecimal(amount), Region.SP, PaymentModality.PIX, approved);
  }

  private static List<Recent> between(
      List<Recent> history, Instant from, Instant to, RulesConfig.AggregateLimit limit) {
    return history.stream()
        .filter(
            recent ->
                recent.eventTime().isAfter(from)
                    && !recent.eventTime().isAfter(to)
                    && limit.covers(recent.modality()))
        .toList();
  }

  private static BigDecimal referenceSum(
      List<Recent> history, Instant from, Instant to, RulesConfig.AggregateLimit limit) {
    BigDecimal sum = new BigDecimal("0.00");
    for (Recent recent : between(history, from, to, limit)) {
      if (recent.approved()) {
        sum = sum.add(recent.amount());
      }
    }
    return sum;
  }
}
