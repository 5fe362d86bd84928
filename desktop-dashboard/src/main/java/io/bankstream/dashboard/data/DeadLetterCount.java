package io.bankstream.dashboard.data;

import java.time.Instant;
import java.util.Objects;

/**
 * How many dead letters of one reason failed in one time bucket.
 *
 * @param bucketStart the bucket's start: a multiple of its length since the epoch
 */
public record DeadLetterCount(Instant bucketStart, String reason, long count) {

  public DeadLetterCount {
    Objects.requireNonNull(bucketStart, "bucketStart");
    Objects.requireNonNull(reason, "reason");
  }
}
