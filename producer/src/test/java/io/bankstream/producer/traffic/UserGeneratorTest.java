package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.CREATED_AT;
import static io.bankstream.producer.traffic.TrafficFixtures.median;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserGeneratorTest {

  private static final int USER_COUNT = 20_000;

  /** Each UF's share of users, against its share of the population: ±1.5 percentage points. */
  private static final double UF_SHARE_TOLERANCE = 0.015;

  /** Sample medians of balance and limits against the distribution's median: ±10%. */
  private static final double MEDIAN_TOLERANCE = 0.10;

  private static List<UserProfile> users;

  @BeforeAll
  static void generateUsers() {
    users = TrafficFixtures.users(TrafficFixtures.USER_SEED, USER_COUNT);
  }

  @Test
  void homeRegionsFollowThePopulation() {
    Map<Region, Integer> counts = new EnumMap<>(Region.class);
    for (UserProfile user : users) {
      counts.merge(user.homeRegion(), 1, Integer::sum);
    }
    double population = 0;
    for (Region region : Region.values()) {
      population += region.populationMillions();
    }
    for (Region region : Region.values()) {
      double share = counts.getOrDefault(region, 0) / (double) USER_COUNT;
      assertThat(share)
          .as("share of users living in %s", region)
          .isCloseTo(region.populationMillions() / population, within(UF_SHARE_TOLERANCE));
    }
    assertThat(counts.get(Region.SP) / (double) USER_COUNT)
        .isCloseTo(44.4 / 203.1, within(UF_SHARE_TOLERANCE));
  }

  @Test
  void balancesAreLogNormalAroundTheMedianWithinTheClamp() {
    double[] balances = new double[USER_COUNT];
    for (int i = 0; i < USER_COUNT; i++) {
      BigDecimal balance = users.get(i).balance();
      assertThat(balance.scale()).isEqualTo(Money.SCALE);
      assertThat(balance)
          .isBetween(UserGenerator.BALANCE_MIN, UserGenerator.BALANCE_MAX)
          .isNotNegative();
      balances[i] = balance.doubleValue();
    }
    assertThat(median(balances))
        .isCloseTo(
            UserGenerator.BALANCE_MEDIAN, within(UserGenerator.BALANCE_MEDIAN * MEDIAN_TOLERANCE));
  }

  @ParameterizedTest
  @EnumSource(PaymentModality.class)
  void limitsAreWholeReaisAroundTheMedianWithinTheClamp(PaymentModality modality) {
    UserGenerator.LimitDistribution distribution = UserGenerator.limitDistribution(modality);
    double[] limits = new double[USER_COUNT];
    for (int i = 0; i < USER_COUNT; i++) {
      BigDecimal limit = users.get(i).limitFor(modality);
      assertThat(limit.scale()).isEqualTo(Money.SCALE);
      assertThat(limit.remainder(BigDecimal.ONE)).isZero();
      assertThat(limit).isBetween(distribution.min(), distribution.max()).isNotNegative();
      limits[i] = limit.doubleValue();
    }
    double expected = distribution.amount().median();
    assertThat(median(limits)).isCloseTo(expected, within(expected * MEDIAN_TOLERANCE));
  }

  @Test
  void idsAreUniqueVersion4Uuids() {
    Set<UUID> ids = new HashSet<>();
    for (UserProfile user : users) {
      assertThat(user.id().version()).isEqualTo(4);
      assertThat(user.id().variant()).isEqualTo(2);
      ids.add(user.id());
      assertThat(user.createdAt()).isEqualTo(CREATED_AT);
    }
    assertThat(ids).hasSize(USER_COUNT);
  }

  @Test
  void theSameSeedGivesTheSameUsersAndAnotherSeedOthers() {
    List<UserProfile> first = new UserGenerator(new Random(7)).generate(500, CREATED_AT);
    List<UserProfile> again = new UserGenerator(new Random(7)).generate(500, CREATED_AT);
    List<UserProfile> other = new UserGenerator(new Random(8)).generate(500, CREATED_AT);
    assertThat(again).isEqualTo(first);
    assertThat(other.get(0).id()).isNotEqualTo(first.get(0).id());
    assertThat(other).doesNotContainAnyElementsOf(first);
  }

  @Test
  void refusesANegativeCount() {
    UserGenerator generator = new UserGenerator(new Random(1));
    assertThatThrownBy(() -> generator.generate(-1, CREATED_AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    assertThat(generator.generate(0, CREATED_AT)).isEmpty();
  }
}
