package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.MIDNIGHT;
import static io.bankstream.producer.traffic.TrafficFixtures.TWO_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.model.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransactionGeneratorTest {

  private static final int USERS = 1_000;
  private static final double PER_DAY = 50_000;
  private static final int SEQUENCE = 5_000;
  private static final int RECORDS = 100_000;
  private static final double FRAUD_RATE = 0.05;
  private static final double MALFORMED_RATE = 0.01;

  /**
   * Fraud share against fraudRate: ±1 pp. Fraud records come in scenarios of up to 20 (about 850
   * scenarios in 100,000 records), so the share's standard deviation is about 0.25 pp.
   */
  private static final double FRAUD_SHARE_TOLERANCE = 0.01;

  /** Malformed share against malformedRate: ±0.2 pp (about 1,000 records, std ≈ 0.03 pp). */
  private static final double MALFORMED_SHARE_TOLERANCE = 0.002;

  @Test
  void theSameSeedsGiveTheSameRecordsByteForByte() {
    List<GeneratedRecord> first = sequence(TrafficFixtures.USER_SEED, TrafficFixtures.TRAFFIC_SEED);
    List<GeneratedRecord> again = sequence(TrafficFixtures.USER_SEED, TrafficFixtures.TRAFFIC_SEED);
    assertThat(again).isEqualTo(first);
    for (int i = 0; i < SEQUENCE; i++) {
      assertThat(again.get(i).value()).isEqualTo(first.get(i).value());
      assertThat(again.get(i).key()).isEqualTo(first.get(i).key());
      assertThat(again.get(i).label()).isEqualTo(first.get(i).label());
    }
    assertThat(first).anyMatch(GeneratedRecord::isFraud).anyMatch(GeneratedRecord::isMalformed);
  }

  @Test
  void anotherSeedGivesOtherRecords() {
    List<GeneratedRecord> first = sequence(TrafficFixtures.USER_SEED, TrafficFixtures.TRAFFIC_SEED);
    List<GeneratedRecord> otherTraffic =
        sequence(TrafficFixtures.USER_SEED, TrafficFixtures.TRAFFIC_SEED + 1);
    List<GeneratedRecord> otherUsers =
        sequence(TrafficFixtures.USER_SEED + 1, TrafficFixtures.TRAFFIC_SEED);
    assertThat(otherTraffic.get(0)).isNotEqualTo(first.get(0));
    assertThat(otherTraffic).doesNotContainAnyElementsOf(first);
    assertThat(otherUsers.get(0).key()).isNotEqualTo(first.get(0).key());
  }

  @Test
  void ratesAreFractionsOfRecords() {
    List<UserProfile> users = TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
    TransactionGenerator generator =
        TrafficFixtures.generator(
            users, MIDNIGHT, PER_DAY, TWO_SECONDS, FRAUD_RATE, MALFORMED_RATE);
    long fraud = 0;
    long malformed = 0;
    for (int i = 0; i < RECORDS; i++) {
      GeneratedRecord record = generator.next();
      fraud += record.isFraud() ? 1 : 0;
      malformed += record.isMalformed() ? 1 : 0;
    }
    assertThat(fraud / (double) RECORDS).isCloseTo(FRAUD_RATE, within(FRAUD_SHARE_TOLERANCE));
    assertThat(malformed / (double) RECORDS)
        .isCloseTo(MALFORMED_RATE, within(MALFORMED_SHARE_TOLERANCE));

    assertThat(generator.generated()).isEqualTo(RECORDS);
    Map<String, Long> counts = generator.countsByLabel();
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
    for (Scenario scenario : Scenario.values()) {
      assertThat(counts).containsKey(scenario.label());
    }
    for (MalformedKind kind : MalformedKind.values()) {
      assertThat(counts).containsKey(kind.label());
    }
    assertThat(new ArrayList<>(counts.keySet())).isSorted();
  }

  @Test
  void withoutFraudTheMalformedShareIsTheRate() {
    List<UserProfile> users = TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
    TransactionGenerator generator =
        TrafficFixtures.generator(users, MIDNIGHT, PER_DAY, TWO_SECONDS, 0, 0.2);
    long malformed = 0;
    for (int i = 0; i < 20_000; i++) {
      malformed += generator.next().isMalformed() ? 1 : 0;
    }
    assertThat(malformed / 20_000.0).isCloseTo(0.2, within(0.01));
  }

  @Test
  void theRecordsOfAScenarioAreConsecutive() {
    List<UserProfile> users = TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
    TransactionGenerator generator =
        TrafficFixtures.generator(users, MIDNIGHT, PER_DAY, TWO_SECONDS, 0.3, 0);
    List<Integer> burstRuns = new ArrayList<>();
    String runKey = null;
    int run = 0;
    for (int i = 0; i < 20_000; i++) {
      GeneratedRecord record = generator.next();
      boolean burst = record.label().equals(Scenario.VELOCITY_BURST.label());
      if (burst && record.key().equals(runKey)) {
        run++;
        continue;
      }
      if (run > 0) {
        burstRuns.add(run);
      }
      runKey = burst ? record.key() : null;
      run = burst ? 1 : 0;
    }
    assertThat(burstRuns).hasSizeGreaterThan(50).allMatch(n -> n >= 12 && n <= 20);
  }

  @Test
  void refusesBadArgumentsNamingThem() {
    List<UserProfile> users = TrafficFixtures.users(1, 3);
    TrafficModel model = TrafficModel.defaults();
    EventClock clock = TrafficFixtures.simulatedClock(MIDNIGHT, 10, TWO_SECONDS, 1);
    Random random = new Random(1);
    assertThatThrownBy(
            () -> new TransactionGenerator(users.subList(0, 1), model, clock, random, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users");
    assertThatThrownBy(
            () ->
                new TransactionGenerator(
                    List.of(users.get(0), users.get(0)), model, clock, random, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users");
    assertThatThrownBy(() -> new TransactionGenerator(users, model, clock, random, -0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraudRate");
    assertThatThrownBy(() -> new TransactionGenerator(users, model, clock, random, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraudRate");
    assertThatThrownBy(() -> new TransactionGenerator(users, model, clock, random, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformedRate");
    assertThatThrownBy(() -> new TransactionGenerator(users, model, clock, random, 0.6, 0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraudRate + malformedRate");
    assertThatThrownBy(() -> new TransactionGenerator(users, model, clock, random, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformedRate");
    assertThat(new TransactionGenerator(users.subList(0, 2), model, clock, random, 0, 0).next())
        .isNotNull();
  }

  /** {@value #SEQUENCE} records with fraud and malformed ones, from fresh seeded generators. */
  private static List<GeneratedRecord> sequence(long userSeed, long trafficSeed) {
    List<UserProfile> users = TrafficFixtures.users(userSeed, USERS);
    TransactionGenerator generator =
        new TransactionGenerator(
            users,
            TrafficModel.defaults(),
            EventClock.simulated(
                MIDNIGHT,
                PER_DAY,
                TWO_SECONDS,
                TrafficModel.defaults(),
                new Random(trafficSeed + 1_000)),
            new Random(trafficSeed),
            0.1,
            0.05);
    List<GeneratedRecord> records = new ArrayList<>(SEQUENCE);
    for (int i = 0; i < SEQUENCE; i++) {
      records.add(generator.next());
    }
    return records;
  }
}
