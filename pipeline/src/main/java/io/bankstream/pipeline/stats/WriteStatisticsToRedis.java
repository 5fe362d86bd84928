package io.bankstream.pipeline.stats;

import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.redis.RedisStatsWriter;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.RedisKeys;
import io.bankstream.pipeline.sink.BatchingWriteFn;
import java.io.Serializable;
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
    return write(
        "OverwriteWindowHashes",
        new RedisFn<>(config, ttl, latestCap, batchSize, "panes", RedisStatsWriter::writeStats));
  }

  /** Writes the latest transactions and rejections. */
  public static PTransform<PCollection<DecidedTransaction>, PDone> latest(
      RedisConfig config, Duration ttl, int latestCap, int batchSize) {
    return write(
        "KeepLatestCapped",
        new RedisFn<>(config, ttl, latestCap, batchSize, "latest", RedisStatsWriter::writeLatest));
  }

  /** A transform that applies {@code fn} as the step {@code stepName}. */
  private static <T> PTransform<PCollection<T>, PDone> write(String stepName, RedisFn<T> fn) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<T> input) {
        input.apply(stepName, ParDo.of(fn));
        return PDone.in(input.getPipeline());
      }
    };
  }

  /** What a batch is written with: a method of {@link RedisStatsWriter}. */
  interface BatchWrite<T> extends Serializable {
    void write(RedisStatsWriter writer, List<T> batch);
  }

  /**
   * One writer per DoFn instance; each batch goes to {@code write} and is counted by the counter
   * {@code counterName}.
   */
  static final class RedisFn<T> extends BatchingWriteFn<T> {
    private final RedisConfig config;
    private final Duration ttl;
    private final int latestCap;
    private final BatchWrite<T> write;
    private final Counter written;
    transient RedisStatsWriter writer;

    RedisFn(
        RedisConfig config,
        Duration ttl,
        int latestCap,
        int batchSize,
        String counterName,
        BatchWrite<T> write) {
      super(batchSize);
      this.config = config;
      this.ttl = ttl;
      this.latestCap = latestCap;
      this.write = write;
      this.written = Metrics.counter(WriteStatisticsToRedis.class, counterName);
    }

    @Override
    protected void open() {
      writer = new RedisStatsWriter(config, ttl, latestCap);
    }

    @Override
    protected void write(List<T> batch) {
      write.write(writer, batch);
      written.inc(batch.size());
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
}
