package io.bankstream.core.rules;

import io.bankstream.core.rules.PayerState.Recent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The aggregate limits' history as {@link PayerState} kept it before {@link LimitHistory}: a list
 * of records, copied and sorted for every transaction. The reference {@code LimitHistoryTest}
 * checks against, and the baseline {@code LimitHistoryCost} measures.
 */
final class ListHistory {

  private ListHistory() {}

  /** What {@code PayerState} did before: add, sort (stably), drop the old, keep the latest. */
  static List<Recent> plus(List<Recent> history, Recent entry, Duration window, int maxCount) {
    List<Recent> entries = new ArrayList<>(history);
    entries.add(entry);
    entries.sort(Comparator.comparing(Recent::eventTime));
    Instant horizon = entries.get(entries.size() - 1).eventTime().minus(window);
    entries.removeIf(recent -> !recent.eventTime().isAfter(horizon));
    int excess = entries.size() - maxCount;
    return List.copyOf(excess > 0 ? entries.subList(excess, entries.size()) : entries);
  }
}
