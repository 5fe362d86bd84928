package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.LATE_NIGHT;
import static io.bankstream.producer.traffic.TrafficFixtures.MIDNIGHT;
import static io.bankstream.producer.traffic.TrafficFixtures.NOON;
import static io.bankstream.producer.traffic.TrafficFixtures.TWO_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Forces each fraud scenario through the generator's test hook and checks what it documents. */
class FraudScenarioTest {

  private static final int USERS = 500;
  private static final int OCCURRENCES = 300;
  private static final Duration ONE_MINUTE = Duration.ofSeconds(60);
  private static final BigDecimal PIX_MEDIAN = new BigDecimal("80");
  private static final TransactionCodec CODEC = new TransactionCodec();

  private static final List<UserProfile> users =
      TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
  private static final Map<UUID, UserProfile> usersById = TrafficFixtures.byId(users);

  @Test
  void velocityBurstIsTwelveToTwentySmallPixByOnePayerWithinAMinute() {
    TransactionGenerator generator = dayGenerator();
    Set<Integer> sizes = new HashSet<>();
    for (int i = 0; i < OCCURRENCES; i++) {
      List<GeneratedRecord> burst = checked(generator.generateScenario(Scenario.VELOCITY_BURST));
      sizes.add(burst.size());
      assertThat(burst).hasSizeBetween(12, 20);
      UserProfile payer = singlePayer(burst);
      Instant first = Instant.MAX;
      Instant last = Instant.MIN;
      for (GeneratedRecord record : burst) {
        Transaction t = record.transaction();
        assertThat(t.modality()).isEqualTo(PaymentModality.PIX);
        assertThat(t.region()).isEqualTo(payer.homeRegion());
        assertThat(t.amount())
            .isBetween(new BigDecimal("5.00"), new BigDecimal("60.00"))
            .isLessThanOrEqualTo(payer.limitFor(PaymentModality.PIX));
        first = t.eventTime().isBefore(first) ? t.eventTime() : first;
        last = t.eventTime().isAfter(last) ? t.eventTime() : last;
      }
      assertThat(Duration.between(first, last)).isLessThan(ONE_MINUTE);
    }
    assertThat(sizes).contains(12, 20);
    assertThat(Scenario.VELOCITY_BURST.expectedRules()).containsExactly("VELOCIDADE");
  }

  @Test
  void accountTakeoverIsOneLargePixFromAFarUfWithinBalanceAndLimit() {
    EventClock clock = TrafficFixtures.simulatedClock(NOON, 10_000, TWO_SECONDS, 21);
    TransactionGenerator generator = generator(clock);
    for (int i = 0; i < OCCURRENCES; i++) {
      List<GeneratedRecord> records =
          checked(generator.generateScenario(Scenario.ACCOUNT_TAKEOVER));
      assertThat(records).hasSize(1);
      Transaction t = records.get(0).transaction();
      UserProfile payer = singlePayer(records);
      assertThat(t.modality()).isEqualTo(PaymentModality.PIX);
      assertThat(t.region().distanceKm(payer.homeRegion())).isGreaterThanOrEqualTo(1_500);
      assertThat(t.amount())
          .isBetween(PIX_MEDIAN.multiply(BigDecimal.TEN), PIX_MEDIAN.multiply(new BigDecimal(40)))
          .isLessThanOrEqualTo(payer.balance())
          .isLessThanOrEqualTo(payer.limitFor(PaymentModality.PIX));
      Instant clockTime = clock.lastClockTime();
      assertThat(t.eventTime()).isBetween(clockTime.minus(TWO_SECONDS), clockTime);
    }
    assertThat(Scenario.ACCOUNT_TAKEOVER.expectedRules()).containsExactly("RISCO");
  }

  @Test
  void balanceDrainIsThreeToSixTedsAboveTheBalanceEachWithinTheLimit() {
    TransactionGenerator generator = dayGenerator();
    Set<Integer> sizes = new HashSet<>();
    for (int i = 0; i < OCCURRENCES; i++) {
      List<GeneratedRecord> drain = checked(generator.generateScenario(Scenario.BALANCE_DRAIN));
      sizes.add(drain.size());
      assertThat(drain).hasSizeBetween(3, 6);
      UserProfile payer = singlePayer(drain);
      BigDecimal total = BigDecimal.ZERO;
      for (GeneratedRecord record : drain) {
        Transaction t = record.transaction();
        assertThat(t.modality()).isEqualTo(PaymentModality.TED);
        assertThat(t.region()).isEqualTo(payer.homeRegion());
        assertThat(t.amount()).isLessThanOrEqualTo(payer.limitFor(PaymentModality.TED));
        total = total.add(t.amount());
      }
      assertThat(total).isGreaterThan(payer.balance().multiply(new BigDecimal("1.2")));
      assertThat(timeSpan(drain)).isLessThan(ONE_MINUTE);
    }
    assertThat(sizes).contains(3, 6);
    assertThat(Scenario.BALANCE_DRAIN.expectedRules()).containsExactly("SALDO");
  }

  @Test
  void limitProbingIsTwoToFourPaymentsJustAboveTheLimitInOneModality() {
    TransactionGenerator generator = dayGenerator();
    Set<PaymentModality> modalities = EnumSet.noneOf(PaymentModality.class);
    for (int i = 0; i < OCCURRENCES; i++) {
      List<GeneratedRecord> probe = checked(generator.generateScenario(Scenario.LIMIT_PROBING));
      assertThat(probe).hasSizeBetween(2, 4);
      UserProfile payer = singlePayer(probe);
      PaymentModality modality = probe.get(0).transaction().modality();
      modalities.add(modality);
      BigDecimal limit = payer.limitFor(modality);
      for (GeneratedRecord record : probe) {
        Transaction t = record.transaction();
        assertThat(t.modality()).isEqualTo(modality);
        assertThat(t.amount())
            .isGreaterThan(limit)
            .isLessThanOrEqualTo(limit.multiply(new BigDecimal("1.05")));
      }
    }
    assertThat(modalities).containsExactlyInAnyOrder(PaymentModality.values());
    assertThat(Scenario.LIMIT_PROBING.expectedRules()).containsExactly("LIMITE");
  }

  @Test
  void nightPixIsOneLargePixAtNightInTheHomeUf() {
    Clock fixedNight = Clock.fixed(LATE_NIGHT, ZoneOffset.UTC);
    TransactionGenerator generator =
        generator(EventClock.live(fixedNight, TWO_SECONDS, new Random(31)));
    for (int i = 0; i < OCCURRENCES; i++) {
      List<GeneratedRecord> records = checked(generator.generateScenario(Scenario.NIGHT_PIX));
      assertThat(records).hasSize(1);
      Transaction t = records.get(0).transaction();
      UserProfile payer = singlePayer(records);
      assertThat(TrafficModel.isNight(t.eventTime())).isTrue();
      assertThat(t.modality()).isEqualTo(PaymentModality.PIX);
      assertThat(t.region()).isEqualTo(payer.homeRegion());
      assertThat(t.amount())
          .isBetween(new BigDecimal("1000.01"), new BigDecimal("3000.00"))
          .isLessThanOrEqualTo(payer.limitFor(PaymentModality.PIX))
          .isLessThanOrEqualTo(payer.balance());
    }
    assertThat(Scenario.NIGHT_PIX.expectedRules()).containsExactly("PIX_NOTURNO");
  }

  @Test
  void nightPixIsRefusedByDayAndOnlyChosenAtNight() {
    assertThatThrownBy(() -> dayGenerator().generateScenario(Scenario.NIGHT_PIX))
        .isInstanceOf(IllegalStateException.class);
    TransactionGenerator generator =
        TrafficFixtures.generator(users, MIDNIGHT, 20_000, TWO_SECONDS, 0.5, 0);
    int nightPix = 0;
    for (int i = 0; i < 40_000; i++) {
      GeneratedRecord record = generator.next();
      if (record.label().equals(Scenario.NIGHT_PIX.label())) {
        nightPix++;
        assertThat(TransactionGenerator.surelyNight(record.transaction().eventTime())).isTrue();
      }
    }
    assertThat(nightPix).isGreaterThan(50);
  }

  @Test
  void labelsAndRulesAreTheDocumentedOnes() {
    assertThat(Scenario.NORMAL.label()).isEqualTo("normal");
    assertThat(Scenario.NORMAL.expectedRules()).isEmpty();
    assertThat(Scenario.NORMAL.isFraud()).isFalse();
    for (Scenario scenario : Scenario.values()) {
      if (scenario.isFraud()) {
        assertThat(scenario.label()).isEqualTo("fraud:" + scenario.name().toLowerCase(Locale.ROOT));
        assertThat(scenario.expectedRules()).hasSize(1);
      }
    }
    assertThat(GeneratedRecord.LABEL_HEADER).isEqualTo("bankstream-scenario");
  }

  private static TransactionGenerator dayGenerator() {
    return generator(TrafficFixtures.simulatedClock(NOON, 10_000, TWO_SECONDS, 17));
  }

  private static TransactionGenerator generator(EventClock clock) {
    return new TransactionGenerator(
        users, TrafficModel.defaults(), clock, new Random(TrafficFixtures.TRAFFIC_SEED), 0, 0);
  }

  /**
   * {@code records}, after checking they carry the same fraud label, decode to their transaction
   * and are keyed by their payer.
   */
  private static List<GeneratedRecord> checked(List<GeneratedRecord> records) {
    assertThat(records).isNotEmpty();
    String label = records.get(0).label();
    assertThat(label).startsWith("fraud:");
    for (GeneratedRecord record : records) {
      assertThat(record.label()).isEqualTo(label);
      assertThat(CODEC.decode(record.value()).transactionIfValid()).contains(record.transaction());
      assertThat(record.key()).isEqualTo(record.transaction().payerId().toString());
      assertThat(usersById).containsKey(record.transaction().receiverId());
    }
    return records;
  }

  /** The one payer of all {@code records}. */
  private static UserProfile singlePayer(List<GeneratedRecord> records) {
    UUID payer = records.get(0).transaction().payerId();
    assertThat(records).allMatch(r -> r.transaction().payerId().equals(payer));
    assertThat(usersById).containsKey(payer);
    return usersById.get(payer);
  }

  private static Duration timeSpan(List<GeneratedRecord> records) {
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    for (GeneratedRecord record : records) {
      Instant t = record.transaction().eventTime();
      first = t.isBefore(first) ? t : first;
      last = t.isAfter(last) ? t : last;
    }
    return Duration.between(first, last);
  }
}
