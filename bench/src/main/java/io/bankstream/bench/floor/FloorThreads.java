package io.bankstream.bench.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * How the floor spreads its work over threads: which partitions each consumer reads ({@link
 * #assignment}), and running the consumers and the statistics writer together until a stop ({@link
 * #runAll}).
 */
final class FloorThreads {

  private FloorThreads() {}

  /**
   * Consumer {@code i} of {@code n} reads partitions {@code p} with {@code p % n == i}: a fixed
   * assignment rather than the group's, as every consumer runs from start to stop, so a rebalance
   * could only move a partition, and its payers' state with it, mid-run. n is {@code consumers}, at
   * most the partition count (one list per consumer, none empty).
   */
  static List<List<TopicPartition>> assignment(List<TopicPartition> all, int consumers) {
    int n = Math.min(consumers, all.size());
    List<List<TopicPartition>> byConsumer = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byConsumer.add(new ArrayList<>());
    }
    for (TopicPartition partition : all) {
      byConsumer.get(partition.partition() % n).add(partition);
    }
    return byConsumer;
  }

  /**
   * Runs the statistics writer and every worker, each on a thread of its own, until a stop; the
   * first worker to fail stops the others, and its error is thrown once they have all returned.
   */
  static List<FloorWorker.Totals> runAll(
      List<FloorWorker> workers, LiveStatistics statistics, Runnable stop) throws Exception {
    AtomicInteger threadCount = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            workers.size() + 1,
            task -> new Thread(task, "bankstream-floor-" + threadCount.getAndIncrement()));
    try {
      Future<?> writer = threads.submit(statistics);
      // Workers' results as they end, whichever ends first: one failing stops the others.
      CompletionService<FloorWorker.Totals> running = new ExecutorCompletionService<>(threads);
      List<Future<FloorWorker.Totals>> inOrder = new ArrayList<>();
      for (FloorWorker worker : workers) {
        inOrder.add(running.submit(worker));
      }
      Exception failure = null;
      for (int ended = 0; ended < workers.size(); ended++) {
        try {
          running.take().get();
        } catch (ExecutionException e) {
          stop.run(); // One consumer down stops the floor: its partitions would go unread.
          if (failure == null) {
            failure = e.getCause() instanceof Exception cause ? cause : e;
          }
        }
      }
      statistics.finish();
      try {
        writer.get();
      } catch (ExecutionException e) {
        // The writer's own failure is the cause of the workers' ("has stopped").
        failure = e.getCause() instanceof Exception cause ? cause : e;
      }
      if (failure != null) {
        throw failure;
      }
      List<FloorWorker.Totals> totals = new ArrayList<>();
      for (Future<FloorWorker.Totals> each : inOrder) {
        totals.add(each.get()); // Each has ended without an error.
      }
      return totals;
    } finally {
      threads.shutdownNow();
    }
  }
}
