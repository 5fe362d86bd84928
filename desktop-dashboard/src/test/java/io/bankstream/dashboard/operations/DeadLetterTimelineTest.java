package io.bankstream.dashboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.DeadLetterCount;
import io.bankstream.dashboard.data.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead-letter counts laid on every bucket of a range, and the bucket chosen for a range. */
class DeadLetterTimelineTest {

  private static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");

  @Test
  void everyBucketOfTheRangeIsThereAndEmptyOnesCountZero() {
    TimeRange range = new TimeRange(T0.plusSeconds(30), T0.plusSeconds(4 * 60 + 30));
    DeadLetterTimeline timeline =
        DeadLetterTimeline.of(
            List.of(
                new DeadLetterCount(T0, "INVALID_JSON", 2),
                new DeadLetterCount(T0.plusSeconds(120), "INVALID_JSON", 1),
                new DeadLetterCount(T0.plusSeconds(120), "MISSING_FIELD", 4),
                new DeadLetterCount(T0.plusSeconds(3600), "MISSING_FIELD", 9)), // outside
            range,
            Duration.ofMinutes(1));

    assertThat(timeline.buckets())
        .containsExactly(
            T0, T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240));
    assertThat(timeline.counts()).containsOnlyKeys("INVALID_JSON", "MISSING_FIELD");
    assertThat(timeline.counts().keySet()).containsExactly("INVALID_JSON", "MISSING_FIELD");
    assertThat(timeline.counts().get("INVALID_JSON")).containsExactly(2L, 0L, 1L, 0L, 0L);
    assertThat(timeline.counts().get("MISSING_FIELD")).containsExactly(0L, 0L, 4L, 0L, 0L);
    assertThat(timeline.total()).isEqualTo(7);
  }

  @Test
  void theBucketCutsEachPresetIntoAtMostSixty() {
    assertThat(bucket(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(1));
    assertThat(bucket(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    assertThat(bucket(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
    assertThat(bucket(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(30));
    assertThat(bucket(Duration.ofDays(7))).isEqualTo(Duration.ofHours(3));
    assertThat(bucket(Duration.ofDays(365))).isEqualTo(Duration.ofDays(1));
  }

  private static Duration bucket(Duration length) {
    return DeadLetterTimeline.bucketFor(new TimeRange(T0, T0.plus(length)));
  }

  @Test
  void beyondTheColoursTheSmallestReasonsAreSummedAsOther() {
    TimeRange range = new TimeRange(T0, T0.plusSeconds(120));
    DeadLetterTimeline timeline =
        DeadLetterTimeline.of(
            List.of(
                new DeadLetterCount(T0, "A", 5),
                new DeadLetterCount(T0, "B", 1),
                new DeadLetterCount(T0.plusSeconds(60), "B", 3),
                new DeadLetterCount(T0, "C", 2),
                new DeadLetterCount(T0.plusSeconds(60), "D", 1)),
            range,
            Duration.ofMinutes(1));

    DeadLetterTimeline three = timeline.limitedTo(3);

    assertThat(three.counts().keySet()).containsExactly("A", "B", "other (2 reasons)");
    assertThat(three.counts().get("other (2 reasons)")).containsExactly(2L, 1L);
    assertThat(three.counts().get("B")).containsExactly(1L, 3L);
    assertThat(three.total()).isEqualTo(12);
    assertThat(timeline.limitedTo(4)).isSameAs(timeline);
  }
}
