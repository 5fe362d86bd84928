package io.bankstream.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every counter of the jobs Flink embedded runs in this JVM, so
 * that a test reads a running job's counters as it does the DirectRunner's: Beam's Flink runner
 * gives a detached client its accumulators only when the job ends, but it registers each Beam
 * counter with Flink's metric system as {@code <namespace>.<name>} on the step's operator, where
 * any reporter sees it. Flink creates this reporter from the configuration {@link #writeConfig}
 * writes (and finds its factory through {@code META-INF/services}).
 *
 * <p>A job's counters keep their last values after it is cancelled, and are told apart from other
 * jobs' by the job's name.
 */
public final class FlinkCounters implements MetricReporter {

  private record Registered(String job, String operator, String name, Counter counter) {}

  private static final Queue<Registered> COUNTERS = new ConcurrentLinkedQueue<>();

  /** Writes a {@code flink-conf.yaml} into {@code dir} that installs this reporter. */
  static Path writeConfig(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("flink-conf.yaml"),
          "metrics.reporter.bankstream.factory.class: " + Factory.class.getName() + "\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counter {@code namespace.name} of job {@code job}, summed over its steps and subtasks. */
  static long sum(String job, Class<?> namespace, String name) {
    return byOperator(job, namespace.getName() + "." + name).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** Counter {@code name} ({@code <namespace>.<name>}) of job {@code job}, per operator. */
  static Map<String, Long> byOperator(String job, String name) {
    Map<String, Long> totals = new TreeMap<>();
    for (Registered registered : COUNTERS) {
      if (registered.job().equals(job) && registered.name().equals(name)) {
        totals.merge(registered.operator(), registered.counter().getCount(), Long::sum);
      }
    }
    return totals;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter) {
      Map<String, String> scope = group.getAllVariables();
      COUNTERS.add(
          new Registered(
              scope.getOrDefault("<job_name>", ""),
              scope.getOrDefault("<operator_name>", ""),
              name,
              counter));
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    // Kept: a test reads a cancelled job's last counts.
  }

  /** Flink's way in: the class named in the configuration. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new FlinkCounters();
    }
  }
}
