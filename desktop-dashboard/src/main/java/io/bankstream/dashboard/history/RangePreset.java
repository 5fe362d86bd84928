package io.bankstream.dashboard.history;

import io.bankstream.dashboard.data.TimeRange;
import java.time.Duration;
import java.time.Instant;

/**
 * The history view's choices of time range: the last 15 minutes, hour, 24 hours or 7 days up to the
 * moment of loading, or a custom from-to.
 */
public enum RangePreset {
  LAST_15_MINUTES("Last 15 min", Duration.ofMinutes(15)),
  LAST_HOUR("Last hour", Duration.ofHours(1)),
  LAST_24_HOURS("Last 24 hours", Duration.ofHours(24)),
  LAST_7_DAYS("Last 7 days", Duration.ofDays(7)),
  CUSTOM("Custom", null);

  private final String label;
  private final Duration length;

  RangePreset(String label, Duration length) {
    this.label = label;
    this.length = length;
  }

  /** The range ending at {@code now}; not for {@link #CUSTOM}. */
  public TimeRange endingAt(Instant now) {
    if (length == null) {
      throw new IllegalStateException("a custom range has no preset length");
    }
    return new TimeRange(now.minus(length), now);
  }

  /** What the preset list shows. */
  @Override
  public String toString() {
    return label;
  }
}
