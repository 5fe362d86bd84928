package io.bankstream.dashboard.data;

import java.time.Instant;
import java.util.List;

/**
 * Everything the live view shows, read from Redis in one go.
 *
 * @param readAt when it was read
 * @param totals the overall statistics of the most recent windows, oldest first
 * @param regions per UF, of the newest window that has statistics
 * @param modalities per modality, of that same window
 * @param latest the newest decided transactions, newest first
 * @param rejections the newest rejected transactions, newest first
 */
public record LiveSnapshot(
    Instant readAt,
    List<GroupStats> totals,
    List<GroupStats> regions,
    List<GroupStats> modalities,
    List<RecentTransaction> latest,
    List<RecentTransaction> rejections) {

  public LiveSnapshot {
    totals = List.copyOf(totals);
    regions = List.copyOf(regions);
    modalities = List.copyOf(modalities);
    latest = List.copyOf(latest);
    rejections = List.copyOf(rejections);
  }
}
