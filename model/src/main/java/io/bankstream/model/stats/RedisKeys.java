package io.bankstream.model.stats;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The Redis key layout of the live statistics (SPEC section 6): every key the pipeline writes and
 * the dashboard reads, under one prefix ({@code bankstream} by default, followed by {@code :}).
 * Every key carries a TTL; every write replaces a value, nothing is incremented.
 *
 * <table>
 *   <caption>Keys, with the default prefix</caption>
 *   <tr><th>key</th><th>type</th><th>example</th></tr>
 *   <tr><td>{@code bankstream:stats:<windowStartMillis>:total}</td><td>hash</td>
 *       <td>{@code bankstream:stats:1772485200000:total}</td></tr>
 *   <tr><td>{@code bankstream:stats:<windowStartMillis>:regiao:<UF>}</td><td>hash</td>
 *       <td>{@code bankstream:stats:1772485200000:regiao:SP}</td></tr>
 *   <tr><td>{@code bankstream:stats:<windowStartMillis>:modalidade:<MODALITY>}</td><td>hash</td>
 *       <td>{@code bankstream:stats:1772485200000:modalidade:PIX}</td></tr>
 *   <tr><td>{@code bankstream:windows}</td><td>sorted set</td>
 *       <td>member {@code 1772485200000}, score {@code 1772485200000}</td></tr>
 *   <tr><td>{@code bankstream:latest:transactions}</td><td>sorted set</td>
 *       <td>member {@code 0b6a...-...}, score the decision time in epoch ms</td></tr>
 *   <tr><td>{@code bankstream:latest:transactions:data}</td><td>hash</td>
 *       <td>field {@code 0b6a...-...}, value the transaction as JSON</td></tr>
 *   <tr><td>{@code bankstream:latest:rejections}</td><td>sorted set</td>
 *       <td>as {@code latest:transactions}, rejected transactions only</td></tr>
 *   <tr><td>{@code bankstream:latest:rejections:data}</td><td>hash</td>
 *       <td>as {@code latest:transactions:data}</td></tr>
 * </table>
 *
 * <p>A statistics hash ({@link #stats}) holds one pane of one window for one group, with the fields
 * {@code window_start} and {@code window_end} (ISO-8601 UTC, e.g. {@code 2026-03-02T21:00:00Z}),
 * {@code count}, {@code approved}, {@code rejected}, {@code amount} and {@code approved_amount}
 * (plain decimals with 2 places, e.g. {@code 1234.50}), one {@code rejected_by:<CODE>} per rule
 * code that rejected something (e.g. {@code rejected_by:SALDO}), {@code latency_p50_ms}, {@code
 * latency_p95_ms} and {@code latency_p99_ms} (ms with one decimal, absent when no transaction had a
 * Kafka timestamp), {@code pane} ({@code EARLY}, {@code ON_TIME} or {@code LATE}), {@code
 * pane_index} (0, 1, 2, ...) and {@code updated_at} (ISO-8601 UTC, when the pipeline wrote it). The
 * window index ({@link #windows}) lists the window starts that have statistics, so a reader takes
 * the newest with {@code ZREVRANGE bankstream:windows 0 4} and then {@code HGETALL}s their hashes.
 * The latest transactions ({@link #latestTransactions}) and rejections ({@link #latestRejections})
 * are sorted sets of transaction ids scored by decision time in epoch ms, capped to the newest N,
 * each with a hash ({@link #latestTransactionsData}, {@link #latestRejectionsData}) from id to a
 * JSON object, a {@link LatestTransaction}: {@code {"id":"...","payer":"...","receiver":"...",
 * "region":"SP","modality":"PIX","event_time":"2026-03-02T21:00:01.250Z","amount":150.00,
 * "approved":false,"reasons":["SALDO","RISCO"],"risk_score":0.8123,
 * "decided_at":"2026-03-02T21:00:01.480Z"}}.
 *
 * @param prefix the first part of every key, without the trailing {@code :}; {@link
 *     #DEFAULT_PREFIX} in production, another one lets two pipelines share a Redis
 */
public record RedisKeys(String prefix) implements Serializable {

  /** The prefix of every key by default. */
  public static final String DEFAULT_PREFIX = "bankstream";

  /** The layout under {@link #DEFAULT_PREFIX}. */
  public static final RedisKeys DEFAULT = new RedisKeys(DEFAULT_PREFIX);

  /** Hash field: the window's inclusive start, ISO-8601 UTC. */
  public static final String WINDOW_START = "window_start";

  /** Hash field: the window's exclusive end, ISO-8601 UTC. */
  public static final String WINDOW_END = "window_end";

  /** Hash field: how many transactions. */
  public static final String COUNT = "count";

  /** Hash field: how many were approved. */
  public static final String APPROVED = "approved";

  /** Hash field: how many were rejected. */
  public static final String REJECTED = "rejected";

  /** Hash field: the sum of the amounts, 2 decimals. */
  public static final String AMOUNT = "amount";

  /** Hash field: the sum of the approved amounts, 2 decimals. */
  public static final String APPROVED_AMOUNT = "approved_amount";

  /** Hash field prefix: {@code rejected_by:SALDO} counts the rejections by rule {@code SALDO}. */
  public static final String REJECTED_BY = "rejected_by:";

  /** Hash field: median latency in ms; absent when unknown. */
  public static final String LATENCY_P50_MS = "latency_p50_ms";

  /** Hash field: 95th percentile latency in ms; absent when unknown. */
  public static final String LATENCY_P95_MS = "latency_p95_ms";

  /** Hash field: 99th percentile latency in ms; absent when unknown. */
  public static final String LATENCY_P99_MS = "latency_p99_ms";

  /** Hash field: the pane's timing, {@code EARLY}, {@code ON_TIME} or {@code LATE}. */
  public static final String PANE = "pane";

  /** Hash field: the pane's index in its window, 0 for the first. */
  public static final String PANE_INDEX = "pane_index";

  /** Hash field: when the pane was written, ISO-8601 UTC. */
  public static final String UPDATED_AT = "updated_at";

  public RedisKeys {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()
        || prefix.endsWith(":")
        || prefix.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "prefix must be non-empty, without whitespace and without a trailing ':': '"
              + prefix
              + "'");
    }
  }

  /**
   * The hash of one group's statistics in the window starting at {@code windowStart}: {@code
   * bankstream:stats:1772485200000:total}, {@code bankstream:stats:1772485200000:regiao:SP}, {@code
   * bankstream:stats:1772485200000:modalidade:PIX}.
   */
  public String stats(Instant windowStart, StatsKey key) {
    return statsPrefix(windowStart) + key;
  }

  /**
   * What every statistics key of the window starting at {@code windowStart} begins with: {@code
   * bankstream:stats:1772485200000:}.
   */
  public String statsPrefix(Instant windowStart) {
    return prefix + ":stats:" + windowStart.toEpochMilli() + ":";
  }

  /** The sorted set of window starts (member and score: epoch ms): {@code bankstream:windows}. */
  public String windows() {
    return prefix + ":windows";
  }

  /** The sorted set of the latest transaction ids: {@code bankstream:latest:transactions}. */
  public String latestTransactions() {
    return prefix + ":latest:transactions";
  }

  /** Id to JSON of the latest transactions: {@code bankstream:latest:transactions:data}. */
  public String latestTransactionsData() {
    return latestTransactions() + ":data";
  }

  /** The sorted set of the latest rejected ids: {@code bankstream:latest:rejections}. */
  public String latestRejections() {
    return prefix + ":latest:rejections";
  }

  /** Id to JSON of the latest rejections: {@code bankstream:latest:rejections:data}. */
  public String latestRejectionsData() {
    return latestRejections() + ":data";
  }
}
