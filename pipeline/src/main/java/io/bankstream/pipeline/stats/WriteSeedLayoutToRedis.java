package io.bankstream.pipeline.stats;

import io.bankstream.core.redis.RedisConfig;
import io.bankstream.core.redis.SeedRedisLayout;
import io.bankstream.core.redis.SeedRedisWriter;
import io.bankstream.model.DecidedTransaction;
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
 * Decided transactions to Redis in the seed's layout ({@link SeedRedisLayout}: the sorted set
 * {@code recent_transactions}, capped to the {@code recent} newest, and a hash {@code
 * transacoes:<id>} for each of them, every key with a TTL), for the seed's own dashboard. Batches
 * of a bundle go to {@link SeedRedisWriter} in one round trip each; writing a transaction again (a
 * replay, a retried bundle) overwrites the same keys. Counts what it sent in {@code written} and
 * what the cap dropped in {@code dropped}.
 */
public final class WriteSeedLayoutToRedis
    extends PTransform<PCollection<DecidedTransaction>, PDone> {

  private final RedisConfig config;
  private final Duration ttl;
  private final int recent;
  private final int batchSize;

  /**
   * @param ttl how long each key lives after its last write
   * @param recent how many ids {@code recent_transactions} keeps
   * @param batchSize how many transactions a round trip carries at most
   */
  public WriteSeedLayoutToRedis(RedisConfig config, Duration ttl, int recent, int batchSize) {
    this.config = config;
    this.ttl = ttl;
    this.recent = recent;
    this.batchSize = batchSize;
  }

  @Override
  public PDone expand(PCollection<DecidedTransaction> decided) {
    decided.apply("WriteSeedHashes", ParDo.of(new SeedLayoutFn(config, ttl, recent, batchSize)));
    return PDone.in(decided.getPipeline());
  }

  /** One {@link SeedRedisWriter} per DoFn instance, a batch per round trip. */
  static final class SeedLayoutFn extends BatchingWriteFn<DecidedTransaction> {
    private final RedisConfig config;
    private final Duration ttl;
    private final int recent;
    private final Counter written = Metrics.counter(WriteSeedLayoutToRedis.class, "written");
    private final Counter dropped = Metrics.counter(WriteSeedLayoutToRedis.class, "dropped");
    private transient SeedRedisWriter writer;

    SeedLayoutFn(RedisConfig config, Duration ttl, int recent, int batchSize) {
      super(batchSize);
      this.config = config;
      this.ttl = ttl;
      this.recent = recent;
    }

    @Override
    protected void open() {
      writer = new SeedRedisWriter(config, ttl, recent);
    }

    @Override
    protected void write(List<DecidedTransaction> batch) {
      dropped.inc(writer.write(batch));
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
