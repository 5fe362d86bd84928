package io.bankstream.dashboard.data;

import java.time.Instant;
import java.util.Objects;

/** A half-open range of event time, {@code [from, to)}, that a history query covers. */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "the range ends at or before its start: " + from + " " + to);
    }
  }
}
