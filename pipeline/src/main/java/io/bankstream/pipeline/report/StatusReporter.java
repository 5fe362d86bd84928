package io.bankstream.pipeline.report;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline reporting itself from the JVM that started it, on a daemon thread of its own: every
 * {@code everySeconds} a {@link StatusFormat#line status line} on {@code out} and the {@link
 * PipelineMetrics Prometheus metrics} updated from one {@link PipelineStatus#snapshot}; at {@link
 * #stop} the {@link StatusFormat#summary summary}. A snapshot that fails prints one line saying
 * which service did not answer; the next one tries again. Kafka not answering does not fail the
 * snapshot: the line shows the lag as unknown with how long Kafka has been unreachable, and {@link
 * PipelineStatus} logs one WARN line when it stops answering and one when it answers again.
 *
 * <p>Beam's own counters are read from {@link PipelineResult#metrics()} for what the database does
 * not hold (the retries), with a time limit, once the runner has given a result: the DirectRunner
 * and Spark give one at once and answer while running; Flink attached ({@code ./bankstream pipeline
 * --runner flink}) gives it only when the job ends, so there the retries are served by Flink's own
 * Prometheus reporter instead (docs/metrics.md).
 */
public final class StatusReporter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

  /** How often the metrics are updated when no status line is printed. */
  static final int METRICS_ONLY_SECONDS = 5;

  private static final long BEAM_METRICS_TIMEOUT_MILLIS = 2_000;

  /** How long the stop waits for a snapshot under way. */
  private static final long STOP_WAIT_SECONDS = 5;

  private final PipelineStatus status;
  private final PipelineMetrics metrics;
  private volatile PipelineResult result;
  private final boolean printing;
  private final PrintStream out;
  private final ScheduledExecutorService ticks;
  private final ExecutorService beamReader;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean beamMetricsAnswer = true;
  private StatusSnapshot last;

  private StatusReporter(
      PipelineStatus status,
      PipelineMetrics metrics,
      PipelineResult result,
      int everySeconds,
      PrintStream out) {
    this.status = status;
    this.metrics = metrics;
    this.result = result;
    this.printing = everySeconds > 0;
    this.out = out;
    this.ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "bankstream-status"));
    this.beamReader =
        Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "beam-metrics"));
    status.onWriteLatency(metrics::observeWriteLatency);
    int period = printing ? everySeconds : METRICS_ONLY_SECONDS;
    ticks.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.SECONDS);
  }

  /**
   * Starts reporting on {@code status}: a line every {@code everySeconds} (0: none and no summary),
   * metrics on {@code metrics}. {@code result} may be null (no Beam counters).
   */
  public static StatusReporter start(
      PipelineStatus status,
      PipelineMetrics metrics,
      PipelineResult result,
      int everySeconds,
      PrintStream out) {
    return new StatusReporter(status, metrics, result, everySeconds, out);
  }

  /** The pipeline's result, once the runner gave it, for Beam's counters. */
  public void attach(PipelineResult value) {
    this.result = value;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private void tick() {
    lock.lock();
    try {
      last = status.snapshot();
      metrics.update(last);
      beamRetries().ifPresent(metrics::updateRetries);
      if (printing) {
        out.println(StatusFormat.line(last));
      }
    } catch (PipelineStatus.StatusUnavailableException e) {
      if (printing) {
        out.println("status: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("Status not read: {}", e.toString());
    } finally {
      lock.unlock();
    }
  }

  /** Beam's {@code bankstream/retries} summed over steps, if the runner answers in time. */
  private Optional<Long> beamRetries() {
    PipelineResult pipeline = result;
    if (pipeline == null || !beamMetricsAnswer) {
      return Optional.empty();
    }
    Future<Long> answer =
        beamReader.submit(
            () -> {
              long total = 0;
              for (MetricResult<Long> counter :
                  pipeline
                      .metrics()
                      .queryMetrics(
                          MetricsFilter.builder()
                              .addNameFilter(MetricNameFilter.named("bankstream", "retries"))
                              .build())
                      .getCounters()) {
                total += counter.getAttempted();
              }
              return total;
            });
    try {
      return Optional.of(answer.get(BEAM_METRICS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      answer.cancel(true);
      beamMetricsAnswer = false; // Asked again, it would hold the thread as long each time.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      beamMetricsAnswer = false; // The runner gives no metrics while running.
      return Optional.empty();
    }
  }

  /**
   * Stops reporting: one last snapshot, the summary when lines were printed, the metrics endpoint
   * closed; once (later calls do nothing). For the shutdown hook: returns within a few seconds.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean locked = false;
    try {
      // A snapshot stuck on a database that does not answer must not hold the stop for long.
      locked = lock.tryLock(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      if (locked) {
        last = status.snapshot();
      }
    } catch (RuntimeException e) {
      // The summary says what the last snapshot that answered saw.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (printing && last != null) {
        out.println(StatusFormat.summary(last));
      }
      if (locked) {
        lock.unlock();
      }
    }
    beamReader.shutdownNow();
    metrics.close();
    status.close();
  }
}
