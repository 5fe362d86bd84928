package io.bankstream.pipeline.report;

import java.util.TreeSet;

/**
 * What the database holds of one Kafka partition since the run started: a watermark below which
 * every offset is written (in {@code transacoes} or {@code dead_letters}), and the written offsets
 * at or above it. The pipeline writes out of order (parallel writers, retried batches), so offsets
 * above the watermark are kept until the gap below them fills; every record of the topic ends in
 * one of the two tables, so gaps close and this set stays as small as what is in flight.
 *
 * <p>The lag is then exact and cheap: the records up to the partition's end offset minus the
 * written ones, from the watermark on. Not thread-safe: one {@link PipelineStatus} owns it.
 */
final class PartitionProgress {

  private long watermark;
  private final TreeSet<Long> written = new TreeSet<>();

  /** Progress of a partition read from {@code start}: every offset below it is written. */
  PartitionProgress(long start) {
    this.watermark = start;
  }

  /** Every offset below this one is written; reads of the database start here. */
  long watermark() {
    return watermark;
  }

  /**
   * Records that {@code offset} is written; true the first time an offset at or above the watermark
   * is seen, false for one seen before or below the watermark.
   */
  boolean add(long offset) {
    if (offset < watermark || !written.add(offset)) {
      return false;
    }
    while (!written.isEmpty() && written.first() == watermark) {
      written.pollFirst();
      watermark++;
    }
    return true;
  }

  /** Records of {@code [watermark, end)} not written yet; never negative. */
  long lag(long end) {
    if (end <= watermark) {
      return 0;
    }
    return Math.max(0, end - watermark - written.headSet(end).size());
  }

  /** How many written offsets wait above a gap (for the tests and the cost of a read). */
  int pending() {
    return written.size();
  }
}
