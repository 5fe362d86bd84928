package io.bankstream.bench.floor;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the floor's consumers, on a thread of its own: its own {@link KafkaConsumer} reading the
 * partitions it was assigned, its own {@link Decider} (so the per-payer state of the payers keyed
 * to those partitions), its own {@link FloorDatabase} connection, and the floor's shared {@link
 * ProfileTable} and {@link LiveStatistics}. Each poll is one batch: decided in poll order, written
 * in one database transaction, its offsets committed to Kafka only then, and handed to the
 * statistics writer. It returns when asked to stop, after the batch under way; a batch whose write
 * was cut short by the stop is not committed, and is read again by the next run.
 */
final class FloorWorker implements Callable<FloorWorker.Totals> {

  private static final Logger LOG = LoggerFactory.getLogger(FloorWorker.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  /** What the floor counts across its workers. */
  record Counters(
      AtomicLong records, AtomicLong decided, AtomicLong deadLetters, AtomicLong inserted) {
    Counters() {
      this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong());
    }
  }

  /**
   * What this worker did: first and last batch times ({@link System#nanoTime}, 0 if none), whether
   * it left a batch uncommitted on a stop, how many records it wrote, and how many deadlocks its
   * connection saw.
   */
  record Totals(
      long firstRecordNanos,
      long lastBatchNanos,
      boolean abandoned,
      long records,
      long deadlocks) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final ProfileTable profiles;
  private final Decider decider;
  private final FloorDatabase database;
  private final LiveStatistics statistics;
  private final Counters counters;
  private final AtomicBoolean stopping;
  private final Batch batch;

  FloorWorker(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      ProfileTable profiles,
      Decider decider,
      FloorDatabase database,
      LiveStatistics statistics,
      Counters counters,
      AtomicBoolean stopping,
      int batchSize) {
    this.consumer = consumer;
    this.partitions = List.copyOf(partitions);
    this.profiles = profiles;
    this.decider = decider;
    this.database = database;
    this.statistics = statistics;
    this.counters = counters;
    this.stopping = stopping;
    this.batch = new Batch(batchSize);
  }

  /** The loop; see the class comment. */
  @Override
  public Totals call() throws SQLException, InterruptedException {
    consumer.assign(partitions);
    long firstRecordNanos = 0;
    long lastBatchNanos = 0;
    long records = 0;
    while (!stopping.get()) {
      ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL_TIMEOUT);
      if (polled.isEmpty()) {
        continue;
      }
      if (firstRecordNanos == 0) {
        firstRecordNanos = System.nanoTime();
      }
      batch.clear();
      profiles.refreshIfDue();
      for (ConsumerRecord<byte[], byte[]> record : polled) {
        decider.decide(record, batch);
      }
      FloorDatabase.Written written;
      try {
        written = database.write(batch.decided(), batch.deadLetters());
      } catch (SQLException e) {
        if (stopping.get()) {
          return new Totals(firstRecordNanos, lastBatchNanos, true, records, database.deadlocks());
        }
        throw e;
      }
      commit();
      records += batch.records();
      counters.records().addAndGet(batch.records());
      counters.decided().addAndGet(batch.decided().size() - written.refused().size());
      counters.deadLetters().addAndGet(written.deadLetters());
      counters.inserted().addAndGet(written.inserted());
      statistics.offer(batch);
      lastBatchNanos = System.nanoTime();
    }
    return new Totals(firstRecordNanos, lastBatchNanos, false, records, database.deadlocks());
  }

  /** Commits the offsets of the last poll; a failure is covered by the next commit. */
  private void commit() {
    try {
      consumer.commitSync();
    } catch (KafkaException e) {
      // The batch is in PostgreSQL: reading it again writes nothing twice.
      LOG.warn(
          "Committing the Kafka offsets failed ({}); the next commit covers them", e.toString());
    }
  }
}
