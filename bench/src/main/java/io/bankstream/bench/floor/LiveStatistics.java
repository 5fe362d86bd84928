package io.bankstream.bench.floor;

import io.bankstream.core.postgres.PostgresWindowStatsWriter;
import io.bankstream.core.postgres.PostgresWriteException;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DecidedTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor's one writer of window statistics: the consumers hand it each committed batch ({@link
 * #offer}), and its own thread ({@link #run}) adds the batch's transactions to the one {@link
 * WindowTracker}, tells it how far each partition was read, advances the watermark and writes the
 * panes due, to Redis through {@link RedisLiveView} and the final ones to {@code
 * estatisticas_janela} through the pipeline's {@link PostgresWindowStatsWriter}.
 *
 * <p>One writer rather than per-consumer partial panes merged later, because the watermark is the
 * lowest over <em>all</em> partitions read, and a window's pane must hold every consumer's
 * transactions: one tracker sees them all, exactly as the single-threaded floor did, and Redis and
 * the table have one writer each, so no pane can replace a newer one. Each partition is read by one
 * consumer, which hands its batches over in order, so each partition's transactions reach the
 * tracker in Kafka order. Batches that queued up while the writer was busy are taken together: one
 * advance and one Redis round trip for all of them (fewer early panes, the same final values).
 *
 * <p>The queue is bounded: a consumer whose batch finds it full waits, so statistics never fall
 * more than {@link #QUEUE_BATCHES} batches behind the tables. Statistics stay best effort: Redis or
 * {@code estatisticas_janela} failing is logged once and retried with the next batches, never a
 * reason to stop.
 */
final class LiveStatistics implements Runnable {

  /** How many committed batches may wait for the writer. */
  static final int QUEUE_BATCHES = 16;

  private static final Logger LOG = LoggerFactory.getLogger(LiveStatistics.class);
  private static final long POLL_MILLIS = 100;

  /** A committed batch: its transactions, and the newest event time read per partition. */
  record Committed(List<DecidedTransaction> decided, long[] maxEventMillisByPartition) {}

  private final BlockingQueue<Committed> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
  private final WindowTracker windows;
  private final RedisLiveView live;
  private final PostgresWindowStatsWriter history;
  private final Map<String, WindowStats> pendingHistory = new LinkedHashMap<>();
  private volatile boolean finishing;
  private volatile boolean ended;
  private boolean historyFailing;
  private long writes;

  LiveStatistics(WindowTracker windows, RedisLiveView live, PostgresWindowStatsWriter history) {
    this.windows = windows;
    this.live = live;
    this.history = history;
  }

  /**
   * Hands over a committed batch (the caller's lists are copied); waits while the queue is full.
   *
   * @throws IllegalStateException if the writer has ended (it failed), so a consumer never waits
   *     forever for it
   */
  void offer(Batch batch) throws InterruptedException {
    long[] newest = new long[batch.partitions()];
    for (int partition = 0; partition < newest.length; partition++) {
      newest[partition] = batch.maxEventMillis(partition);
    }
    Committed committed = new Committed(List.copyOf(batch.decided()), newest);
    while (!queue.offer(committed, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (ended) {
        throw new IllegalStateException("the statistics writer has stopped");
      }
    }
  }

  /** Asks {@link #run} to write what is queued and return; the consumers have stopped. */
  void finish() {
    finishing = true;
  }

  /** How many times panes were written (each one Redis round trip at most). */
  long writes() {
    return writes;
  }

  /** Takes the queued batches and writes their statistics until {@link #finish} and drained. */
  @Override
  public void run() {
    List<Committed> taken = new ArrayList<>();
    try {
      while (true) {
        Committed first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (finishing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        taken.clear();
        taken.add(first);
        queue.drainTo(taken);
        write(taken);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ended = true;
    }
  }

  /** One advance and one write for {@code batches}, in the order they were committed. */
  void write(List<Committed> batches) {
    List<DecidedTransaction> decided = new ArrayList<>();
    for (Committed batch : batches) {
      for (DecidedTransaction transaction : batch.decided()) {
        windows.add(transaction);
      }
      long[] newest = batch.maxEventMillisByPartition();
      for (int partition = 0; partition < newest.length; partition++) {
        windows.observe(partition, newest[partition]);
      }
      decided.addAll(batch.decided());
    }
    List<WindowStats> panes = windows.advance();
    live.write(panes, decided);
    writeHistory(panes);
    writes++;
  }

  /**
   * Writes the final panes to {@code estatisticas_janela}: best effort, as statistics are, but kept
   * (the newest per window and group) and written with a later batch when it fails.
   */
  private void writeHistory(List<WindowStats> panes) {
    for (WindowStats pane : panes) {
      if (pane.isClosed()) {
        pendingHistory.put(pane.windowStart().toEpochMilli() + "|" + pane.key(), pane);
      }
    }
    if (pendingHistory.isEmpty()) {
      return;
    }
    try {
      history.write(new ArrayList<>(pendingHistory.values()));
      pendingHistory.clear();
      if (historyFailing) {
        LOG.warn("estatisticas_janela is written again");
        historyFailing = false;
      }
    } catch (PostgresWriteException e) {
      if (!historyFailing) {
        LOG.warn(
            "Writing estatisticas_janela failed ({}); retrying with the next batch",
            e.getMessage());
        historyFailing = true;
      }
    }
  }
}
