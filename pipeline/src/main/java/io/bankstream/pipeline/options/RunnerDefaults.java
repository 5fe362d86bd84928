package io.bankstream.pipeline.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The streaming pipeline's defaults for the runner it runs on, wherever it is started ({@code
 * ./bankstream pipeline}, the demo, the bench, {@code deploy/flink-run.sh}, {@code
 * deploy/spark-submit.sh}, EMR, {@code mvn exec:exec}): Beam's own defaults for Flink's bundles and
 * Spark's micro-batches are tuned for throughput, and measured here they cost seconds of latency
 * (docs/runners.md). Each default is a pipeline option ({@code --name=value}) added only when the
 * arguments do not name that option, so the user's own flag always wins. Input: the runner's class
 * name and the arguments; output: the defaults to add. Plain strings, so that the runners' classes
 * need not be present (each bundled jar carries one runner).
 */
public final class RunnerDefaults {

  /**
   * Flink: a bundle ends after 100 ms or 500 elements (Beam: 1,000 ms or 1,000). The writes to
   * PostgreSQL and Redis flush at the end of each bundle, so the bundle's length is a floor of the
   * latency; in issue 19's runs at a steady 5,000/s on 2 cores, Beam's defaults gave p99 2.7 s and
   * these 0.8 s with the same backlog throughput (docs/runners.md).
   */
  public static final List<String> FLINK =
      List.of("--maxBundleTimeMills=100", "--maxBundleSize=500");

  /**
   * Spark (classic runner, streaming): micro-batches of 2 s (Beam: 500 ms, which fell behind at
   * 2,000/s on 2 cores: each micro-batch costs Spark about a second whatever it holds).
   */
  public static final List<String> SPARK = List.of("--batchIntervalMillis=2000");

  private static final Map<String, List<String>> BY_RUNNER =
      Map.of(
          "org.apache.beam.runners.flink.FlinkRunner", FLINK,
          "org.apache.beam.runners.flink.TestFlinkRunner", FLINK,
          "org.apache.beam.runners.spark.SparkRunner", SPARK,
          "org.apache.beam.runners.spark.TestSparkRunner", SPARK);

  private RunnerDefaults() {}

  /**
   * The defaults of the runner named {@code runnerClass} that {@code args} do not set, in order;
   * none for a runner without defaults here (the DirectRunner has its own, {@code
   * DirectRunnerSettings}).
   *
   * @param runnerClass the runner's class name, as {@code options.getRunner().getName()}
   * @param args the pipeline's arguments, {@code --name=value} or {@code --name}
   */
  public static List<String> missing(String runnerClass, List<String> args) {
    Set<String> given = args.stream().map(RunnerDefaults::name).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (String option : BY_RUNNER.getOrDefault(runnerClass, List.of())) {
      if (!given.contains(name(option))) {
        missing.add(option);
      }
    }
    return missing;
  }

  /** {@code name} of {@code --name=value} or {@code --name}. */
  private static String name(String arg) {
    String bare = arg.startsWith("--") ? arg.substring(2) : arg;
    int equals = bare.indexOf('=');
    return equals < 0 ? bare : bare.substring(0, equals);
  }
}
