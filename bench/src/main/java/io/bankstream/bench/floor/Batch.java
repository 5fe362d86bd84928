package io.bankstream.bench.floor;

import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one poll became: the decided transactions in poll order, the dead letters, and the newest
 * event time seen in each Kafka partition (which moves the statistics' watermark). One instance is
 * cleared and refilled for every poll, so its lists keep their capacity.
 */
final class Batch {

  private final List<DecidedTransaction> decided;
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private long records;
  private long[] maxEventMillis = new long[0];

  Batch(int expectedSize) {
    decided = new ArrayList<>(expectedSize);
  }

  void clear() {
    decided.clear();
    deadLetters.clear();
    records = 0;
    Arrays.fill(maxEventMillis, Long.MIN_VALUE);
  }

  /** Counts one record of {@code partition} read, at the event time it stands for. */
  void record(int partition, long eventMillis) {
    records++;
    if (partition >= maxEventMillis.length) {
      int length = maxEventMillis.length;
      maxEventMillis = Arrays.copyOf(maxEventMillis, partition + 1);
      Arrays.fill(maxEventMillis, length, partition + 1, Long.MIN_VALUE);
    }
    maxEventMillis[partition] = Math.max(maxEventMillis[partition], eventMillis);
  }

  void add(DecidedTransaction transaction) {
    decided.add(transaction);
  }

  void add(DeadLetter letter) {
    deadLetters.add(letter);
  }

  /** How many Kafka records the batch holds: decided plus dead letters. */
  long records() {
    return records;
  }

  List<DecidedTransaction> decided() {
    return decided;
  }

  List<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** How many partitions {@link #maxEventMillis(int)} may know of: the highest seen, plus one. */
  int partitions() {
    return maxEventMillis.length;
  }

  /** The newest event time read from {@code partition}; {@link Long#MIN_VALUE} if none. */
  long maxEventMillis(int partition) {
    return partition < maxEventMillis.length ? maxEventMillis[partition] : Long.MIN_VALUE;
  }
}
