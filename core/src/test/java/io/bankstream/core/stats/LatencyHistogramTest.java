package io.bankstream.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Percentiles of {@link LatencyHistogram} against the exact ones of known distributions. */
class LatencyHistogramTest {

  private static final double[] QUANTILES = {0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
  private static final double ONE_HOUR_MS = 3_600_000.0;

  @Test
  void statesItsErrorBound() {
    assertThat(LatencyHistogram.RELATIVE_ERROR).isCloseTo(0.05 / 2.05, within(1e-15));
    assertThat(LatencyHistogram.RELATIVE_ERROR).isLessThan(0.025);
  }

  @Test
  void uniformOneToTenThousandIsWithinTheStatedError() {
    List<Double> values = new ArrayList<>();
    for (int i = 1; i <= 10_000; i++) {
      values.add((double) i);
    }
    Collections.shuffle(values, new Random(7));

    assertWithinStatedError(values);
  }

  @Test
  void aConstantGivesItselfExactly() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 1_000; i++) {
      histogram.record(42.0);
    }

    assertThat(histogram.percentile(0.5)).isEqualTo(42.0);
    assertThat(histogram.percentile(0.95)).isEqualTo(42.0);
    assertThat(histogram.percentile(0.99)).isEqualTo(42.0);
    assertThat(histogram.min()).isEqualTo(42.0);
    assertThat(histogram.max()).isEqualTo(42.0);
  }

  @Test
  void exponentialWithMean200MsIsWithinTheStatedError() {
    Random random = new Random(11);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(-200.0 * Math.log(1 - random.nextDouble()));
    }

    assertWithinStatedError(values);
  }

  @Test
  void subMillisecondValuesAreWithinHalfAMillisecond() {
    Random random = new Random(3);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      values.add(random.nextDouble());
    }
    LatencyHistogram histogram = histogramOf(values);
    double[] sorted = sorted(values);

    for (double q : QUANTILES) {
      assertThat(histogram.percentile(q)).isCloseTo(exact(sorted, q), within(0.5));
    }
  }

  @Test
  void valuesOfAnHourOrMoreReportTheExactMaximum() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 98; i++) {
      histogram.record(10);
    }
    histogram.record(ONE_HOUR_MS);
    histogram.record(2 * ONE_HOUR_MS);

    assertThat(histogram.percentile(0.5))
        .isCloseTo(10.0, within(10.0 * LatencyHistogram.RELATIVE_ERROR));
    assertThat(histogram.percentile(0.99)).isEqualTo(2 * ONE_HOUR_MS);
    assertThat(histogram.percentile(1.0)).isEqualTo(2 * ONE_HOUR_MS);
  }

  @Test
  void theExtremeQuantilesAreTheExactMinimumAndMaximum() {
    LatencyHistogram histogram = histogramOf(List.of(3.7, 12.0, 250.25, 999.9));

    assertThat(histogram.percentile(0)).isEqualTo(3.7);
    assertThat(histogram.percentile(1)).isEqualTo(999.9);
  }

  @Test
  void mergingEqualsAddingEverythingToOne() {
    Random random = new Random(5);
    LatencyHistogram all = new LatencyHistogram();
    List<LatencyHistogram> parts =
        List.of(new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
    for (int i = 0; i < 30_000; i++) {
      double value = random.nextDouble() < 0.01 ? random.nextDouble() : random.nextDouble() * 5_000;
      all.record(value);
      parts.get(random.nextInt(parts.size())).record(value);
    }
    LatencyHistogram merged = new LatencyHistogram();
    for (LatencyHistogram part : parts) {
      merged.merge(part);
    }

    assertThat(merged).isEqualTo(all);
    assertThat(merged.count()).isEqualTo(30_000);
    assertThat(merged.min()).isEqualTo(all.min());
    assertThat(merged.max()).isEqualTo(all.max());
    for (double q : QUANTILES) {
      assertThat(merged.percentile(q)).isEqualTo(all.percentile(q));
    }
  }

  @Test
  void mergingLeavesTheOtherUnchanged() {
    LatencyHistogram a = histogramOf(List.of(1.0, 2.0));
    LatencyHistogram b = histogramOf(List.of(300.0));
    LatencyHistogram bBefore = new LatencyHistogram(b);

    a.merge(b);
    a.record(5.0);

    assertThat(b).isEqualTo(bBefore);
    assertThat(b.count()).isEqualTo(1);
    assertThat(a.count()).isEqualTo(4);
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    LatencyHistogram empty = new LatencyHistogram();

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.count()).isZero();
    assertThat(empty.percentile(0.5)).isNull();
    assertThat(empty.percentile(0.99)).isNull();
    assertThat(empty.min()).isNull();
    assertThat(empty.max()).isNull();

    LatencyHistogram stillEmpty = new LatencyHistogram();
    stillEmpty.merge(empty);
    assertThat(stillEmpty.percentile(0.5)).isNull();
    assertThat(stillEmpty).isEqualTo(empty);

    LatencyHistogram one = histogramOf(List.of(8.0));
    one.merge(empty);
    assertThat(one.count()).isEqualTo(1);
    assertThat(one.percentile(0.5)).isEqualTo(8.0);
  }

  @Test
  void refusesNegativeAndNonFiniteValuesAndBadQuantiles() {
    LatencyHistogram histogram = new LatencyHistogram();

    assertThatThrownBy(() -> histogram.record(-0.001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> histogram.record(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> histogram.record(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> histogram.percentile(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(histogram.isEmpty()).isTrue();
  }

  @Test
  void bucketBoundariesLandInTheirOwnBucket() {
    for (int bucket = 0; bucket < LatencyHistogram.BUCKETS; bucket++) {
      double lower = Math.pow(1.05, bucket);
      if (lower >= ONE_HOUR_MS) {
        break;
      }
      assertThat(LatencyHistogram.slot(lower)).as("bucket %d", bucket).isEqualTo(bucket + 1);
    }
    assertThat(LatencyHistogram.slot(0.999)).isZero();
    assertThat(LatencyHistogram.slot(ONE_HOUR_MS)).isEqualTo(LatencyHistogram.BUCKETS + 1);
    assertThat(LatencyHistogram.slot(ONE_HOUR_MS - 1e-6)).isEqualTo(LatencyHistogram.BUCKETS);
  }

  @Test
  void memoryIsBoundedWhateverTheCount() throws IOException {
    Random random = new Random(13);
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 1_000_000; i++) {
      histogram.record(random.nextDouble() * 2 * ONE_HOUR_MS);
    }

    assertThat(serialize(histogram).length).isLessThan(4_096);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    LatencyHistogram histogram = histogramOf(List.of(1.5, 20.0, 300.0, 4_000.0));

    byte[] bytes = serialize(histogram);
    LatencyHistogram copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      copy = (LatencyHistogram) in.readObject();
    }

    assertThat(copy).isEqualTo(histogram);
    assertThat(copy.percentile(0.5)).isEqualTo(histogram.percentile(0.5));
  }

  private static void assertWithinStatedError(List<Double> values) {
    LatencyHistogram histogram = histogramOf(values);
    double[] sorted = sorted(values);

    assertThat(histogram.count()).isEqualTo(values.size());
    assertThat(histogram.min()).isEqualTo(sorted[0]);
    assertThat(histogram.max()).isEqualTo(sorted[sorted.length - 1]);
    for (double q : QUANTILES) {
      double exact = exact(sorted, q);
      if (exact < 1) {
        continue; // Below 1 ms the bound is absolute; checked elsewhere.
      }
      double estimate = histogram.percentile(q);
      assertThat(Math.abs(estimate - exact) / exact)
          .as("p%s: estimate %s, exact %s", q * 100, estimate, exact)
          .isLessThanOrEqualTo(LatencyHistogram.RELATIVE_ERROR + 1e-12);
    }
  }

  private static LatencyHistogram histogramOf(List<Double> values) {
    LatencyHistogram histogram = new LatencyHistogram();
    for (double value : values) {
      histogram.record(value);
    }
    return histogram;
  }

  private static double[] sorted(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }

  /** The nearest-rank percentile: the value of rank ceil(q * n), 1-based. */
  private static double exact(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  private static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
