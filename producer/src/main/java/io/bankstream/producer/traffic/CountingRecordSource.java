package io.bankstream.producer.traffic;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A source of generated records that counts what it hands out: {@link #next()} returns the
 * subclass's {@link #draw()} and counts it, in all ({@link #generated()}) and per label ({@link
 * #countsByLabel()}), for the producer's progress line. Not thread-safe.
 */
public abstract class CountingRecordSource {

  private final Map<String, Long> countsByLabel = new TreeMap<>();
  private long generated;

  /** The next record ({@link #draw()}), counted. */
  public final GeneratedRecord next() {
    GeneratedRecord record = draw();
    generated++;
    countsByLabel.merge(record.label(), 1L, Long::sum);
    return record;
  }

  /** Makes the next record. */
  protected abstract GeneratedRecord draw();

  /** How many records {@link #next()} has returned. */
  public long generated() {
    return generated;
  }

  /** How many records {@link #next()} has returned per label, sorted by label; a snapshot. */
  public Map<String, Long> countsByLabel() {
    return Collections.unmodifiableMap(new TreeMap<>(countsByLabel));
  }
}
