package io.bankstream.bench;

import io.bankstream.cluster.Daemon;
import io.bankstream.cluster.Distributions;
import io.bankstream.cluster.FlinkCluster;
import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.cluster.SparkCluster;
import io.bankstream.cluster.Submission;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clusters the bench measures the pipeline on, started the first time a contender needs one
 * (free ports, a directory of their own) and stopped when the bench ends. A run submits with the
 * project's scripts, as a user does: {@code flink-run.sh --attached} (the client follows the job,
 * and stopping it cancels the job) and {@code spark-submit.sh} in client mode (the driver is the
 * process). Before each run the cluster is idle again: no job running, every slot or core free.
 */
final class BenchClusters implements AutoCloseable {

  private static final long IDLE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);

  private final Path root;
  private final PrintWriter out;
  private FlinkCluster flink;
  private SparkCluster spark;

  BenchClusters(Path root, PrintWriter out) {
    this.root = root;
    this.out = out;
  }

  /**
   * Submits the pipeline for {@code contender} with {@code settings}; its client is the process.
   */
  RunningContender submit(
      Contender contender,
      Submission.Settings settings,
      List<String> options,
      List<String> extraOptions,
      Path log)
      throws IOException {
    Submission submission = new Submission(root, settings);
    List<String> all = new ArrayList<>(options);
    all.addAll(extraOptions);
    if (contender.runner() == Runner.FLINK) {
      FlinkCluster cluster = flink();
      awaitIdle(
          () ->
              cluster.jobs().stream()
                      .noneMatch(
                          job ->
                              !job.state().equals("CANCELED")
                                  && !job.state().equals("FINISHED")
                                  && !job.state().equals("FAILED"))
                  && cluster.freeSlots() == cluster.totalSlots());
      return RunningContender.start(
          submission.flink(cluster, List.of("--attached"), all), log, () -> daemons(cluster));
    }
    SparkCluster cluster = spark();
    awaitIdle(() -> cluster.applications().isEmpty() && cluster.executors().isEmpty());
    return RunningContender.start(submission.spark(cluster, all), log, () -> daemons(cluster));
  }

  private FlinkCluster flink() {
    if (flink == null) {
      out.println("Starting a Flink session cluster (a JobManager, 2 TaskManagers)...");
      out.flush();
      flink = FlinkCluster.builder(Distributions.flinkHome(root)).restPort(0).rpcPort(0).start();
      out.printf("Flink cluster up: %s, logs in %s%n", flink.webUi(), flink.logDirectory());
      out.flush();
    }
    return flink;
  }

  private SparkCluster spark() {
    if (spark == null) {
      out.println("Starting a Spark standalone cluster (a master, 2 workers)...");
      out.flush();
      spark =
          SparkCluster.builder(Distributions.sparkHome(root))
              .masterPort(0)
              .webUiPort(0)
              .restPort(0)
              .start();
      out.printf("Spark cluster up: %s, logs in %s%n", spark.webUi(), spark.logDirectory());
      out.flush();
    }
    return spark;
  }

  private static List<ProcessHandle> daemons(FlinkCluster cluster) {
    List<ProcessHandle> handles = new ArrayList<>();
    handles.add(cluster.jobManager().handle());
    cluster.taskManagers().stream().map(Daemon::handle).forEach(handles::add);
    return handles;
  }

  private static List<ProcessHandle> daemons(SparkCluster cluster) {
    List<ProcessHandle> handles = new ArrayList<>();
    handles.add(cluster.master().handle());
    cluster.workers().stream().map(Daemon::handle).forEach(handles::add);
    return handles;
  }

  private static void awaitIdle(java.util.function.BooleanSupplier idle) {
    long deadline = System.nanoTime() + IDLE_TIMEOUT_NANOS;
    while (!idle.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not become idle within 2 minutes");
      }
      try {
        Thread.sleep(250); // Polling the condition, bounded by the deadline.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the cluster", e);
      }
    }
  }

  @Override
  public void close() {
    StopOnSignal.uninterrupted(
        () -> {
          if (flink != null) {
            flink.close();
          }
          if (spark != null) {
            spark.close();
          }
        });
  }
}
