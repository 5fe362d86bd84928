package io.bankstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegionTest {

  @Test
  void holdsTheTwentySevenUfsWithThe2022Population() {
    assertThat(Region.values()).hasSize(27);
    double total = Arrays.stream(Region.values()).mapToDouble(Region::populationMillions).sum();
    assertThat(total).isCloseTo(203.1, within(0.5)); // Brazil, 2022 census: 203.1 million.
    assertThat(Region.SP.populationMillions()).isEqualTo(44.4);
    assertThat(Region.SP.displayName()).isEqualTo("São Paulo");
  }

  @Test
  void everyCapitalLiesInsideBrazil() {
    for (Region region : Region.values()) {
      assertThat(region.latitude()).as(region.code()).isBetween(-34.0, 5.3);
      assertThat(region.longitude()).as(region.code()).isBetween(-74.0, -34.7);
    }
  }

  @Test
  void distanceBetweenCapitalsIsTheGreatCircleDistance() {
    // São Paulo to Rio de Janeiro is about 357 km; to Manaus about 2,690 km.
    assertThat(Region.SP.distanceKm(Region.RJ)).isCloseTo(357, within(5.0));
    assertThat(Region.SP.distanceKm(Region.AM)).isCloseTo(2690, within(30.0));
    assertThat(Region.RS.distanceKm(Region.RR))
        .isCloseTo(Region.RR.distanceKm(Region.RS), within(1e-9));
    assertThat(Region.DF.distanceKm(Region.DF)).isZero();
  }

  @Test
  void readsUfCodesCaseInsensitively() {
    assertThat(Region.fromCode("sp")).contains(Region.SP);
    assertThat(Region.fromCode(" Df ")).contains(Region.DF);
    assertThat(Region.fromCode("XX")).isEmpty();
    assertThat(Region.fromCode("São Paulo")).isEmpty();
    assertThat(Region.fromCode("")).isEmpty();
    assertThat(Region.fromCode(null)).isEmpty();
  }
}
