package io.bankstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The capacity mode's step logic, apart from any I/O: which rate comes next (the last times {@code
 * --step-factor}, rounded to two significant digits: 1,000, 1,500, 2,300, 3,500, 5,300, 8,000,
 * 12,000...) and whether a step was sustained. A step is sustained when all three hold:
 *
 * <ol>
 *   <li>its records were all written within {@code --grace-seconds} of its last record being sent
 *       (drained);
 *   <li>the backlog did not grow through the step: the least-squares rise of the lag over the
 *       step's second half is at most {@link #BACKLOG_SECONDS} seconds' worth of the rate;
 *   <li>the p99 of {@code horario_gravacao - horario_kafka} of the step's records is at most {@code
 *       --p99-limit-ms}.
 * </ol>
 *
 * The search stops at the first step that is not sustained, or above {@code --max-rate}; the
 * capacity is the highest sustained rate.
 */
final class CapacitySearch {

  /** How many seconds of the offered rate the backlog may rise by in a step's second half. */
  static final double BACKLOG_SECONDS = 2;

  private final int startRate;
  private final double factor;
  private final int maxRate;
  private final double p99LimitMillis;

  CapacitySearch(int startRate, double factor, int maxRate, double p99LimitMillis) {
    if (startRate < 1 || !(factor > 1) || maxRate < startRate || !(p99LimitMillis > 0)) {
      throw new IllegalArgumentException(
          "start rate at least 1, factor above 1, max rate at least the start rate and a positive"
              + " p99 limit needed");
    }
    this.startRate = startRate;
    this.factor = factor;
    this.maxRate = maxRate;
    this.p99LimitMillis = p99LimitMillis;
  }

  int first() {
    return startRate;
  }

  /** The rate after {@code rate}, or empty once it would pass the largest rate allowed. */
  OptionalInt next(int rate) {
    int next = Math.max(rate + 1, twoSignificantDigits(rate * factor));
    return next > maxRate ? OptionalInt.empty() : OptionalInt.of(next);
  }

  static int twoSignificantDigits(double value) {
    if (value < 100) {
      return (int) Math.round(value);
    }
    double scale = Math.pow(10, Math.floor(Math.log10(value)) - 1);
    return (int) (Math.round(value / scale) * scale);
  }

  /**
   * What one step measured.
   *
   * @param rate the offered rate
   * @param sent records sent in the step
   * @param unwrittenAfterGrace of them (and any before), not in the database {@code
   *     --grace-seconds} after the last was sent
   * @param lagSeconds seconds since the step started at which the lag was sampled
   * @param lag the lag then (records in the topic the database does not hold)
   * @param p99Millis p99 of the step's records' write latency, over those written
   * @param rows the step's records written to {@code transacoes}
   */
  record Step(
      int rate,
      long sent,
      long unwrittenAfterGrace,
      double[] lagSeconds,
      double[] lag,
      double p99Millis,
      long rows) {}

  /** Whether a step was sustained, and if not why (one line). */
  record Outcome(boolean sustained, String reason) {}

  Outcome judge(Step step, double stepSeconds, double graceSeconds) {
    if (step.unwrittenAfterGrace() > 0) {
      return new Outcome(
          false,
          String.format(
              Locale.ROOT,
              "fell behind: %,d records unwritten %.0f s after the step's last was sent",
              step.unwrittenAfterGrace(),
              graceSeconds));
    }
    double rise = secondHalfRise(step.lagSeconds(), step.lag(), stepSeconds);
    if (rise > BACKLOG_SECONDS * step.rate()) {
      return new Outcome(
          false,
          String.format(
              Locale.ROOT,
              "fell behind: the backlog rose by %,.0f records through the step's second half",
              rise));
    }
    if (step.p99Millis() > p99LimitMillis) {
      return new Outcome(
          false,
          String.format(
              Locale.ROOT,
              "p99 %,.0f ms above the limit of %,.0f ms",
              step.p99Millis(),
              p99LimitMillis));
    }
    return new Outcome(true, null);
  }

  /** The least-squares rise of the lag over the step's second half (0 with fewer than 3 points). */
  static double secondHalfRise(double[] seconds, double[] lag, double stepSeconds) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      if (seconds[i] >= stepSeconds / 2 && !Double.isNaN(lag[i])) {
        points.add(new double[] {seconds[i], lag[i]});
      }
    }
    if (points.size() < Trend.MIN_SAMPLES) {
      return 0;
    }
    return Trend.slope(points) * (points.get(points.size() - 1)[0] - points.get(0)[0]);
  }
}
