package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.data.DeadLetterCount;
import io.bankstream.dashboard.data.OperationsSource;
import io.bankstream.dashboard.data.RulesVersion;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link OperationsSource} opened on its first query rather than when built, so that opening it
 * happens on the reader thread; a failure to open is a {@link SourceUnavailableException}, tried
 * again on the next query (see {@link Lazy}).
 */
final class LazyOperationsSource extends Lazy<OperationsSource> implements OperationsSource {

  LazyOperationsSource(Supplier<OperationsSource> opener, String address) {
    super(opener, address, "operations", OperationsSource::describe, OperationsSource::close);
  }

  @Override
  public List<DeadLetterCount> deadLetterCounts(TimeRange range, Duration bucket)
      throws SourceUnavailableException {
    return open().deadLetterCounts(range, bucket);
  }

  @Override
  public List<DeadLetter> latestDeadLetters(int limit) throws SourceUnavailableException {
    return open().latestDeadLetters(limit);
  }

  @Override
  public Optional<RulesVersion> activeRulesVersion(Instant now) throws SourceUnavailableException {
    return open().activeRulesVersion(now);
  }
}
