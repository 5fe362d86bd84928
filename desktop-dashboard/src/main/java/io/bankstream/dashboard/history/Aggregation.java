package io.bankstream.dashboard.history;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sums of window statistics, for the history charts: the windows of a range per group (one UF, one
 * modality), the rejections per rule, and a long series of windows merged into at most a given
 * number of points. Counts, amounts and rejections add up exactly. Latency percentiles cannot be
 * added: a merged percentile is the mean of the windows' percentiles weighted by their counts (an
 * approximation, fine for a trend). Plain Java, no JavaFX.
 */
public final class Aggregation {

  private Aggregation() {}

  /**
   * One {@link GroupStats} per group of {@code windows}, summed over all of them (from the first
   * window's start to the last one's end), in the order of the group's value (UF or modality).
   */
  public static List<GroupStats> perGroup(List<GroupStats> windows) {
    Map<StatsKey, List<GroupStats>> byKey = new TreeMap<>(Comparator.comparing(StatsKey::value));
    for (GroupStats window : windows) {
      byKey.computeIfAbsent(window.key(), key -> new ArrayList<>()).add(window);
    }
    List<GroupStats> merged = new ArrayList<>(byKey.size());
    byKey.forEach((key, group) -> merged.add(merge(key, group)));
    return merged;
  }

  /** The rejections per rule code summed over {@code windows}, most rejections first. */
  public static List<RuleCount> rejectionsByRule(List<GroupStats> windows) {
    Map<String, Long> sums = new TreeMap<>();
    for (GroupStats window : windows) {
      window.rejectionsByRule().forEach((rule, count) -> sums.merge(rule, count, Long::sum));
    }
    return sums.entrySet().stream()
        .map(entry -> new RuleCount(entry.getKey(), entry.getValue()))
        .sorted(Comparator.comparingLong(RuleCount::count).reversed())
        .toList();
  }

  /**
   * {@code windows} (of one group, any order) by start, consecutive ones merged so that at most
   * {@code maxPoints} remain: every point covers the same number of windows, the last maybe fewer.
   */
  public static List<GroupStats> downsample(List<GroupStats> windows, int maxPoints) {
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints must be 1 or more: " + maxPoints);
    }
    List<GroupStats> sorted =
        windows.stream().sorted(Comparator.comparing(GroupStats::windowStart)).toList();
    if (sorted.size() <= maxPoints) {
      return sorted;
    }
    int perPoint = (sorted.size() + maxPoints - 1) / maxPoints;
    List<GroupStats> points = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += perPoint) {
      List<GroupStats> chunk = sorted.subList(from, Math.min(sorted.size(), from + perPoint));
      points.add(merge(chunk.get(0).key(), chunk));
    }
    return points;
  }

  /** The sum of {@code group} (non-empty, all of {@code key}) as one statistics value. */
  public static GroupStats merge(StatsKey key, List<GroupStats> group) {
    if (group.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge for " + key);
    }
    Instant start = group.get(0).windowStart();
    Instant end = group.get(0).windowEnd();
    long count = 0;
    long approved = 0;
    long rejected = 0;
    BigDecimal amount = BigDecimal.ZERO;
    BigDecimal approvedAmount = BigDecimal.ZERO;
    Map<String, Long> rules = new LinkedHashMap<>();
    for (GroupStats window : group) {
      start = window.windowStart().isBefore(start) ? window.windowStart() : start;
      end = window.windowEnd().isAfter(end) ? window.windowEnd() : end;
      count += window.count();
      approved += window.approved();
      rejected += window.rejected();
      amount = amount.add(window.amount());
      approvedAmount = approvedAmount.add(window.approvedAmount());
      window.rejectionsByRule().forEach((rule, n) -> rules.merge(rule, n, Long::sum));
    }
    return new GroupStats(
        start,
        end,
        key,
        count,
        approved,
        rejected,
        amount,
        approvedAmount,
        rules,
        weightedMean(group, GroupStats::latencyP50Ms),
        weightedMean(group, GroupStats::latencyP95Ms),
        weightedMean(group, GroupStats::latencyP99Ms));
  }

  private static Double weightedMean(List<GroupStats> group, Function<GroupStats, Double> latency) {
    double sum = 0;
    long weight = 0;
    for (GroupStats window : group) {
      Double value = latency.apply(window);
      if (value != null) {
        long w = Math.max(1, window.count());
        sum += value * w;
        weight += w;
      }
    }
    return weight == 0 ? null : sum / weight;
  }
}
