package io.bankstream.dashboard.data;

import java.util.Objects;

/**
 * A search of {@code transacoes} within a time range, one page at a time, newest first.
 *
 * @param text matches a transaction id, a payer id or a receiver id (prefix), a UF, a modality or a
 *     rule code; empty matches every transaction
 * @param onlyRejected whether to list rejected transactions only
 * @param page 0 for the newest page
 * @param pageSize rows per page, 1 to 500
 */
public record TransactionQuery(
    TimeRange range, String text, boolean onlyRejected, int page, int pageSize) {

  public TransactionQuery {
    Objects.requireNonNull(range, "range");
    text = text == null ? "" : text.strip();
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more: " + page);
    }
    if (pageSize < 1 || pageSize > 500) {
      throw new IllegalArgumentException("pageSize must be 1 to 500: " + pageSize);
    }
  }
}
