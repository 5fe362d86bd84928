package io.bankstream.dashboard.history;

import io.bankstream.dashboard.data.GroupStats;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test fixtures: one-minute windows of statistics and decided transactions. */
public final class Windows {

  /** The start of the first window of every test. */
  public static final Instant T0 = Instant.parse("2026-03-02T21:00:00Z");

  public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  private Windows() {}

  /** The {@code n}-th one-minute window's start after {@link #T0}. */
  public static Instant minute(int n) {
    return T0.plus(ONE_MINUTE.multipliedBy(n));
  }

  /** One window of {@code key}: R$ 100 per transaction, latencies 10/50/90 ms per minute index. */
  public static GroupStats window(
      Instant start, StatsKey key, long approved, long rejected, Map<String, Long> rules) {
    long count = approved + rejected;
    return new GroupStats(
        start,
        start.plus(ONE_MINUTE),
        key,
        count,
        approved,
        rejected,
        BigDecimal.valueOf(count * 100L).setScale(2),
        BigDecimal.valueOf(approved * 100L).setScale(2),
        rules,
        10.0,
        50.0,
        90.0);
  }

  public static GroupStats total(Instant start, long approved, long rejected) {
    return window(start, StatsKey.TOTAL, approved, rejected, Map.of());
  }

  public static GroupStats total(
      Instant start, long approved, long rejected, Map<String, Long> rules) {
    return window(start, StatsKey.TOTAL, approved, rejected, rules);
  }

  public static GroupStats region(Instant start, String uf, long approved, long rejected) {
    return window(start, new StatsKey(Dimension.REGIAO, uf), approved, rejected, Map.of());
  }

  public static GroupStats modality(Instant start, String name, long approved, long rejected) {
    return window(start, new StatsKey(Dimension.MODALIDADE, name), approved, rejected, Map.of());
  }

  /** A transaction decided one second after {@code eventTime}; rejected when it has reasons. */
  public static RecentTransaction transaction(
      String id, String uf, String modality, Instant eventTime, String... reasons) {
    return new RecentTransaction(
        id,
        "payer-" + id,
        "receiver-" + id,
        uf,
        modality,
        eventTime,
        new BigDecimal("150.00"),
        reasons.length == 0,
        List.of(reasons),
        reasons.length == 0 ? 0.1 : 0.9,
        eventTime.plusSeconds(1));
  }
}
