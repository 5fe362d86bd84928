package io.bankstream.dashboard.history;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.modality;
import static io.bankstream.dashboard.history.Windows.region;
import static io.bankstream.dashboard.history.Windows.total;
import static io.bankstream.dashboard.history.Windows.transaction;

import io.bankstream.dashboard.data.AmountBucket;
import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.HistorySource;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.data.TransactionPage;
import io.bankstream.dashboard.data.TransactionQuery;
import io.bankstream.dashboard.testing.FakeSource;
import io.bankstream.model.stats.Dimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A history source in memory: windows per dimension, amount buckets and transactions, a text search
 * (id prefix, UF, modality or rule) and paging like the contract's; {@link #down} makes every call
 * fail until {@link #up}.
 */
public final class FakeHistorySource extends FakeSource implements HistorySource {

  private volatile Map<Dimension, List<GroupStats>> windows = new EnumMap<>(Dimension.class);
  private volatile List<AmountBucket> amounts = List.of();
  private volatile List<RecentTransaction> transactions = List.of();
  public final List<TransactionQuery> queries = new CopyOnWriteArrayList<>();
  public final List<TimeRange> ranges = new CopyOnWriteArrayList<>();

  public FakeHistorySource(String address) {
    super(address);
  }

  public FakeHistorySource() {
    this("jdbc:postgresql://fake:5432/bank");
  }

  public FakeHistorySource windows(Dimension dimension, List<GroupStats> stats) {
    Map<Dimension, List<GroupStats>> copy = new EnumMap<>(Dimension.class);
    copy.putAll(windows);
    copy.put(dimension, List.copyOf(stats));
    windows = copy;
    return this;
  }

  public FakeHistorySource amounts(List<AmountBucket> buckets) {
    amounts = List.copyOf(buckets);
    return this;
  }

  public FakeHistorySource transactions(List<RecentTransaction> rows) {
    transactions = List.copyOf(rows);
    return this;
  }

  @Override
  public List<GroupStats> windows(TimeRange range, Dimension dimension)
      throws SourceUnavailableException {
    check();
    ranges.add(range);
    return windows.getOrDefault(dimension, List.of());
  }

  @Override
  public List<AmountBucket> amounts(TimeRange range) throws SourceUnavailableException {
    check();
    return amounts;
  }

  @Override
  public TransactionPage transactions(TransactionQuery query) throws SourceUnavailableException {
    check();
    queries.add(query);
    List<RecentTransaction> matching = new ArrayList<>();
    for (RecentTransaction row : transactions) {
      if (query.onlyRejected() && row.approved()) {
        continue;
      }
      String text = query.text();
      if (text.isEmpty()
          || row.id().startsWith(text)
          || row.region().equals(text)
          || row.modality().equals(text)
          || row.reasons().contains(text)) {
        matching.add(row);
      }
    }
    int from = Math.min(matching.size(), query.page() * query.pageSize());
    int to = Math.min(matching.size(), from + query.pageSize());
    return new TransactionPage(query, matching.subList(from, to), to < matching.size());
  }

  @Override
  public void ping() throws SourceUnavailableException {
    check();
  }

  /**
   * Two one-minute windows (104 and 96 transactions; SALDO 4, VELOCIDADE 5, RISCO 1), SP 63 + 56
   * and RJ 45 + 40 per UF, PIX 170/10 and TED 24/0 per modality, two amount buckets, and 120
   * transactions of which every fourth (30) is a SP PIX rejected by SALDO.
   */
  public static FakeHistorySource standard() {
    List<RecentTransaction> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(
          i % 4 == 0
              ? transaction(String.format("tx%03d", i), "SP", "PIX", minute(0), "SALDO")
              : transaction(String.format("tx%03d", i), "RJ", "TED", minute(0)));
    }
    return new FakeHistorySource()
        .windows(
            Dimension.TOTAL,
            List.of(
                total(minute(0), 100, 4, Map.of("SALDO", 3L, "RISCO", 1L)),
                total(minute(1), 90, 6, Map.of("SALDO", 1L, "VELOCIDADE", 5L))))
        .windows(
            Dimension.REGIAO,
            List.of(
                region(minute(0), "SP", 60, 3),
                region(minute(0), "RJ", 44, 1),
                region(minute(1), "SP", 50, 6),
                region(minute(1), "RJ", 40, 0)))
        .windows(
            Dimension.MODALIDADE,
            List.of(
                modality(minute(0), "PIX", 80, 4),
                modality(minute(0), "TED", 24, 0),
                modality(minute(1), "PIX", 90, 6)))
        .amounts(
            List.of(
                new AmountBucket(BigDecimal.ONE, BigDecimal.TEN, 10, 1),
                new AmountBucket(BigDecimal.TEN, null, 180, 9)))
        .transactions(rows);
  }
}
