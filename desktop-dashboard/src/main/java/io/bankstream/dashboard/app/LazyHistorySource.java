package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.data.TransactionPage;
import io.bankstream.dashboard.data.TransactionQuery;
import io.bankstream.model.stats.Dimension;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link HistorySource} opened on its first query rather than when built, so that opening it
 * (which may connect a pool, or read a password file) happens off the UI thread. A failure to open
 * is reported as {@link SourceUnavailableException} and tried again on the next query. Until open,
 * {@link #describe()} is the address it will open.
 */
final class LazyHistorySource extends Lazy<HistorySource> implements HistorySource {

  LazyHistorySource(Supplier<HistorySource> opener, String address) {
    super(opener, address, "history", HistorySource::describe, HistorySource::close);
  }

  @Override
  public List<GroupStats> windows(TimeRange range, Dimension dimension)
      throws SourceUnavailableException {
    return open().windows(range, dimension);
  }

  @Override
  public List<AmountBucket> amounts(TimeRange range) throws SourceUnavailableException {
    return open().amounts(range);
  }

  @Override
  public TransactionPage transactions(TransactionQuery query) throws SourceUnavailableException {
    return open().transactions(query);
  }

  @Override
  public void ping() throws SourceUnavailableException {
    open().ping();
  }
}
