package io.bankstream.producer.traffic;

import java.util.Random;

/**
 * A log-normal distribution given the way people think about money: its median and the standard
 * deviation {@code sigma} of its natural logarithm. A sample is {@code median * exp(sigma * Z)}
 * with {@code Z} a standard normal draw from the injected {@link Random}; {@link StrictMath} keeps
 * the result bit-for-bit identical on every JVM, so a seed always gives the same samples. About two
 * thirds of the samples fall within a factor {@code exp(sigma)} of the median.
 *
 * @param median the 50th percentile, positive and finite
 * @param sigma the standard deviation of {@code ln(sample)}, zero or positive
 */
public record LogNormal(double median, double sigma) {

  public LogNormal {
    if (!(median > 0) || !Double.isFinite(median)) {
      throw new IllegalArgumentException("median must be positive and finite: " + median);
    }
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be zero or positive and finite: " + sigma);
    }
  }

  /** One draw; consumes one Gaussian from {@code random}. */
  public double sample(Random random) {
    return median * StrictMath.exp(sigma * random.nextGaussian());
  }
}
