package io.bankstream.producer.traffic;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws one of a fixed list of items with probability proportional to its weight, with one {@code
 * nextDouble()} per draw and a binary search over the cumulative weights.
 */
final class WeightedSampler<T> {

  private final List<T> items;
  private final double[] cumulative;
  private final double total;

  WeightedSampler(List<T> items, double[] weights) {
    if (items.isEmpty() || items.size() != weights.length) {
      throw new IllegalArgumentException(
          "items and weights must be non-empty and of equal length: "
              + items.size()
              + " vs "
              + weights.length);
    }
    this.items = List.copyOf(items);
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is not a finite non-negative number");
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    this.total = sum;
  }

  /** One item, with probability weight / total weight. */
  T sample(Random random) {
    double x = random.nextDouble() * total;
    int index = Arrays.binarySearch(cumulative, x);
    index = index >= 0 ? index : -index - 1;
    // The first item whose cumulative weight is strictly above x (skips zero weights).
    while (index < cumulative.length - 1 && cumulative[index] <= x) {
      index++;
    }
    return items.get(index);
  }
}
