package io.bankstream.pipeline.sink;

import io.bankstream.core.postgres.DeadLetterWriter;
import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.model.DeadLetter;
import java.util.List;
import javax.sql.DataSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/** Writes dead letters to {@code dead_letters} in batches, once per Kafka record. */
public final class WriteDeadLettersToPostgres extends PTransform<PCollection<DeadLetter>, PDone> {

  private final PostgresConfig config;
  private final int batchSize;

  public WriteDeadLettersToPostgres(PostgresConfig config, int batchSize) {
    this.config = config;
    this.batchSize = batchSize;
  }

  @Override
  public PDone expand(PCollection<DeadLetter> letters) {
    letters.apply("InsertDeadLetters", ParDo.of(new WriteFn(config, batchSize)));
    return PDone.in(letters.getPipeline());
  }

  /** Inserts each batch, skipping Kafka records already recorded. */
  static final class WriteFn extends PostgresBatchingWriteFn<DeadLetter> {

    private final Counter received = Metrics.counter(WriteDeadLettersToPostgres.class, "received");
    private final Counter written = Metrics.counter(WriteDeadLettersToPostgres.class, "written");

    private transient DeadLetterWriter writer;

    WriteFn(PostgresConfig config, int batchSize) {
      super(config, batchSize);
    }

    @Override
    protected void connect(DataSource dataSource) {
      writer = new DeadLetterWriter(dataSource);
    }

    @Override
    protected void write(List<DeadLetter> batch) {
      received.inc(batch.size());
      written.inc(writer.write(batch));
    }

    @Override
    protected long retriesSoFar() {
      return writer.retries();
    }
  }
}
