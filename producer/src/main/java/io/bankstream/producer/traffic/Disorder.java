package io.bankstream.producer.traffic;

import io.bankstream.model.json.TransactionCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;

/** The bounded disorder both clocks subtract, and the contract's event-time range. */
final class Disorder {

  /** The last millisecond the contract accepts. */
  static final Instant LATEST_EVENT_TIME = TransactionCodec.EVENT_TIME_LIMIT.minusMillis(1);

  private final Duration max;
  private final long maxMillis;
  private final Random random;

  Disorder(Duration max, Random random) {
    Objects.requireNonNull(max, "maxDisorder");
    this.random = Objects.requireNonNull(random, "random");
    if (max.isNegative()) {
      throw new IllegalArgumentException("maxDisorder must not be negative: " + max);
    }
    this.max = max;
    this.maxMillis = max.toMillis();
  }

  Duration max() {
    return max;
  }

  /**
   * {@code clockTime} truncated to milliseconds, minus a uniform whole number of milliseconds in
   * [0, max], kept in the contract's range. Always draws one long.
   */
  Instant apply(Instant clockTime) {
    long disorder = random.nextLong(maxMillis + 1);
    Instant event = clockTime.truncatedTo(ChronoUnit.MILLIS).minusMillis(disorder);
    if (event.isBefore(TransactionCodec.EARLIEST_EVENT_TIME)) {
      return TransactionCodec.EARLIEST_EVENT_TIME;
    }
    return event.isAfter(LATEST_EVENT_TIME) ? LATEST_EVENT_TIME : event;
  }
}
