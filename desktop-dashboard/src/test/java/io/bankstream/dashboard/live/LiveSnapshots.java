package io.bankstream.dashboard.live;

import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.history.Windows.modality;
import static io.bankstream.dashboard.history.Windows.region;
import static io.bankstream.dashboard.history.Windows.total;
import static io.bankstream.dashboard.history.Windows.transaction;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.RecentTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The live snapshot the tests use: three one-minute windows read 30 s into the third, so the second
 * (21:01, 120 transactions, 2 rejected) is the newest complete one; UFs RJ, SP and MG of the newest
 * window; two modalities; three latest transactions and one rejection.
 */
public final class LiveSnapshots {

  /** When {@link #standard()} was read: 21:02:30 UTC. */
  public static final Instant READ_AT = minute(2).plusSeconds(30);

  /** SP's count in {@link #standard()}'s newest window. */
  public static final long SP_COUNT = 73;

  private LiveSnapshots() {}

  public static LiveSnapshot standard() {
    return withTotals(
        READ_AT,
        List.of(
            total(minute(0), 50, 2),
            total(minute(1), 118, 2, Map.of("SALDO", 2L)),
            total(minute(2), 30, 0)));
  }

  public static LiveSnapshot withTotals(Instant readAt, List<GroupStats> totals) {
    RecentTransaction rejected = transaction("t3", "SP", "PIX", minute(2).plusSeconds(3), "SALDO");
    return new LiveSnapshot(
        readAt,
        totals,
        List.of(
            region(minute(2), "RJ", 30, 1),
            region(minute(2), "SP", 70, 3),
            region(minute(2), "MG", 12, 0)),
        List.of(modality(minute(2), "TED", 20, 1), modality(minute(2), "PIX", 80, 3)),
        List.of(
            rejected,
            transaction("t2", "RJ", "TED", minute(2).plusSeconds(2)),
            transaction("t1", "MG", "PIX", minute(2).plusSeconds(1))),
        List.of(rejected));
  }
}
