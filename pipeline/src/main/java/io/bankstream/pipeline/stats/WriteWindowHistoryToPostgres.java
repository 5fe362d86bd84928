package io.bankstream.pipeline.stats;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.pipeline.sink.PostgresBatchingWriteFn;
import java.util.List;
import javax.sql.DataSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * History of the windows in {@code estatisticas_janela}: every on-time and late pane upserts its
 * window's row, so the row ends at the window's final value; early panes are left to Redis.
 */
public final class WriteWindowHistoryToPostgres
    extends PTransform<PCollection<WindowStats>, PDone> {

  private final PostgresConfig config;
  private final int batchSize;

  public WriteWindowHistoryToPostgres(PostgresConfig config, int batchSize) {
    this.config = config;
    this.batchSize = batchSize;
  }

  @Override
  public PDone expand(PCollection<WindowStats> panes) {
    panes.apply("UpsertClosedWindows", ParDo.of(new WriteFn(config, batchSize)));
    return PDone.in(panes.getPipeline());
  }

  static final class WriteFn extends PostgresBatchingWriteFn<WindowStats> {
    private final Counter rows = Metrics.counter(WriteWindowHistoryToPostgres.class, "rows");
    private transient PostgresWindowStatsWriter writer;

    WriteFn(PostgresConfig config, int batchSize) {
      super(config, batchSize);
    }

    @Override
    protected void connect(DataSource dataSource) {
      writer = new PostgresWindowStatsWriter(dataSource, RetryPolicy.defaults());
    }

    @Override
    protected void write(List<WindowStats> batch) {
      rows.inc(writer.write(batch));
    }

    @Override
    protected long retriesSoFar() {
      return writer.retries();
    }
  }
}
