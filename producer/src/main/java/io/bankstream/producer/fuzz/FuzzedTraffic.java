package io.bankstream.producer.fuzz;

import io.bankstream.producer.traffic.CountingRecordSource;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.util.Objects;
import java.util.Random;

/**
 * A {@link TransactionGenerator}'s stream with a share of fuzzed records mixed in: each {@link
 * #next()} draws one uniform number from its own {@link Random}; below {@code fuzzShare} the
 * generator's next record that carries a transaction is handed to the {@link Fuzzer} and its
 * mutation is returned, otherwise the generator's next record is returned as is (and remembered by
 * the fuzzer, for duplicated ids and resent records). The same generator, seeds and share give the
 * same records, byte for byte. Not thread-safe.
 */
public final class FuzzedTraffic extends CountingRecordSource {

  private final TransactionGenerator generator;
  private final Fuzzer fuzzer;
  private final Random random;
  private final double fuzzShare;

  /**
   * @param fuzzShare the share of records fuzzed, in [0, 1]
   * @throws IllegalArgumentException if {@code fuzzShare} is outside [0, 1]
   */
  public FuzzedTraffic(
      TransactionGenerator generator, Fuzzer fuzzer, Random random, double fuzzShare) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.fuzzer = Objects.requireNonNull(fuzzer, "fuzzer");
    this.random = Objects.requireNonNull(random, "random");
    if (!(fuzzShare >= 0 && fuzzShare <= 1)) {
      throw new IllegalArgumentException("fuzzShare must be in [0, 1]: " + fuzzShare);
    }
    this.fuzzShare = fuzzShare;
  }

  /** The next record: fuzzed with probability {@code fuzzShare}, else the generator's own. */
  @Override
  protected GeneratedRecord draw() {
    GeneratedRecord record;
    if (random.nextDouble() < fuzzShare) {
      GeneratedRecord template = generator.next();
      while (template.transaction() == null) {
        template = generator.next();
      }
      record = fuzzer.mutate(template);
    } else {
      record = generator.next();
      if (!record.isMalformed()) {
        fuzzer.remember(record);
      }
    }
    return record;
  }
}
