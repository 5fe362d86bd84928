package io.bankstream.pipeline.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.DecisionWriter;
import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Writes decided transactions to {@code transacoes} with the ledger, in batches: one database
 * transaction per batch upserts the rows by {@code id_transacao} and, only for rows newly inserted
 * and approved, debits the payer and credits the receiver, so a replay changes no row and no
 * balance. Outputs a dead letter for each row the database refused for good, carrying the Kafka
 * record's key and value bytes as they came in.
 *
 * <p>A batching DoFn of our own rather than {@code JdbcIO.write()}: that one groups into batches
 * with {@code GroupIntoBatches}, whose timers the Spark runner rejects in streaming.
 */
public final class WriteDecisionsToPostgres
    extends PTransform<PCollection<DecidedTransaction>, PCollection<DeadLetter>> {

  /** Name of this step, as recorded in {@code dead_letters.step}. */
  public static final String STEP = DeadLetter.WRITE_STEP;

  private final PostgresConfig config;
  private final int batchSize;

  public WriteDecisionsToPostgres(PostgresConfig config, int batchSize) {
    this.config = config;
    this.batchSize = batchSize;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<DecidedTransaction> decided) {
    return decided
        .apply("UpsertWithLedger", ParDo.of(new WriteFn(config, batchSize)))
        .setCoder(DeadLetterCoder.of());
  }

  /** Buffers rows and writes them when the buffer is full and when the bundle finishes. */
  static final class WriteFn extends DoFn<DecidedTransaction, DeadLetter> {

    private final Counter inserted = Metrics.counter(WriteDecisionsToPostgres.class, "inserted");
    private final Counter replayed = Metrics.counter(WriteDecisionsToPostgres.class, "replayed");
    private final Counter refused = Metrics.counter(WriteDecisionsToPostgres.class, "refused");

    private final PostgresConfig config;
    private final int batchSize;
    private transient HikariDataSource dataSource;
    private transient DecisionWriter writer;
    private transient List<Pending> buffer;

    WriteFn(PostgresConfig config, int batchSize) {
      this.config = config;
      this.batchSize = batchSize;
    }

    private record Pending(DecidedTransaction row, Instant timestamp, BoundedWindow window) {}

    @Setup
    public void setup() {
      dataSource = config.dataSource();
      writer = new DecisionWriter(dataSource);
    }

    @StartBundle
    public void startBundle() {
      buffer = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(
        @Element DecidedTransaction row,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<DeadLetter> out) {
      buffer.add(new Pending(row, timestamp, window));
      if (buffer.size() >= batchSize) {
        // Dead letters are not windowed: the current element's timestamp serves for them all.
        flush().forEach(refused -> out.output(refused.letter()));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Refused refused : flush()) {
        context.output(refused.letter(), refused.origin().timestamp(), refused.origin().window());
      }
    }

    private record Refused(DeadLetter letter, Pending origin) {}

    /** Writes the buffer in one batch and empties it; returns the rows the database refused. */
    private List<Refused> flush() {
      if (buffer.isEmpty()) {
        return List.of();
      }
      List<Pending> batch = buffer;
      buffer = new ArrayList<>();
      long retriesBefore = writer.retries();
      DecisionWriter.WriteResult result;
      try {
        result = writer.write(batch.stream().map(Pending::row).toList());
      } finally {
        BatchingWriteFn.RETRIES.inc(writer.retries() - retriesBefore);
      }
      inserted.inc(result.inserted());
      replayed.inc(result.alreadyPresent());
      List<Refused> refusedRows = new ArrayList<>();
      for (DecisionWriter.Failed failed : result.failures()) {
        refused.inc();
        Pending origin =
            batch.stream().filter(p -> p.row() == failed.row()).findFirst().orElse(batch.get(0));
        refusedRows.add(new Refused(deadLetter(failed), origin));
      }
      return refusedRows;
    }

    /** The row's Kafka record as it came in (key and value bytes as sent), and why it failed. */
    private static DeadLetter deadLetter(DecisionWriter.Failed failed) {
      boolean duplicate = DecisionWriter.Failed.DUPLICATE_TRANSACTION_ID.equals(failed.reason());
      return DeadLetter.of(
          failed.row().source(),
          STEP,
          failed.reason(),
          duplicate ? TransactionCodec.ID_FIELD : null,
          duplicate
              ? failed.message()
              : "PostgreSQL refused the row (SQLState "
                  + failed.sqlState()
                  + "): "
                  + failed.message());
    }

    @Teardown
    public void teardown() {
      if (dataSource != null) {
        dataSource.close();
      }
    }
  }
}
