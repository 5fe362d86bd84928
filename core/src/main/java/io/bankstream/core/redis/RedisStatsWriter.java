package io.bankstream.core.redis;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.core.stats.WindowSummary;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.LatestTransaction;
import io.bankstream.model.stats.RedisKeys;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes the live statistics to Redis under the {@link RedisKeys} layout (SPEC section 6): window
 * panes with {@link #writeStats} and the latest transactions and rejections with {@link
 * #writeLatest}. Each call is one pipelined round trip, and every write is an idempotent overwrite,
 * never an increment, so a pane or a transaction written twice (a bundle retried by the runner)
 * leaves the same value. Every key gets a TTL, counted from the write; the window index and the
 * latest lists are trimmed, so memory stays bounded.
 *
 * <p>A pane replaces its hash atomically with a Lua script: it deletes the hash and sets every
 * field again (so a field that disappeared, such as a latency that became unknown, is gone), unless
 * the hash already holds a pane with a <em>higher</em> {@code pane_index} of the same window, which
 * it then leaves alone: panes can arrive out of order after a retry, and accumulating panes only
 * grow. The latest lists are also kept by a script, which adds the ids and their JSON, then drops
 * the lowest-scored ids beyond the cap from both the sorted set and the data hash in the same step,
 * so the two always hold the same ids.
 *
 * <p>Connection failures ({@link JedisConnectionException}, a pool with no connection in time) and
 * a server still loading its data ({@code LOADING}, {@code BUSY}, {@code TRYAGAIN}, {@code
 * MASTERDOWN}) are retried under a {@link RetryPolicy} (Failsafe's backoff, bounded by its {@code
 * maxElapsed}), logging one WARN per failed attempt; after that the last error is thrown, so the
 * Beam DoFn fails its bundle and the runner retries it. Other errors are thrown at once. Instances
 * are thread-safe. A writer made from a {@link RedisConfig} owns its pool and {@link #close()}
 * closes it; a writer given a {@link JedisPooled} leaves it open.
 */
public final class RedisStatsWriter implements AutoCloseable {

  /** How long the keys live after their last write by default: well past the allowed lateness. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** How many of the latest transactions, and of the latest rejections, are kept by default. */
  public static final int DEFAULT_LATEST_CAP = 100;

  /**
   * Replaces a pane's hash unless it holds a later pane. KEYS[1]: the hash. ARGV[1]: the pane
   * index; ARGV[2]: the TTL in ms; ARGV[3..]: field, value, field, value, ... Returns 1 when
   * written, 0 when a later pane was kept.
   */
  static final String WRITE_PANE_SCRIPT =
      String.join(
          "\n",
          "local stored = redis.call('HGET', KEYS[1], '" + RedisKeys.PANE_INDEX + "')",
          "if stored and tonumber(stored) > tonumber(ARGV[1]) then",
          "  return 0",
          "end",
          "redis.call('DEL', KEYS[1])",
          "redis.call('HSET', KEYS[1], unpack(ARGV, 3))",
          "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
          "return 1");

  /**
   * Adds ids to a capped list. KEYS[1]: the sorted set; KEYS[2]: its data hash. ARGV[1]: the cap;
   * ARGV[2]: the TTL in ms; ARGV[3..]: id, score, json, id, score, json, ... Returns how many ids
   * were dropped.
   */
  static final String WRITE_LATEST_SCRIPT =
      String.join(
          "\n",
          "for i = 3, #ARGV, 3 do",
          "  redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])",
          "  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])",
          "end",
          "local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])",
          "if excess > 0 then",
          "  local old = redis.call('ZRANGE', KEYS[1], 0, excess - 1)",
          "  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)",
          "  for i = 1, #old, 500 do",
          "    redis.call('HDEL', KEYS[2], unpack(old, i, math.min(i + 499, #old)))",
          "  end",
          "else",
          "  excess = 0",
          "end",
          "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
          "redis.call('PEXPIRE', KEYS[2], ARGV[2])",
          "return excess");

  /** Error replies after which the same command may well succeed. */
  private static final Set<String> TRANSIENT_REPLIES =
      Set.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN");

  /** Redis orders equal scores by member; the newest first is the reverse of that. */
  private static final Comparator<Entry> NEWEST_FIRST =
      Comparator.comparingLong(Entry::score).thenComparing(Entry::id).reversed();

  private final JedisPooled redis;
  private final RedisKeys keys;
  private final Duration ttl;
  private final int latestCap;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final boolean ownsPool;
  private final AtomicLong retries = new AtomicLong();

  /**
   * A writer with its own pool to the server of {@code config} (see {@link RedisConfig#pooled()}),
   * under {@link RedisKeys#DEFAULT}, retrying with {@link RetryPolicy#defaults()} (for up to 10
   * minutes); {@link #close()} closes the pool.
   *
   * @param ttl how long each key lives after its last write
   * @param latestCap how many ids each latest list keeps, at least 1
   */
  public RedisStatsWriter(RedisConfig config, Duration ttl, int latestCap) {
    this(
        config.pooled(),
        true,
        RedisKeys.DEFAULT,
        ttl,
        latestCap,
        RetryPolicy.defaults(),
        Clock.systemUTC());
  }

  /**
   * A writer to {@code redis} under {@link RedisKeys#DEFAULT}, retrying with {@link
   * RetryPolicy#defaults()} (for up to 10 minutes).
   *
   * @param ttl how long each key lives after its last write
   * @param latestCap how many ids each latest list keeps, at least 1
   */
  public RedisStatsWriter(JedisPooled redis, Duration ttl, int latestCap) {
    this(redis, RedisKeys.DEFAULT, ttl, latestCap, RetryPolicy.defaults(), Clock.systemUTC());
  }

  /**
   * A writer to {@code redis} under {@code keys}.
   *
   * @param ttl how long each key lives after its last write; it should exceed the window size plus
   *     the allowed lateness, so a late pane finds its window still listed
   * @param latestCap how many ids each latest list keeps, at least 1
   * @param retryPolicy the backoff and the time limit for connection failures
   * @param clock gives {@code updated_at} and the age beyond which windows leave the index
   */
  public RedisStatsWriter(
      JedisPooled redis,
      RedisKeys keys,
      Duration ttl,
      int latestCap,
      RetryPolicy retryPolicy,
      Clock clock) {
    this(redis, false, keys, ttl, latestCap, retryPolicy, clock);
  }

  private RedisStatsWriter(
      JedisPooled redis,
      boolean ownsPool,
      RedisKeys keys,
      Duration ttl,
      int latestCap,
      RetryPolicy retryPolicy,
      Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.ownsPool = ownsPool;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    if (latestCap < 1) {
      throw new IllegalArgumentException("latestCap must be at least 1: " + latestCap);
    }
    this.latestCap = latestCap;
  }

  /** Closes the pool if this writer opened it (from a {@link RedisConfig}); otherwise nothing. */
  @Override
  public void close() {
    if (ownsPool) {
      redis.close();
    }
  }

  /** How many times this writer has retried a round trip after a transient error, so far. */
  public long retries() {
    return retries.get();
  }

  /**
   * Writes {@code panes} in one round trip: each pane replaces its window's hash (see the class
   * comment) and gets the TTL; each window start joins the index {@code bankstream:windows}, from
   * which the windows that started more than the TTL ago are then removed, and the index gets the
   * TTL too.
   *
   * @return how many panes were stored; the others were older than the pane already stored
   * @throws JedisException when Redis stayed unreachable past the retry policy, or refused a
   *     command
   */
  public int writeStats(List<WindowStats> panes) {
    if (panes.isEmpty()) {
      return 0;
    }
    List<Map.Entry<String, List<String>>> writes = new ArrayList<>(panes.size());
    Set<Long> starts = new TreeSet<>();
    String updatedAt = clock.instant().toString();
    String ttlMillis = Long.toString(ttl.toMillis());
    for (WindowStats pane : panes) {
      List<String> args = new ArrayList<>();
      args.add(Long.toString(pane.paneIndex()));
      args.add(ttlMillis);
      fields(pane, updatedAt)
          .forEach(
              (field, value) -> {
                args.add(field);
                args.add(value);
              });
      writes.add(Map.entry(keys.stats(pane.windowStart(), pane.key()), args));
      starts.add(pane.windowStart().toEpochMilli());
    }
    String operation = "write " + panes.size() + " window panes to Redis";
    return withRetries(
        operation,
        () -> {
          long cutoff = clock.millis() - ttl.toMillis();
          try (Pipeline pipeline = redis.pipelined()) {
            List<Response<Object>> stored = new ArrayList<>(writes.size());
            for (Map.Entry<String, List<String>> write : writes) {
              stored.add(
                  pipeline.eval(WRITE_PANE_SCRIPT, List.of(write.getKey()), write.getValue()));
            }
            List<Response<Long>> indexed = new ArrayList<>();
            for (long start : starts) {
              indexed.add(pipeline.zadd(keys.windows(), start, Long.toString(start)));
            }
            indexed.add(pipeline.zremrangeByScore(keys.windows(), "-inf", "(" + cutoff));
            indexed.add(pipeline.pexpire(keys.windows(), ttl.toMillis()));
            pipeline.sync();
            // get() throws the error reply of a command that failed.
            indexed.forEach(Response::get);
            int written = 0;
            for (Response<Object> each : stored) {
              written += ((Long) each.get()).intValue();
            }
            return written;
          }
        });
  }

  /**
   * Writes {@code transactions} to the latest lists in one round trip: every one to {@code
   * latest:transactions}, the rejected ones to {@code latest:rejections}, each id scored by its
   * decision time in epoch ms with its JSON ({@link LatestTransaction}) in the list's data hash;
   * then each list keeps only its {@code latestCap} newest ids (in both the sorted set and the data
   * hash), and all four keys get the TTL. Writing the same transactions again changes nothing. An
   * id that appears twice is written as its last occurrence.
   *
   * @throws JedisException when Redis stayed unreachable past the retry policy, or refused a
   *     command
   */
  public void writeLatest(List<DecidedTransaction> transactions) {
    if (transactions.isEmpty()) {
      return;
    }
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (DecidedTransaction transaction : transactions) {
      Entry entry = Entry.of(transaction);
      byId.put(entry.id(), entry);
    }
    List<Entry> all = newest(byId.values(), false);
    List<Entry> rejected = newest(byId.values(), true);
    List<String> allArgs = latestArgs(all);
    List<String> rejectedArgs = latestArgs(rejected);
    withRetries(
        "write " + byId.size() + " latest transactions to Redis",
        () -> {
          try (Pipeline pipeline = redis.pipelined()) {
            Response<Object> first =
                pipeline.eval(
                    WRITE_LATEST_SCRIPT,
                    List.of(keys.latestTransactions(), keys.latestTransactionsData()),
                    allArgs);
            Response<Object> second =
                pipeline.eval(
                    WRITE_LATEST_SCRIPT,
                    List.of(keys.latestRejections(), keys.latestRejectionsData()),
                    rejectedArgs);
            pipeline.sync();
            first.get();
            second.get();
            return null;
          }
        });
  }

  /**
   * The {@code latestCap} newest of {@code entries} (only the rejected ones if {@code
   * rejectedOnly}): the others would be dropped by the cap anyway, whatever the list held.
   */
  private List<Entry> newest(Iterable<Entry> entries, boolean rejectedOnly) {
    List<Entry> chosen = new ArrayList<>();
    for (Entry entry : entries) {
      if (!rejectedOnly || !entry.approved()) {
        chosen.add(entry);
      }
    }
    chosen.sort(NEWEST_FIRST);
    return chosen.size() > latestCap ? chosen.subList(0, latestCap) : chosen;
  }

  private List<String> latestArgs(List<Entry> entries) {
    List<String> args = new ArrayList<>(2 + 3 * entries.size());
    args.add(Integer.toString(latestCap));
    args.add(Long.toString(ttl.toMillis()));
    for (Entry entry : entries) {
      args.add(entry.id());
      args.add(Long.toString(entry.score()));
      args.add(entry.json());
    }
    return args;
  }

  /**
   * The fields of a pane's hash, in the order of {@link RedisKeys}: window bounds, counts, amounts,
   * one {@code rejected_by:<CODE>} per rule, the latencies that are known, the pane and {@code
   * updatedAt}.
   */
  public static Map<String, String> fields(WindowStats pane, String updatedAt) {
    WindowSummary summary = pane.summary();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(RedisKeys.WINDOW_START, pane.windowStart().toString());
    fields.put(RedisKeys.WINDOW_END, pane.windowEnd().toString());
    fields.put(RedisKeys.COUNT, Long.toString(summary.count()));
    fields.put(RedisKeys.APPROVED, Long.toString(summary.approved()));
    fields.put(RedisKeys.REJECTED, Long.toString(summary.rejected()));
    fields.put(RedisKeys.AMOUNT, summary.amount().toPlainString());
    fields.put(RedisKeys.APPROVED_AMOUNT, summary.approvedAmount().toPlainString());
    summary
        .rejectionsByRule()
        .forEach((code, times) -> fields.put(RedisKeys.REJECTED_BY + code, Long.toString(times)));
    putLatency(fields, RedisKeys.LATENCY_P50_MS, summary.latencyP50Ms());
    putLatency(fields, RedisKeys.LATENCY_P95_MS, summary.latencyP95Ms());
    putLatency(fields, RedisKeys.LATENCY_P99_MS, summary.latencyP99Ms());
    fields.put(RedisKeys.PANE, pane.timing());
    fields.put(RedisKeys.PANE_INDEX, Long.toString(pane.paneIndex()));
    fields.put(RedisKeys.UPDATED_AT, updatedAt);
    return fields;
  }

  private static void putLatency(Map<String, String> fields, String field, Double millis) {
    if (millis != null) {
      fields.put(
          field,
          BigDecimal.valueOf(millis)
              .setScale(WindowSummary.LATENCY_SCALE, RoundingMode.HALF_UP)
              .toPlainString());
    }
  }

  /** Runs {@code call}, retrying transient failures; see the class comment. */
  private <T> T withRetries(String operation, Supplier<T> call) {
    return retryPolicy.run(
        operation,
        call::get,
        JedisException.class,
        RedisStatsWriter::isTransient,
        error -> ": " + describe(error),
        retries::incrementAndGet);
  }

  /**
   * True when the same round trip may well succeed later: a connection failure anywhere in the
   * causes, a pool that had no connection in time, or one of the error replies {@code LOADING},
   * {@code BUSY}, {@code TRYAGAIN}, {@code MASTERDOWN}, {@code CLUSTERDOWN}.
   */
  static boolean isTransient(JedisException error) {
    for (Throwable each = error; each != null; each = each.getCause()) {
      if (each instanceof JedisConnectionException || each instanceof NoSuchElementException) {
        return true;
      }
      if (each instanceof JedisDataException && each.getMessage() != null) {
        String reply = each.getMessage().split(" ", 2)[0];
        if (TRANSIENT_REPLIES.contains(reply)) {
          return true;
        }
      }
      if (each.getCause() == each) {
        break;
      }
    }
    return false;
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    Throwable cause = error.getCause();
    if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)) {
      message = message + " (" + cause.getMessage() + ")";
    }
    return error.getClass().getSimpleName() + ": " + message;
  }

  /** One transaction for the latest lists; its JSON is made only for the ones kept. */
  private record Entry(String id, long score, boolean approved, DecidedTransaction transaction) {

    static Entry of(DecidedTransaction transaction) {
      return new Entry(
          transaction.transaction().id().toString(),
          transaction.decidedAt().toEpochMilli(),
          transaction.decision().approved(),
          transaction);
    }

    String json() {
      return LatestTransaction.of(transaction).toJson();
    }
  }

  @Override
  public String toString() {
    return "RedisStatsWriter[keys=" + keys + ", ttl=" + ttl + ", latestCap=" + latestCap + "]";
  }
}
