package io.bankstream.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;

/** {@link EventClock#live}: the injected clock's time minus a bounded disorder. */
final class LiveEventClock implements EventClock {

  private final Clock clock;
  private final Disorder disorder;
  private Instant lastClockTime;

  LiveEventClock(Clock clock, Duration maxDisorder, Random random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.disorder = new Disorder(maxDisorder, random);
    this.lastClockTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public Instant next() {
    lastClockTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return disorder.apply(lastClockTime);
  }

  @Override
  public Instant nextInBurst() {
    return next();
  }

  @Override
  public Instant lastClockTime() {
    return lastClockTime;
  }

  @Override
  public Duration maxDisorder() {
    return disorder.max();
  }
}
