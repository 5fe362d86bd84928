package io.bankstream.pipeline.stats;

import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.sink.BatchingWriteFn;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The live view in Redis: each pane of each window's statistics overwrites its hash, and the latest
 * transactions and rejections go to capped sorted sets; every key has a TTL (layout in {@link
 * RedisKeys}). A Jedis DoFn, pipelined, rather than Beam's RedisIO: the layout needs hashes, sorted
 * sets and a compare-and-set script, none of which RedisIO writes.
 */
public final class WriteStatisticsToRedis {

  private WriteStatisticsToRedis() {}

  /** Writes window statistics panes. */
  public static PTransform<PCollection<WindowStats>, PDone> panes(
      RedisConfig config, Duration ttl, int latestCap, int batchSize) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<WindowStats> panes) {
        panes.apply(
            "OverwriteWindowHashes", ParDo.of(new PanesFn(config, ttl, latestCap, batchSize)));
        return PDone.in(panes.getPipeline());
      }
    };
  }

  /** Writes the latest transactions and rejections. */
  public static PTransform<PCollection<DecidedTransaction>, PDone> latest(
      RedisConfig config, Duration ttl, int latestCap, int batchSize) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<DecidedTransaction> decided) {
        decided.apply(
            "KeepLatestCapped", ParDo.of(new LatestFn(config, ttl, latestCap, batchSize)));
        return PDone.in(decided.getPipeline());
      }
    };
  }

  /** Base of both: one writer per DoFn instance. */
  private abstract static class RedisFn<T> extends BatchingWriteFn<T> {
    private final RedisConfig config;
    private final Duration ttl;
    private final int latestCap;
    transient RedisStatsWriter writer;

    RedisFn(RedisConfig config, Duration ttl, int latestCap, int batchSize) {
      super(batchSize);
      this.config = config;
      this.ttl = ttl;
      this.latestCap = latestCap;
    }

    @Override
    protected void open() {
      writer = new RedisStatsWriter(config, ttl, latestCap);
    }

    @Override
    protected void close() {
      if (writer != null) {
        writer.close();
      }
    }

    @Override
    protected long retriesSoFar() {
      return writer.retries();
    }
  }

  static final class PanesFn extends RedisFn<WindowStats> {
    private final Counter panes = Metrics.counter(WriteStatisticsToRedis.class, "panes");

    PanesFn(RedisConfig config, Duration ttl, int latestCap, int batchSize) {
      super(config, ttl, latestCap, batchSize);
    }

    @Override
    protected void write(List<WindowStats> batch) {
      writer.writeStats(batch);
      panes.inc(batch.size());
    }
  }

  static final class LatestFn extends RedisFn<DecidedTransaction> {
    private final Counter latest = Metrics.counter(WriteStatisticsToRedis.class, "latest");

    LatestFn(RedisConfig config, Duration ttl, int latestCap, int batchSize) {
      super(config, ttl, latestCap, batchSize);
    }

    @Override
    protected void write(List<DecidedTransaction> batch) {
      writer.writeLatest(batch);
      latest.inc(batch.size());
    }
  }
}
