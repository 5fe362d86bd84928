package io.bankstream.dashboard.data;

import java.util.List;

/** One page of a {@link TransactionQuery}: its rows and whether another page follows. */
public record TransactionPage(
    TransactionQuery query, List<RecentTransaction> rows, boolean hasMore) {

  public TransactionPage {
    rows = List.copyOf(rows);
  }
}
