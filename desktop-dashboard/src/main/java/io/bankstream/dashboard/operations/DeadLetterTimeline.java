package io.bankstream.dashboard.operations;

import io.bankstream.dashboard.data.DeadLetterCount;
import io.bankstream.dashboard.data.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead letters of a range counted per reason in every bucket of the range, the empty buckets
 * too, so that a chart over time has no gaps: {@link #of} from the source's counts, which leave
 * empty buckets out.
 *
 * @param buckets the starts of the buckets that overlap the range, oldest first
 * @param counts per reason (by name from {@link #of}; most first from {@link #limitedTo}), one
 *     count per bucket, in the order of {@code buckets}
 * @param total all the dead letters counted
 */
public record DeadLetterTimeline(
    List<Instant> buckets, Map<String, List<Long>> counts, long total) {

  /** The bucket lengths offered, shortest first: about 60 or fewer buckets per range. */
  static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1));

  /** How many buckets a range should have at most, when the longest bucket allows it. */
  static final int MAX_BUCKETS = 60;

  public DeadLetterTimeline {
    buckets = List.copyOf(buckets);
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** The shortest bucket of {@link #BUCKETS} that cuts {@code range} into at most 60 (or a day). */
  public static Duration bucketFor(TimeRange range) {
    Duration length = Duration.between(range.from(), range.to());
    for (Duration bucket : BUCKETS) {
      if (length.dividedBy(bucket) <= MAX_BUCKETS) {
        return bucket;
      }
    }
    return BUCKETS.get(BUCKETS.size() - 1);
  }

  /** {@code counts} laid on every bucket of {@code bucket} length that overlaps {@code range}. */
  public static DeadLetterTimeline of(
      List<DeadLetterCount> counts, TimeRange range, Duration bucket) {
    long size = bucket.toSeconds();
    List<Instant> starts = new ArrayList<>();
    long first = Math.floorDiv(range.from().getEpochSecond(), size) * size;
    for (long start = first; start < range.to().getEpochSecond(); start += size) {
      starts.add(Instant.ofEpochSecond(start));
    }
    Map<String, Long[]> byReason = new TreeMap<>();
    long total = 0;
    for (DeadLetterCount count : counts) {
      int index = starts.indexOf(count.bucketStart());
      if (index < 0) {
        continue; // outside the range: the source was asked for this range only
      }
      Long[] row = byReason.computeIfAbsent(count.reason(), reason -> zeros(starts.size()));
      row[index] += count.count();
      total += count.count();
    }
    Map<String, List<Long>> lists = new TreeMap<>();
    byReason.forEach((reason, row) -> lists.put(reason, List.of(row)));
    return new DeadLetterTimeline(starts, lists, total);
  }

  /**
   * This timeline with at most {@code series} reasons: the {@code series - 1} with the most dead
   * letters (ties by name), then the others summed as one, {@code other (n reasons)}, last; as it
   * is when it has {@code series} reasons or fewer. A chart has only so many colours that readers
   * tell apart (the eight of Okabe-Ito).
   */
  public DeadLetterTimeline limitedTo(int series) {
    if (series < 2) {
      throw new IllegalArgumentException("series must be 2 or more: " + series);
    }
    if (counts.size() <= series) {
      return this;
    }
    List<String> byTotal = new ArrayList<>(counts.keySet());
    byTotal.sort(
        Comparator.comparingLong((String reason) -> -sum(counts.get(reason)))
            .thenComparing(Comparator.naturalOrder()));
    Map<String, List<Long>> kept = new LinkedHashMap<>();
    byTotal.subList(0, series - 1).forEach(reason -> kept.put(reason, counts.get(reason)));
    List<String> rest = byTotal.subList(series - 1, byTotal.size());
    Long[] other = zeros(buckets.size());
    for (String reason : rest) {
      List<Long> row = counts.get(reason);
      for (int i = 0; i < other.length; i++) {
        other[i] += row.get(i);
      }
    }
    kept.put("other (" + rest.size() + " reasons)", List.of(other));
    return new DeadLetterTimeline(buckets, kept, total);
  }

  private static long sum(List<Long> row) {
    return row.stream().mapToLong(Long::longValue).sum();
  }

  private static Long[] zeros(int size) {
    Long[] row = new Long[size];
    Arrays.fill(row, 0L);
    return row;
  }
}
