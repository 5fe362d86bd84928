package io.bankstream.dashboard.data;

import io.bankstream.model.stats.Dimension;
import java.util.List;

/**
 * Reads the history (PostgreSQL). Aggregates come from {@code estatisticas_janela}; the amount
 * distribution and the transaction search read {@code transacoes} within the range only, through
 * its index on {@code data_horario}, and the search one page at a time. Blocking; called off the UI
 * thread.
 */
public interface HistorySource extends AutoCloseable {

  /** The window statistics of {@code dimension} in {@code range}, by window start then group. */
  List<GroupStats> windows(TimeRange range, Dimension dimension) throws SourceUnavailableException;

  /** The amounts of the range's transactions in log-scale buckets, approved and rejected. */
  List<AmountBucket> amounts(TimeRange range) throws SourceUnavailableException;

  /** One page of transactions matching {@code query}, newest first. */
  TransactionPage transactions(TransactionQuery query) throws SourceUnavailableException;

  /**
   * Checks that the store answers, cheaply ({@code SELECT 1}): the history view calls it on every
   * refresh while idle, so a store that goes away shows as disconnected without waiting for a read.
   */
  void ping() throws SourceUnavailableException;

  /** Where it reads from, for the status bar: {@code jdbc:postgresql://127.0.0.1:5432/bank}. */
  String describe();

  @Override
  void close();
}
