package io.bankstream.pipeline.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.pipeline.model.DeadLetter;
import io.bankstream.pipeline.postgres.DeadLetterWriter;
import io.bankstream.pipeline.postgres.PostgresConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes dead letters to {@code dead_letters} in batches, once per Kafka record (a replay adds
 * nothing). A batching DoFn of our own for the same reason as {@link WriteDecisionsToPostgres}.
 */
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

  /** Buffers dead letters and writes them when the buffer is full and when the bundle finishes. */
  static final class WriteFn extends DoFn<DeadLetter, Void> {

    private final Counter received = Metrics.counter(WriteDeadLettersToPostgres.class, "received");
    private final Counter written = Metrics.counter(WriteDeadLettersToPostgres.class, "written");

    private final PostgresConfig config;
    private final int batchSize;
    private transient HikariDataSource dataSource;
    private transient DeadLetterWriter writer;
    private transient List<DeadLetter> buffer;

    WriteFn(PostgresConfig config, int batchSize) {
      this.config = config;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() {
      dataSource = config.dataSource();
      writer = new DeadLetterWriter(dataSource);
    }

    @StartBundle
    public void startBundle() {
      buffer = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element DeadLetter letter) {
      received.inc();
      buffer.add(letter);
      if (buffer.size() >= batchSize) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() {
      flush();
    }

    private void flush() {
      if (!buffer.isEmpty()) {
        written.inc(writer.write(buffer));
        buffer = new ArrayList<>();
      }
    }

    @Teardown
    public void teardown() {
      if (dataSource != null) {
        dataSource.close();
      }
    }
  }
}
