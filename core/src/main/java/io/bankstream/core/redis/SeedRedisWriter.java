package io.bankstream.core.redis;

import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.DecidedTransaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes decided transactions to Redis in the seed's layout ({@link SeedRedisLayout}), so that the
 * seed's own dashboard can read a bankstream Redis: each transaction's hash {@code transacoes:<id>}
 * and its id in the sorted set {@value SeedRedisLayout#RECENT}, which keeps only the {@code recent}
 * highest scores (the newest decisions); the hashes of the ids it drops are deleted with them, and
 * every key gets the TTL, renewed on each write.
 *
 * <p>One call is one round trip: a Lua script that, atomically, replaces each hash (DEL then HSET,
 * so it holds exactly the transaction's fields), sets its TTL, adds the id (ZADD, so an id written
 * again only moves, never doubles), then trims the set with ZREMRANGEBYRANK and deletes the dropped
 * ids' hashes. The script names the hashes from their ids, so it needs one Redis node, not a
 * cluster, as the rest of bankstream's layout. Of a batch, only the {@code recent} newest are sent:
 * the others would be dropped by the cap anyway. Failures are retried as {@link RedisStatsWriter}
 * retries them (same {@link RetryPolicy}, same transient errors), and then thrown, so the Beam DoFn
 * fails its bundle and the runner retries it; writing a batch again leaves the same keys.
 */
public final class SeedRedisWriter implements AutoCloseable {

  /** How many ids {@value SeedRedisLayout#RECENT} keeps by default: the seed dashboard's most. */
  public static final int DEFAULT_RECENT = 100;

  /**
   * KEYS[1]: the sorted set. ARGV[1]: the cap; ARGV[2]: the TTL in ms; ARGV[3]: the hash key
   * prefix; then per transaction: id, score, number of fields n, and n field, value pairs. Returns
   * how many ids were dropped.
   */
  static final String WRITE_SCRIPT =
      String.join(
          "\n",
          "local cap, ttl, prefix = tonumber(ARGV[1]), ARGV[2], ARGV[3]",
          "local i = 4",
          "while i <= #ARGV do",
          "  local id, score, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])",
          "  local hash = prefix .. id",
          "  redis.call('DEL', hash)",
          "  redis.call('HSET', hash, unpack(ARGV, i + 3, i + 2 + 2 * n))",
          "  redis.call('PEXPIRE', hash, ttl)",
          "  redis.call('ZADD', KEYS[1], score, id)",
          "  i = i + 3 + 2 * n",
          "end",
          "local excess = redis.call('ZCARD', KEYS[1]) - cap",
          "if excess > 0 then",
          "  local old = redis.call('ZRANGE', KEYS[1], 0, excess - 1)",
          "  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)",
          "  for _, id in ipairs(old) do",
          "    redis.call('DEL', prefix .. id)",
          "  end",
          "else",
          "  excess = 0",
          "end",
          "redis.call('PEXPIRE', KEYS[1], ttl)",
          "return excess");

  /** Redis orders equal scores by member; the newest first is the reverse of that. */
  private static final Comparator<Entry> NEWEST_FIRST =
      Comparator.comparing(Entry::score).thenComparing(Entry::id).reversed();

  private final JedisPooled redis;
  private final boolean ownsPool;
  private final Duration ttl;
  private final int recent;
  private final RetryPolicy retryPolicy;
  private final AtomicLong retries = new AtomicLong();

  /**
   * A writer with its own pool to the server of {@code config}, retrying with {@link
   * RetryPolicy#defaults()} (for up to 10 minutes); {@link #close()} closes the pool.
   *
   * @param ttl how long each key lives after its last write, at least 1 ms
   * @param recent how many ids {@value SeedRedisLayout#RECENT} keeps, at least 1
   */
  public SeedRedisWriter(RedisConfig config, Duration ttl, int recent) {
    this(config.pooled(), true, ttl, recent, RetryPolicy.defaults());
  }

  /** A writer to {@code redis}, which it leaves open, retrying under {@code retryPolicy}. */
  public SeedRedisWriter(JedisPooled redis, Duration ttl, int recent, RetryPolicy retryPolicy) {
    this(redis, false, ttl, recent, retryPolicy);
  }

  private SeedRedisWriter(
      JedisPooled redis, boolean ownsPool, Duration ttl, int recent, RetryPolicy retryPolicy) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.ownsPool = ownsPool;
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    if (recent < 1) {
      throw new IllegalArgumentException("recent must be at least 1: " + recent);
    }
    this.recent = recent;
  }

  /**
   * Writes {@code transactions} in one round trip (see the class comment). An id that appears twice
   * is written as its last occurrence.
   *
   * @return how many ids the cap dropped from {@value SeedRedisLayout#RECENT}
   * @throws JedisException when Redis stayed unreachable past the retry policy, or refused a
   *     command
   */
  public long write(List<DecidedTransaction> transactions) {
    if (transactions.isEmpty()) {
      return 0;
    }
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (DecidedTransaction transaction : transactions) {
      Entry entry = Entry.of(transaction);
      byId.put(entry.id(), entry);
    }
    List<Entry> newest = new ArrayList<>(byId.values());
    newest.sort(NEWEST_FIRST);
    if (newest.size() > recent) {
      newest = newest.subList(0, recent);
    }
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(recent));
    args.add(Long.toString(ttl.toMillis()));
    args.add(SeedRedisLayout.HASH_PREFIX);
    for (Entry entry : newest) {
      Map<String, String> fields = SeedRedisLayout.fields(entry.transaction());
      args.add(entry.id());
      args.add(entry.score().toPlainString());
      args.add(Integer.toString(fields.size()));
      fields.forEach(
          (field, value) -> {
            args.add(field);
            args.add(value);
          });
    }
    return retryPolicy.run(
        "write " + newest.size() + " transactions to Redis in the seed's layout",
        () -> (Long) redis.eval(WRITE_SCRIPT, List.of(SeedRedisLayout.RECENT), args),
        JedisException.class,
        RedisStatsWriter::isTransient,
        error -> ": " + RedisStatsWriter.describe(error),
        retries::incrementAndGet);
  }

  /** How many times this writer has retried a round trip after a transient error, so far. */
  public long retries() {
    return retries.get();
  }

  /** Closes the pool if this writer opened it (from a {@link RedisConfig}); otherwise nothing. */
  @Override
  public void close() {
    if (ownsPool) {
      redis.close();
    }
  }

  /** One transaction: its id and its score as a number, to keep the newest of a batch. */
  private record Entry(String id, BigDecimal score, DecidedTransaction transaction) {
    static Entry of(DecidedTransaction transaction) {
      return new Entry(
          SeedRedisLayout.member(transaction),
          new BigDecimal(SeedRedisLayout.score(transaction)),
          transaction);
    }
  }

  @Override
  public String toString() {
    return "SeedRedisWriter[ttl=" + ttl + ", recent=" + recent + "]";
  }
}
