package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.modality;
import static io.bankstream.dashboard.history.Windows.region;
import static io.bankstream.dashboard.history.Windows.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationTest {

  @Test
  void perGroupSumsEveryWindowOfEachUf() {
    List<GroupStats> windows =
        List.of(
            region(minute(0), "SP", 10, 1),
            region(minute(0), "RJ", 5, 0),
            region(minute(1), "SP", 20, 2),
            region(minute(2), "AC", 1, 0),
            region(minute(2), "SP", 30, 3));

    List<GroupStats> sums = Aggregation.perGroup(windows);

    assertThat(sums).extracting(stats -> stats.key().value()).containsExactly("AC", "RJ", "SP");
    GroupStats sp = sums.get(2);
    assertThat(sp.count()).isEqualTo(66);
    assertThat(sp.approved()).isEqualTo(60);
    assertThat(sp.rejected()).isEqualTo(6);
    assertThat(sp.amount()).isEqualByComparingTo(new BigDecimal("6600"));
    assertThat(sp.windowStart()).isEqualTo(minute(0));
    assertThat(sp.windowEnd()).isEqualTo(minute(3));
  }

  @Test
  void perGroupOfModalities() {
    List<GroupStats> sums =
        Aggregation.perGroup(
            List.of(
                modality(minute(0), "PIX", 70, 3),
                modality(minute(0), "TED", 9, 1),
                modality(minute(1), "PIX", 30, 0)));

    assertThat(sums)
        .extracting(stats -> stats.key().value() + "=" + stats.approved() + "/" + stats.rejected())
        .containsExactly("PIX=100/3", "TED=9/1");
  }

  @Test
  void rejectionsByRuleSumTheWindowsRuleMapsMostFirst() {
    List<GroupStats> totals =
        List.of(
            total(minute(0), 10, 3, Map.of("SALDO", 2L, "RISCO", 1L)),
            total(minute(1), 10, 4, Map.of("SALDO", 1L, "VELOCIDADE", 3L)),
            total(minute(2), 10, 0));

    assertThat(Aggregation.rejectionsByRule(totals))
        .containsExactly(
            new RuleCount("SALDO", 3), new RuleCount("VELOCIDADE", 3), new RuleCount("RISCO", 1));
  }

  @Test
  void downsampleKeepsShortSeriesAndMergesLongOnesWithoutLosingCounts() {
    List<GroupStats> windows = new ArrayList<>();
    for (int i = 299; i >= 0; i--) {
      windows.add(total(minute(i), i, 1));
    }

    assertThat(Aggregation.downsample(windows.subList(0, 10), 120)).hasSize(10);
    List<GroupStats> points = Aggregation.downsample(windows, 120);

    // 300 windows, 3 per point: 100 points, in order, every transaction counted once.
    assertThat(points).hasSize(100);
    assertThat(points.get(0).windowStart()).isEqualTo(minute(0));
    assertThat(points.get(0).windowEnd()).isEqualTo(minute(3));
    assertThat(points.get(0).count()).isEqualTo(0 + 1 + 1 + 1 + 2 + 1);
    assertThat(points.stream().mapToLong(GroupStats::count).sum())
        .isEqualTo(windows.stream().mapToLong(GroupStats::count).sum());
    assertThat(points.get(0).perSecond()).isEqualTo(6 / 180.0);
  }

  @Test
  void mergedLatencyIsTheCountWeightedMean() {
    GroupStats few =
        new GroupStats(
            minute(0),
            minute(1),
            StatsKey.TOTAL,
            1,
            1,
            0,
            BigDecimal.ONE,
            BigDecimal.ONE,
            Map.of(),
            100.0,
            200.0,
            300.0);
    GroupStats many =
        new GroupStats(
            minute(1),
            minute(2),
            StatsKey.TOTAL,
            3,
            3,
            0,
            BigDecimal.ONE,
            BigDecimal.ONE,
            Map.of(),
            20.0,
            null,
            40.0);

    GroupStats merged = Aggregation.merge(StatsKey.TOTAL, List.of(few, many));

    assertThat(merged.latencyP50Ms()).isEqualTo(40.0);
    assertThat(merged.latencyP95Ms()).isEqualTo(200.0);
    assertThat(merged.latencyP99Ms()).isEqualTo(105.0);
  }
}
