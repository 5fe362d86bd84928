package io.bankstream.pipeline.sink;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A sink that writes elements in batches: buffered as they come, written when the buffer holds
 * {@code batchSize} and when the bundle finishes (so nothing stays buffered across bundles, and a
 * bundle that is retried rewrites what it had written: the writers here are idempotent). The client
 * is opened in {@code @Setup} and closed in {@code @Teardown}.
 *
 * <p>Our own rather than Beam's {@code GroupIntoBatches}, whose timers the Spark runner rejects in
 * streaming.
 */
public abstract class BatchingWriteFn<T> extends DoFn<T, Void> {

  /**
   * Every sink's count of retried writes, by step: a database or Redis outage shows here (and in a
   * WARN line per attempt) while the sink waits for it.
   */
  public static final Counter RETRIES = Metrics.counter("bankstream", "retries");

  private final int batchSize;
  private transient List<T> buffer;

  protected BatchingWriteFn(int batchSize) {
    this.batchSize = batchSize;
  }

  /** Opens the client. */
  protected abstract void open();

  /** Writes one batch; throws only when the write cannot be done even after retries. */
  protected abstract void write(List<T> batch);

  /** Closes the client. */
  protected abstract void close();

  /** How many times the client has retried a write since it was opened. */
  protected abstract long retriesSoFar();

  @Setup
  public final void setup() {
    open();
  }

  @StartBundle
  public final void startBundle() {
    buffer = new ArrayList<>();
  }

  @ProcessElement
  public final void processElement(@Element T element) {
    buffer.add(element);
    if (buffer.size() >= batchSize) {
      flush();
    }
  }

  @FinishBundle
  public final void finishBundle() {
    flush();
  }

  @Teardown
  public final void teardown() {
    close();
  }

  private void flush() {
    if (!buffer.isEmpty()) {
      List<T> batch = buffer;
      buffer = new ArrayList<>();
      long retriesBefore = retriesSoFar();
      try {
        write(batch);
      } finally {
        RETRIES.inc(retriesSoFar() - retriesBefore);
      }
    }
  }
}
