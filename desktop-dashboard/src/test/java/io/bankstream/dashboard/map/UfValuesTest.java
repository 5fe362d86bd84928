package io.bankstream.dashboard.map;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bankstream.dashboard.data.GroupStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The map's model: UF to value for each metric, the scale's range, the hover text. */
class UfValuesTest {

  private static final List<GroupStats> REGIONS =
      List.of(
          region(minute(0), "SP", 90, 10), // 100, 90%
          region(minute(0), "RJ", 48, 2), // 50, 96%
          region(minute(0), "AC", 4, 1)); // 5, 80%

  @Test
  void volumeIsTheCountScaledFromZeroToTheBusiestUf() {
    UfValues values = UfValues.of(REGIONS, MapMetric.VOLUME);

    assertThat(values.value("SP")).isEqualTo(100.0);
    assertThat(values.value("RJ")).isEqualTo(50.0);
    assertThat(values.value("MG")).isNull();
    assertThat(values.scale().low()).isZero();
    assertThat(values.scale().high()).isEqualTo(100);
    assertThat(values.color("SP")).isEqualTo(ColorScale.STOPS.get(4));
    assertThat(values.color("RJ")).isEqualTo(ColorScale.STOPS.get(2));
    assertThat(values.color("MG")).isEqualTo(ColorScale.NO_DATA);
  }

  @Test
  void approvalRateIsScaledFromTheLowestUfToTheHighest() {
    UfValues values = UfValues.of(REGIONS, MapMetric.APPROVAL_RATE);

    assertThat(values.value("SP")).isEqualTo(0.9);
    assertThat(values.scale().low()).isEqualTo(0.8);
    assertThat(values.scale().high()).isEqualTo(0.96);
    assertThat(values.color("AC")).isEqualTo(ColorScale.STOPS.get(0));
    assertThat(values.color("RJ")).isEqualTo(ColorScale.STOPS.get(4));
    assertThat(values.color("SP")).isEqualTo(new ColorScale(0.8, 0.96).colorOf(0.9));
  }

  @Test
  void equalRatesGetARangeOfOnePoint() {
    UfValues values =
        UfValues.of(
            List.of(region(minute(0), "SP", 10, 0), region(minute(0), "RJ", 5, 0)),
            MapMetric.APPROVAL_RATE);

    assertThat(values.scale().high()).isCloseTo(1.0, within(1e-9));
    assertThat(values.scale().low()).isCloseTo(0.99, within(1e-9));
  }

  @Test
  void noDataAtAllStillHasAScale() {
    assertThat(UfValues.of(List.of(), MapMetric.VOLUME).scale().high()).isEqualTo(1);
    assertThat(UfValues.of(List.of(), MapMetric.APPROVAL_RATE).color("SP"))
        .isEqualTo(ColorScale.NO_DATA);
  }

  @Test
  void theHoverTextGivesTheCountsAndTheRate() {
    UfValues values = UfValues.of(REGIONS, MapMetric.VOLUME);

    assertThat(values.hoverText("SP", "São Paulo"))
        .isEqualTo("SP São Paulo\n100 transactions: 90 approved, 10 rejected\napproval rate 90.0%");
    assertThat(values.hoverText("MG", "Minas Gerais"))
        .isEqualTo("MG Minas Gerais\nno transactions");
  }

  @Test
  void theShapesAreTheTwentySevenUfs() {
    assertThat(UfShapes.all())
        .extracting(UfShape::uf)
        .containsExactlyInAnyOrder(
            "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
            "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO");
    assertThat(UfShapes.all()).allSatisfy(shape -> assertThat(shape.svgPath()).startsWith("M"));
  }
}
