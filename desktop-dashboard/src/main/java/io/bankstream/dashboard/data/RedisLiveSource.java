package io.bankstream.dashboard.data;

import io.bankstream.core.redis.RedisPools;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.LatestTransaction;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.model.stats.StatsKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Reads the live statistics the pipeline keeps in Redis under the {@link RedisKeys} layout. One
 * {@link #read} takes two pipelined round trips (three when the newest listed window has no
 * statistics any more): first the window index ({@code ZREVRANGE <prefix>:windows}) and the ids of
 * the latest transactions and rejections ({@code ZREVRANGE}, newest {@value #LATEST_LIMIT}); then
 * {@code HGETALL} of each window's {@code total} hash, of the newest window's hash for every UF
 * ({@link Region}) and every modality ({@link PaymentModality}), and {@code HMGET} of the latest
 * transactions' JSON ({@link LatestTransaction}). No {@code KEYS} or {@code SCAN}: every key read
 * is one the layout names.
 *
 * <p>A hash, an index member or a JSON entry that cannot be read is skipped, counted ({@link
 * #skippedEntries()}) and logged once per source; the rest of the snapshot is still returned. Any
 * connection or server error makes {@link #read} throw a {@link SourceUnavailableException} naming
 * {@code host:port}; the next call tries again on a fresh connection (pooled connections are
 * checked before use), so a source outlives a Redis restart. Connecting and each reply may take
 * {@link #TIMEOUT}. Thread-safe; {@link #close()} closes its pool.
 */
public final class RedisLiveSource implements LiveSource {

  /** How long connecting, each reply, and waiting for a pooled connection may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** How many of the latest transactions, and of the latest rejections, a snapshot holds. */
  public static final int LATEST_LIMIT = 50;

  /** The most connections the pool opens: the dashboard polls from one thread or two. */
  static final int MAX_CONNECTIONS = 2;

  /** The name the source's connections show in {@code CLIENT LIST}. */
  static final String CLIENT_NAME = "bankstream-dashboard";

  private static final Logger LOG = LoggerFactory.getLogger(RedisLiveSource.class);

  private final String host;
  private final int port;
  private final boolean ssl;
  private final RedisKeys keys;
  private final Clock clock;
  private final JedisPooled redis;
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicBoolean loggedSkip = new AtomicBoolean();

  /**
   * A source reading {@code host:port} under {@link RedisKeys#DEFAULT}.
   *
   * @param password the {@code requirepass} password; null or empty when the server has none
   * @param ssl whether to connect with TLS
   */
  public RedisLiveSource(String host, int port, String password, boolean ssl) {
    this(host, port, password, ssl, RedisKeys.DEFAULT);
  }

  /**
   * A source reading {@code host:port} under the key prefix of {@code keys}. No connection is
   * opened until the first {@link #read}, so a source can be made while Redis is down.
   *
   * @param password the {@code requirepass} password; null or empty when the server has none
   * @param ssl whether to connect with TLS
   * @param keys the key layout, {@link RedisKeys#DEFAULT} unless the pipeline uses another prefix
   */
  public RedisLiveSource(String host, int port, String password, boolean ssl, RedisKeys keys) {
    this(host, port, password, ssl, null, keys);
  }

  /**
   * As {@link #RedisLiveSource(String, int, String, boolean, RedisKeys)}, checking Redis's TLS
   * certificate against the CA certificates of {@code caFile} (PEM; null: the JVM's trust store).
   */
  public RedisLiveSource(
      String host, int port, String password, boolean ssl, Path caFile, RedisKeys keys) {
    this(host, port, password, ssl, caFile, keys, Clock.systemUTC());
  }

  RedisLiveSource(
      String host, int port, String password, boolean ssl, RedisKeys keys, Clock clock) {
    this(host, port, password, ssl, null, keys, clock);
  }

  private RedisLiveSource(
      String host,
      int port,
      String password,
      boolean ssl,
      Path caFile,
      RedisKeys keys,
      Clock clock) {
    this.host = Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
    }
    this.port = port;
    this.ssl = ssl;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    DefaultJedisClientConfig client =
        RedisPools.client(
                password, ssl, caFile == null ? null : caFile.toString(), CLIENT_NAME, TIMEOUT)
            .build();
    ConnectionPoolConfig pool = RedisPools.pool(MAX_CONNECTIONS, TIMEOUT);
    // A connection left broken by a restart of Redis fails its PING here and is replaced, so the
    // first read after the restart succeeds.
    pool.setTestOnBorrow(true);
    this.redis = new JedisPooled(pool, new HostAndPort(host, port), client);
  }

  /**
   * The {@code windows} newest windows' overall statistics (oldest first), the per-UF and
   * per-modality statistics of the newest window that has any, and the newest {@value
   * #LATEST_LIMIT} transactions and rejections (newest first). Groups without statistics are left
   * out; UFs come in {@link Region} order, modalities in {@link PaymentModality} order.
   *
   * @param windows how many windows, at least 1
   * @throws SourceUnavailableException when Redis cannot be reached or answers with an error
   */
  @Override
  public LiveSnapshot read(int windows) throws SourceUnavailableException {
    if (windows < 1) {
      throw new IllegalArgumentException("windows must be at least 1: " + windows);
    }
    Instant readAt = clock.instant();
    try {
      // Round trip 1: which windows exist, and which transactions are the latest.
      List<String> members;
      List<String> latestIds;
      List<String> rejectionIds;
      try (Pipeline pipeline = redis.pipelined()) {
        Response<List<String>> index = pipeline.zrevrange(keys.windows(), 0, windows - 1L);
        Response<List<String>> latest =
            pipeline.zrevrange(keys.latestTransactions(), 0, LATEST_LIMIT - 1L);
        Response<List<String>> rejections =
            pipeline.zrevrange(keys.latestRejections(), 0, LATEST_LIMIT - 1L);
        pipeline.sync();
        members = index.get();
        latestIds = latest.get();
        rejectionIds = rejections.get();
      }
      List<Instant> starts = windowStarts(members);

      // Round trip 2: every window's total, the newest window's groups, the latest JSON.
      Map<Instant, Response<Map<String, String>>> totalHashes = new LinkedHashMap<>();
      Map<StatsKey, Response<Map<String, String>>> groupHashes = Map.of();
      Response<List<String>> latestJson;
      Response<List<String>> rejectionJson;
      try (Pipeline pipeline = redis.pipelined()) {
        for (Instant start : starts) {
          totalHashes.put(start, pipeline.hgetAll(keys.stats(start, StatsKey.TOTAL)));
        }
        if (!starts.isEmpty()) {
          groupHashes = requestGroups(pipeline, starts.get(0));
        }
        latestJson = hmget(pipeline, keys.latestTransactionsData(), latestIds);
        rejectionJson = hmget(pipeline, keys.latestRejectionsData(), rejectionIds);
        pipeline.sync();
      }
      List<GroupStats> totalsNewestFirst = new ArrayList<>();
      Instant newestWithData = null;
      for (Map.Entry<Instant, Response<Map<String, String>>> total : totalHashes.entrySet()) {
        Optional<GroupStats> stats =
            stats(keys.stats(total.getKey(), StatsKey.TOTAL), StatsKey.TOTAL, total.getValue());
        if (stats.isPresent()) {
          totalsNewestFirst.add(stats.get());
          if (newestWithData == null) {
            newestWithData = total.getKey();
          }
        }
      }

      // Round trip 3, rarely: the newest listed window has no statistics (they expired).
      if (newestWithData != null && !newestWithData.equals(starts.get(0))) {
        try (Pipeline pipeline = redis.pipelined()) {
          groupHashes = requestGroups(pipeline, newestWithData);
          pipeline.sync();
        }
      } else if (newestWithData == null) {
        groupHashes = Map.of();
      }
      List<GroupStats> regions = new ArrayList<>();
      List<GroupStats> modalities = new ArrayList<>();
      for (Map.Entry<StatsKey, Response<Map<String, String>>> group : groupHashes.entrySet()) {
        StatsKey key = group.getKey();
        stats(keys.stats(newestWithData, key), key, group.getValue())
            .ifPresent((key.dimension() == Dimension.REGIAO ? regions : modalities)::add);
      }

      List<GroupStats> totals = new ArrayList<>(totalsNewestFirst.size());
      for (int i = totalsNewestFirst.size() - 1; i >= 0; i--) {
        totals.add(totalsNewestFirst.get(i));
      }
      return new LiveSnapshot(
          readAt,
          totals,
          regions,
          modalities,
          transactions(keys.latestTransactionsData(), latestIds, latestJson),
          transactions(keys.latestRejectionsData(), rejectionIds, rejectionJson));
    } catch (JedisException e) {
      throw new SourceUnavailableException(
          "Redis at " + host + ":" + port + ": " + Reasons.of(e), e);
    }
  }

  /** How many entries {@link #read} has skipped so far because they could not be read. */
  public long skippedEntries() {
    return skipped.get();
  }

  /** {@code redis://host:port}, or {@code rediss://host:port} with TLS. */
  @Override
  public String describe() {
    return (ssl ? "rediss://" : "redis://") + host + ":" + port;
  }

  /** Closes the pool; {@link #read} fails afterwards. */
  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisLiveSource[" + describe() + ", prefix=" + keys.prefix() + "]";
  }

  /** The window starts of the index's members, newest first; a member not in epoch ms skipped. */
  private List<Instant> windowStarts(List<String> members) {
    List<Instant> starts = new ArrayList<>(members.size());
    for (String member : members) {
      try {
        starts.add(Instant.ofEpochMilli(Long.parseLong(member)));
      } catch (NumberFormatException e) {
        skip(keys.windows(), "member '" + member + "' is not a window start in epoch ms");
      }
    }
    return starts;
  }

  /** Requests the hash of every UF and every modality of the window at {@code start}. */
  private Map<StatsKey, Response<Map<String, String>>> requestGroups(
      Pipeline pipeline, Instant start) {
    Map<StatsKey, Response<Map<String, String>>> groups = new LinkedHashMap<>();
    for (Region region : Region.values()) {
      StatsKey key = new StatsKey(Dimension.REGIAO, region.name());
      groups.put(key, pipeline.hgetAll(keys.stats(start, key)));
    }
    for (PaymentModality modality : PaymentModality.values()) {
      StatsKey key = new StatsKey(Dimension.MODALIDADE, modality.name());
      groups.put(key, pipeline.hgetAll(keys.stats(start, key)));
    }
    return groups;
  }

  private static Response<List<String>> hmget(Pipeline pipeline, String key, List<String> ids) {
    return ids.isEmpty() ? null : pipeline.hmget(key, ids.toArray(String[]::new));
  }

  /** The statistics in one hash's reply; empty when absent, or skipped when unreadable. */
  private Optional<GroupStats> stats(
      String redisKey, StatsKey key, Response<Map<String, String>> reply) {
    try {
      return HashStats.parse(key, reply.get());
    } catch (MalformedEntryException e) {
      skip(redisKey, e.getMessage());
    } catch (JedisDataException e) {
      // A key of another type where a hash should be (WRONGTYPE): that entry only.
      skip(redisKey, e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * The transactions of {@code ids} (newest first) from their JSON; an id whose JSON is gone (the
   * list moved on between the two round trips) is left out, one whose JSON is unreadable skipped.
   */
  private List<RecentTransaction> transactions(
      String dataKey, List<String> ids, Response<List<String>> reply) {
    if (reply == null) {
      return List.of();
    }
    List<String> values = reply.get();
    List<RecentTransaction> transactions = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String json = values.get(i);
      if (json == null) {
        continue;
      }
      try {
        transactions.add(RecentTransaction.of(LatestTransaction.fromJson(json)));
      } catch (IllegalArgumentException e) {
        skip(dataKey + " " + ids.get(i), e.getMessage());
      }
    }
    return transactions;
  }

  private void skip(String where, String why) {
    long count = skipped.incrementAndGet();
    if (loggedSkip.compareAndSet(false, true)) {
      LOG.warn(
          "Skipped an unreadable entry in {} ({}): {}; further ones are counted, not logged",
          describe(),
          where,
          why);
    } else {
      LOG.debug("Skipped unreadable entry {} in {} ({}): {}", count, describe(), where, why);
    }
  }
}
