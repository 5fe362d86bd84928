package io.bankstream.core.stats;

import io.bankstream.model.stats.StatsKey;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One pane of one window's statistics for one group: what the sinks write. Panes accumulate, so
 * each holds the window's whole value so far and replaces the one before it.
 *
 * @param key the group
 * @param windowStart inclusive start of the event-time window
 * @param windowEnd exclusive end
 * @param summary the aggregates
 * @param timing {@code EARLY}, {@code ON_TIME} or {@code LATE}: when the pane fired against the
 *     watermark
 * @param paneIndex 0 for the window's first pane, then 1, 2, ...
 */
public record WindowStats(
    StatsKey key,
    Instant windowStart,
    Instant windowEnd,
    WindowSummary summary,
    String timing,
    long paneIndex)
    implements Serializable {

  public WindowStats {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(timing, "timing");
  }

  /** Whether the watermark had passed the window's end: the value is then final or late. */
  public boolean isClosed() {
    return !timing.equals("EARLY");
  }
}
