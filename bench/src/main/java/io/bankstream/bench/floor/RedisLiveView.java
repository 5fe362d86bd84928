package io.bankstream.bench.floor;

import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.LatestTransaction;
import io.bankstream.model.stats.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * The floor's live view in Redis: the keys, fields and formats of the pipeline's {@link
 * RedisStatsWriter} (layout in {@link RedisKeys}), written in <em>one</em> round trip per batch, a
 * {@code MULTI}/{@code EXEC} block sent pipelined. Each pane replaces its window's hash ({@code
 * DEL}, {@code HSET} of {@link RedisStatsWriter#fields}, {@code PEXPIRE}); the window starts join
 * the index, from which the windows that started more than the TTL ago are removed; the latest
 * lists add and drop only what their {@link LatestList} says changed, with the {@link
 * LatestTransaction} JSON of each transaction added. Every key gets the TTL on each write.
 *
 * <p>Unlike the pipeline's writer it keeps no pane from being replaced by an older one: the floor
 * is the only writer and its panes only grow. Statistics are best effort and never hold up the
 * decisions: when Redis is unreachable, {@link #write} logs one line, keeps the panes (the newest
 * per hash) and the list changes, and sends them with the next batch; one more line says when Redis
 * is back.
 */
final class RedisLiveView implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisLiveView.class);

  private final JedisPooled redis;
  private final RedisKeys keys = RedisKeys.DEFAULT;
  private final long ttlMillis;
  private final Clock clock;
  private final LatestList latest;
  private final LatestList rejections;
  private final Map<String, WindowStats> pendingPanes = new LinkedHashMap<>();
  private boolean seeded;
  private boolean failing;
  private long roundTrips;

  /**
   * @param redis the server; closed by {@link #close()}
   * @param ttl how long each key lives after its last write
   * @param latestCap how many ids each latest list keeps
   * @param clock gives {@code updated_at} and the age beyond which windows leave the index
   */
  RedisLiveView(JedisPooled redis, Duration ttl, int latestCap, Clock clock) {
    this.redis = redis;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.latest = new LatestList(latestCap, false);
    this.rejections = new LatestList(latestCap, true);
  }

  /**
   * Writes {@code panes} and a batch's {@code decided} transactions (for the latest lists), with
   * whatever an earlier failed call left; see the class comment.
   *
   * @return whether Redis took it all
   */
  boolean write(List<WindowStats> panes, List<DecidedTransaction> decided) {
    for (WindowStats pane : panes) {
      pendingPanes.put(keys.stats(pane.windowStart(), pane.key()), pane);
    }
    latest.offerAll(decided);
    rejections.offerAll(decided);
    try {
      if (!seeded) {
        seedLatestLists();
        seeded = true;
      }
      send();
      if (failing) {
        LOG.warn("Redis is back; the live statistics are up to date again");
        failing = false;
      }
      return true;
    } catch (JedisException e) {
      if (!failing) {
        LOG.warn(
            "Writing the live statistics to Redis failed ({}); keeping them for the next batch",
            e.getMessage());
        failing = true;
      }
      return false;
    }
  }

  /** How many round trips wrote to Redis (seeding not counted). */
  long roundTrips() {
    return roundTrips;
  }

  @Override
  public void close() {
    redis.close();
  }

  /** Starts the latest lists from what Redis holds, so a previous run's ids are capped too. */
  private void seedLatestLists() {
    latest.seed(scores(keys.latestTransactions()));
    rejections.seed(scores(keys.latestRejections()));
  }

  private Map<String, Double> scores(String key) {
    Map<String, Double> scores = new HashMap<>();
    for (Tuple tuple : redis.zrangeWithScores(key, 0, -1)) {
      scores.put(tuple.getElement(), tuple.getScore());
    }
    return scores;
  }

  private void send() {
    LatestList.Changes latestChanges = latest.changes();
    LatestList.Changes rejectionChanges = rejections.changes();
    if (pendingPanes.isEmpty() && latestChanges.isEmpty() && rejectionChanges.isEmpty()) {
      return;
    }
    String updatedAt = clock.instant().toString();
    TreeSet<Long> starts = new TreeSet<>();
    List<Object> replies;
    try (Transaction multi = redis.multi()) {
      for (Map.Entry<String, WindowStats> pane : pendingPanes.entrySet()) {
        String key = pane.getKey();
        multi.del(key);
        multi.hset(key, RedisStatsWriter.fields(pane.getValue(), updatedAt));
        multi.pexpire(key, ttlMillis);
        starts.add(pane.getValue().windowStart().toEpochMilli());
      }
      if (!starts.isEmpty()) {
        Map<String, Double> index = new HashMap<>();
        for (long start : starts) {
          index.put(Long.toString(start), (double) start);
        }
        multi.zadd(keys.windows(), index);
        multi.zremrangeByScore(keys.windows(), "-inf", "(" + (clock.millis() - ttlMillis));
        multi.pexpire(keys.windows(), ttlMillis);
      }
      queue(multi, latestChanges, keys.latestTransactions(), keys.latestTransactionsData());
      queue(multi, rejectionChanges, keys.latestRejections(), keys.latestRejectionsData());
      replies = multi.exec();
    }
    roundTrips++;
    if (replies == null) {
      throw new JedisDataException("the MULTI block was discarded");
    }
    for (Object reply : replies) {
      if (reply instanceof JedisDataException refused) {
        throw refused;
      }
    }
    pendingPanes.clear();
    latest.written();
    rejections.written();
  }

  private void queue(Transaction multi, LatestList.Changes changes, String set, String data) {
    if (changes.isEmpty()) {
      return;
    }
    if (!changes.scores().isEmpty()) {
      multi.zadd(set, changes.scores());
      multi.hset(data, changes.json());
    }
    if (!changes.removed().isEmpty()) {
      String[] removed = changes.removed().toArray(String[]::new);
      multi.zrem(set, removed);
      multi.hdel(data, removed);
    }
    multi.pexpire(set, ttlMillis);
    multi.pexpire(data, ttlMillis);
  }
}
