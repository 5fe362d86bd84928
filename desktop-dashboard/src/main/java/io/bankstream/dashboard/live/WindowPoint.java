package io.bankstream.dashboard.live;

import io.bankstream.dashboard.data.GroupStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One window of the live view's charts: its overall statistics, its rate and whether it had ended
 * when it was read. The rate of an ended window is its count over its length; the rate of the
 * window still open is its count over the seconds from its start to the read (at least one), so the
 * newest point does not dip just because the window is not over.
 *
 * @param stats the window's overall statistics
 * @param perSecond transactions per second, as above
 * @param complete whether the window had ended when it was read
 */
public record WindowPoint(GroupStats stats, double perSecond, boolean complete) {

  public WindowPoint {
    Objects.requireNonNull(stats, "stats");
  }

  /** The point of {@code stats} read at {@code readAt}. */
  public static WindowPoint of(GroupStats stats, Instant readAt) {
    if (!stats.windowEnd().isAfter(readAt)) {
      return new WindowPoint(stats, stats.perSecond(), true);
    }
    long elapsed = Math.max(1, Duration.between(stats.windowStart(), readAt).getSeconds());
    return new WindowPoint(stats, (double) stats.count() / elapsed, false);
  }

  public Instant start() {
    return stats.windowStart();
  }
}
