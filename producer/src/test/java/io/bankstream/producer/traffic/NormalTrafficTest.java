package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.MIDNIGHT;
import static io.bankstream.producer.traffic.TrafficFixtures.TWO_SECONDS;
import static io.bankstream.producer.traffic.TrafficFixtures.localHour;
import static io.bankstream.producer.traffic.TrafficFixtures.median;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100,000 normal records (no fraud, no malformed) on a simulated clock of 10,000 records a day from
 * a São Paulo midnight, so they cover about ten whole days.
 */
class NormalTrafficTest {

  private static final int RECORDS = 100_000;
  private static final int USERS = 2_000;
  private static final double PER_DAY = 10_000;

  /** Modality shares against the mix: ±1 percentage point (std ≈ 0.15 pp). */
  private static final double MODALITY_SHARE_TOLERANCE = 0.01;

  /** Median amount per modality against the model's median: ±8% (std ≤ 1.6% for DOC). */
  private static final double AMOUNT_MEDIAN_TOLERANCE = 0.08;

  /** Each hour's share against the profile: ±0.5 percentage points (std ≤ 0.09 pp). */
  private static final double HOUR_SHARE_TOLERANCE = 0.005;

  /** Share of records in the payer's home UF against its expectation: ±1 pp (std ≈ 0.08 pp). */
  private static final double HOME_SHARE_TOLERANCE = 0.01;

  private static List<UserProfile> users;
  private static Map<UUID, UserProfile> usersById;
  private static final List<GeneratedRecord> records = new ArrayList<>(RECORDS);

  /** The clock's time (before disorder) behind each record. */
  private static final List<Instant> clockTimes = new ArrayList<>(RECORDS);

  @BeforeAll
  static void generate() {
    users = TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
    usersById = TrafficFixtures.byId(users);
    EventClock clock =
        TrafficFixtures.simulatedClock(MIDNIGHT, PER_DAY, TWO_SECONDS, TrafficFixtures.CLOCK_SEED);
    TransactionGenerator generator =
        new TransactionGenerator(users, TrafficModel.defaults(), clock, new Random(1), 0, 0);
    for (int i = 0; i < RECORDS; i++) {
      records.add(generator.next());
      clockTimes.add(clock.lastClockTime());
    }
    assertThat(generator.generated()).isEqualTo(RECORDS);
    assertThat(generator.countsByLabel()).containsExactly(Map.entry("normal", (long) RECORDS));
  }

  @Test
  void everyRecordIsAValidCompliantTransactionKeyedByItsPayer() {
    TransactionCodec codec = new TransactionCodec();
    for (GeneratedRecord record : records) {
      DecodeResult decoded = codec.decode(record.value());
      assertThat(decoded.transactionIfValid()).contains(record.transaction());
      Transaction t = record.transaction();
      assertThat(record.key()).isEqualTo(t.payerId().toString());
      assertThat(record.label()).isEqualTo(Scenario.NORMAL.label());
      UserProfile payer = usersById.get(t.payerId());
      assertThat(payer).isNotNull();
      assertThat(usersById).containsKey(t.receiverId());
      assertThat(t.amount())
          .isGreaterThanOrEqualTo(TrafficModel.MIN_AMOUNT)
          .isLessThanOrEqualTo(payer.limitFor(t.modality()));
      if (t.modality() == PaymentModality.PIX && TransactionGenerator.mayBeNight(t.eventTime())) {
        assertThat(t.amount()).isLessThanOrEqualTo(TrafficModel.NIGHT_PIX_CAP);
      }
    }
  }

  @Test
  void modalitiesFollowTheMix() {
    Map<PaymentModality, Integer> counts = new EnumMap<>(PaymentModality.class);
    for (GeneratedRecord record : records) {
      counts.merge(record.transaction().modality(), 1, Integer::sum);
    }
    TrafficModel model = TrafficModel.defaults();
    for (PaymentModality modality : PaymentModality.values()) {
      assertThat(counts.get(modality) / (double) RECORDS)
          .as("share of %s", modality)
          .isCloseTo(model.modalityShare(modality), within(MODALITY_SHARE_TOLERANCE));
    }
  }

  @Test
  void amountMediansFollowTheModel() {
    TrafficModel model = TrafficModel.defaults();
    for (PaymentModality modality : PaymentModality.values()) {
      double[] amounts =
          records.stream()
              .map(GeneratedRecord::transaction)
              .filter(t -> t.modality() == modality)
              .mapToDouble(t -> t.amount().doubleValue())
              .toArray();
      double expected = model.amounts().get(modality).median();
      assertThat(median(amounts))
          .as("median amount of %s", modality)
          .isCloseTo(expected, within(expected * AMOUNT_MEDIAN_TOLERANCE));
    }
  }

  @Test
  void hoursFollowTheDailyProfile() {
    int[] hours = new int[TrafficModel.HOURS_PER_DAY];
    for (GeneratedRecord record : records) {
      hours[localHour(record.transaction().eventTime())]++;
    }
    TrafficModel model = TrafficModel.defaults();
    for (int hour = 0; hour < hours.length; hour++) {
      assertThat(hours[hour] / (double) RECORDS)
          .as("share of records in hour %d", hour)
          .isCloseTo(model.hourShare(hour), within(HOUR_SHARE_TOLERANCE));
    }
  }

  @Test
  void mostRecordsAreMadeInThePayersHomeUf() {
    double population = 0;
    for (Region region : Region.values()) {
      population += region.populationMillions();
    }
    int home = 0;
    double expected = 0;
    double away = 1 - TrafficModel.defaults().homeRegionProbability();
    for (GeneratedRecord record : records) {
      Region payerHome = usersById.get(record.transaction().payerId()).homeRegion();
      home += record.transaction().region() == payerHome ? 1 : 0;
      // 0.92, plus the chance that the population-weighted draw lands on the home UF again.
      expected += 1 - away + away * payerHome.populationMillions() / population;
    }
    assertThat(home / (double) RECORDS).isCloseTo(expected / RECORDS, within(HOME_SHARE_TOLERANCE));
    assertThat(expected / RECORDS).isBetween(0.92, 0.94);
  }

  /**
   * Each event time lies in [clock time - maxDisorder, clock time] and the clock never goes back,
   * so no event time is more than maxDisorder before the previous record's clock time.
   */
  @Test
  void disorderIsBounded() {
    Instant previousClock = MIDNIGHT;
    for (int i = 0; i < RECORDS; i++) {
      Instant event = records.get(i).transaction().eventTime();
      Instant clockTime = clockTimes.get(i);
      assertThat(clockTime).isAfterOrEqualTo(previousClock);
      assertThat(event).isBetween(clockTime.minus(TWO_SECONDS), clockTime);
      assertThat(event).isAfterOrEqualTo(previousClock.minus(TWO_SECONDS));
      previousClock = clockTime;
    }
  }
}
