package io.bankstream.rules;

import io.bankstream.core.rules.RuleVersions;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.DurationConverter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/**
 * When a version being published takes effect: {@code --effective-in} after the database's clock
 * (30 s unless told), or {@code --effective-at} an instant; one or the other, never both (a picocli
 * exclusive group). Either must fall at least {@link RuleVersions#MIN_LEAD} ahead of the database's
 * clock, which the pipeline's workers read versions against, so that every worker has loaded the
 * version before the first transaction it decides arrives; an earlier time is refused.
 */
final class EffectiveTime {

  /** How far ahead a version takes effect when neither option is given. */
  static final Duration DEFAULT_LEAD = Duration.ofSeconds(30);

  @Option(
      names = "--effective-in",
      paramLabel = "<duration>",
      converter = DurationConverter.class,
      description =
          "Take effect this long after the database clock: 30s, 5m, 2h (default: 30s; at least"
              + " 10s).")
  private Duration in;

  @Option(
      names = "--effective-at",
      paramLabel = "<instant>",
      converter = Converters.InstantConverter.class,
      description =
          "Take effect at this event time, ISO-8601: 2026-12-05T12:30:00Z (at least 10s ahead of"
              + " the database clock).")
  private Instant at;

  /**
   * The effective time asked for by {@code options} (null: neither option given), checked against
   * the database's clock {@code now}. A relative time is rounded up to a whole second, so that it
   * reads cleanly and the lead is never shorter than asked.
   *
   * @throws CliException (exit code 2) for a time in the past or sooner than the minimum lead
   */
  static Instant resolve(EffectiveTime options, Instant now) {
    String option;
    Instant effective;
    if (options != null && options.at != null) {
      option = "--effective-at " + options.at;
      effective = options.at;
    } else {
      Duration lead = options == null || options.in == null ? DEFAULT_LEAD : options.in;
      option = "--effective-in " + DurationConverter.format(lead);
      effective = roundUpToSecond(now.plus(lead));
    }
    if (!effective.isAfter(now)) {
      throw CliException.badInput(
          option + " is in the past: the database clock reads " + Text.instant(now));
    }
    if (effective.isBefore(now.plus(RuleVersions.MIN_LEAD))) {
      throw CliException.badInput(
          option
              + " is too soon: a rules version must take effect at least "
              + RuleVersions.MIN_LEAD.toSeconds()
              + " s ahead of the database clock (it reads "
              + Text.instant(now)
              + "), so that every pipeline worker has loaded it first");
    }
    return effective;
  }

  private static Instant roundUpToSecond(Instant instant) {
    Instant whole = instant.truncatedTo(ChronoUnit.SECONDS);
    return whole.equals(instant) ? whole : whole.plusSeconds(1);
  }
}
