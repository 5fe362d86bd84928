package io.bankstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a series sampled over a soak is flat or growing, by one stated method: the first third of
 * the run is warm-up (JIT, heap sizing, caches filling) and left out; over the last two thirds a
 * least-squares line is fitted, and its rise over that span (slope x span) is compared with a
 * tolerance, the larger of {@link #RELATIVE_TOLERANCE} of the series' mean there and an absolute
 * floor given per series (so that the noise of a series near zero, a lag of a few records, does not
 * read as growth). A rise above the tolerance is {@code growing}, a fall below minus the tolerance
 * {@code falling}, anything else {@code flat}. The medians of the first and last thirds say where
 * it went.
 *
 * <p>Written here: a least-squares slope is four sums, and a statistics library would be a
 * dependency for ten lines.
 *
 * @param verdict flat, growing or falling (or "too few samples")
 * @param slopePerMinute the fitted slope over the last two thirds, per minute
 * @param rise the fitted slope times the span of the last two thirds
 * @param tolerance the rise allowed for a flat series
 * @param mean the mean over the last two thirds
 * @param firstThirdMedian the median over the first third
 * @param lastThirdMedian the median over the last third
 */
record Trend(
    String verdict,
    double slopePerMinute,
    double rise,
    double tolerance,
    double mean,
    double firstThirdMedian,
    double lastThirdMedian) {

  /** The share of the mean a flat series may rise by over the last two thirds. */
  static final double RELATIVE_TOLERANCE = 0.10;

  /** Fewer samples than this in the last two thirds give no verdict. */
  static final int MIN_SAMPLES = 3;

  /**
   * The trend of {@code values} sampled at {@code seconds} (ascending; NaN values are gaps and left
   * out), with a flat series allowed to rise by at most {@code absoluteFloor} or {@link
   * #RELATIVE_TOLERANCE} of its mean, whichever is larger.
   */
  static Trend of(double[] seconds, double[] values, double absoluteFloor) {
    if (seconds.length != values.length) {
      throw new IllegalArgumentException(
          "seconds and values differ in length: " + seconds.length + " and " + values.length);
    }
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      if (!Double.isNaN(values[i])) {
        points.add(new double[] {seconds[i], values[i]});
      }
    }
    if (points.isEmpty()) {
      return new Trend("too few samples", 0, 0, absoluteFloor, 0, Double.NaN, Double.NaN);
    }
    double start = points.get(0)[0];
    double end = points.get(points.size() - 1)[0];
    double third = (end - start) / 3;
    List<double[]> lastTwoThirds = between(points, start + third, end);
    double firstMedian = median(between(points, start, start + third));
    double lastMedian = median(between(points, end - third, end));
    if (lastTwoThirds.size() < MIN_SAMPLES) {
      return new Trend("too few samples", 0, 0, absoluteFloor, 0, firstMedian, lastMedian);
    }
    double mean = lastTwoThirds.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double slope = slope(lastTwoThirds);
    double span = lastTwoThirds.get(lastTwoThirds.size() - 1)[0] - lastTwoThirds.get(0)[0];
    double rise = slope * span;
    double tolerance = Math.max(absoluteFloor, RELATIVE_TOLERANCE * Math.abs(mean));
    String verdict = rise > tolerance ? "growing" : rise < -tolerance ? "falling" : "flat";
    return new Trend(verdict, slope * 60, rise, tolerance, mean, firstMedian, lastMedian);
  }

  /** The least-squares slope of {@code points} ({time, value} pairs); 0 when time does not vary. */
  static double slope(List<double[]> points) {
    double n = points.size();
    double meanT = points.stream().mapToDouble(p -> p[0]).sum() / n;
    double meanV = points.stream().mapToDouble(p -> p[1]).sum() / n;
    double covariance = 0;
    double variance = 0;
    for (double[] point : points) {
      covariance += (point[0] - meanT) * (point[1] - meanV);
      variance += (point[0] - meanT) * (point[0] - meanT);
    }
    return variance == 0 ? 0 : covariance / variance;
  }

  /** One line for the summary, with the values in {@code unit}. */
  String describe(String unit) {
    if (verdict.equals("too few samples")) {
      return verdict;
    }
    return String.format(
        Locale.ROOT,
        "%s: %+,.2f %s a minute over the last two thirds (rise %+,.1f against a tolerance of"
            + " %,.1f; mean %,.1f); median %,.1f in the first third, %,.1f in the last",
        verdict,
        slopePerMinute,
        unit,
        rise,
        tolerance,
        mean,
        firstThirdMedian,
        lastThirdMedian);
  }

  private static List<double[]> between(List<double[]> points, double from, double to) {
    return points.stream().filter(p -> p[0] >= from && p[0] <= to).toList();
  }

  private static double median(List<double[]> points) {
    if (points.isEmpty()) {
      return Double.NaN;
    }
    double[] values = points.stream().mapToDouble(p -> p[1]).toArray();
    Arrays.sort(values);
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
}
