package io.bankstream.producer.traffic;

import io.bankstream.model.Money;
import io.bankstream.model.Region;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Small deterministic helpers shared by the generators: ids, cents, weighted regions. */
final class Sampling {

  private static final long VERSION_MASK = 0xF000L;
  private static final long VERSION_4 = 0x4000L;
  private static final long VARIANT_MASK = 0x3FFFFFFFFFFFFFFFL;
  private static final long VARIANT_IETF = 0x8000000000000000L;

  private Sampling() {}

  /** A random (version 4, IETF variant) UUID drawn from {@code random}: two longs. */
  static UUID uuid(Random random) {
    long msb = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
    long lsb = (random.nextLong() & VARIANT_MASK) | VARIANT_IETF;
    return new UUID(msb, lsb);
  }

  /** {@code value} in reais rounded half-up to cents. */
  static BigDecimal cents(double value) {
    return BigDecimal.valueOf(value).setScale(Money.SCALE, RoundingMode.HALF_UP);
  }

  /** {@code value} rounded half-up to whole reais, written at scale 2. */
  static BigDecimal wholeReais(double value) {
    return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP).setScale(Money.SCALE);
  }

  /** {@code value} clamped to {@code [min, max]}. */
  static BigDecimal clamp(BigDecimal value, BigDecimal min, BigDecimal max) {
    return value.max(min).min(max);
  }

  /** The amount of {@code cents} hundredths of a real, at scale 2. */
  static BigDecimal ofCents(long cents) {
    return BigDecimal.valueOf(cents, Money.SCALE);
  }

  /** {@code amount} (at most two decimals) in cents. */
  static long toCents(BigDecimal amount) {
    return amount.setScale(Money.SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  /** A uniform whole number of cents in {@code [lowCents, highCents]}, both inclusive. */
  static long uniformCents(Random random, long lowCents, long highCents) {
    if (highCents <= lowCents) {
      return lowCents;
    }
    return lowCents + random.nextLong(highCents - lowCents + 1);
  }

  /** A uniform amount in {@code [low, high]} (at scale 2), both inclusive. */
  static BigDecimal uniformAmount(Random random, BigDecimal low, BigDecimal high) {
    return ofCents(uniformCents(random, toCents(low), toCents(high)));
  }

  /** All 27 UFs weighted by population (2022 census). */
  static WeightedSampler<Region> regionsByPopulation() {
    return regionsByPopulation(List.of(Region.values()));
  }

  /** {@code regions} weighted by population; empty list gives {@code null}. */
  static WeightedSampler<Region> regionsByPopulation(List<Region> regions) {
    if (regions.isEmpty()) {
      return null;
    }
    double[] weights = new double[regions.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = regions.get(i).populationMillions();
    }
    return new WeightedSampler<>(regions, weights);
  }

  /** The UFs whose capital is at least {@code minKm} from {@code home}'s, in enum order. */
  static List<Region> regionsAtLeast(Region home, double minKm) {
    List<Region> far = new ArrayList<>();
    for (Region region : Region.values()) {
      if (home.distanceKm(region) >= minKm) {
        far.add(region);
      }
    }
    return far;
  }
}
