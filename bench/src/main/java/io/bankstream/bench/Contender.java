package io.bankstream.bench;

import io.bankstream.cluster.RunnerProcess;
import io.bankstream.cluster.RunnerProcess.Runner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the bench measures: the pipeline's bundled jar on each runner, and the floor (a plain Kafka
 * consumer doing the same work without a framework), each in a JVM of its own with the same heap;
 * and the pipeline submitted by the project's scripts to a real Flink session cluster ({@code
 * flink-cluster}: a JobManager and 2 TaskManagers of 1.6 GB with 2 slots, parallelism 2) and Spark
 * standalone cluster ({@code spark-cluster}: a master and 2 workers offering an executor of 1 core
 * and 1 GB each), whose daemons have the memory the cluster gives them.
 */
enum Contender {
  FLOOR("floor", null),
  DIRECT("direct", Runner.DIRECT),
  FLINK("flink", Runner.FLINK),
  SPARK("spark", Runner.SPARK),
  FLINK_CLUSTER("flink-cluster", Runner.FLINK),
  SPARK_CLUSTER("spark-cluster", Runner.SPARK);

  private static final String FLOOR_MAIN = "io.bankstream.bench.floor.FloorConsumer";

  private final String cliName;
  private final Runner runner;

  Contender(String cliName, Runner runner) {
    this.cliName = cliName;
    this.runner = runner;
  }

  String cliName() {
    return cliName;
  }

  /** The contender named {@code name}: floor, direct, flink or spark. */
  static Contender named(String name) {
    for (Contender contender : values()) {
      if (contender.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return contender;
      }
    }
    throw new IllegalArgumentException(
        "unknown contender '"
            + name
            + "': choose among floor, direct, flink, spark, flink-cluster, spark-cluster");
  }

  /** Whether it runs on a cluster the bench starts, rather than in a JVM of its own. */
  boolean onCluster() {
    return this == FLINK_CLUSTER || this == SPARK_CLUSTER;
  }

  Runner runner() {
    return runner;
  }

  /**
   * The command for this contender with {@code options} (Beam-style {@code --name=value}, which the
   * floor takes too): the runner's bundled jar, or the floor from this JVM's classpath; with {@code
   * -Xmx<heap>} unless the runner's own JVM flags set a heap (Spark's {@code
   * runners/spark/jvm.options}): a runner is measured with the heap it is shipped with, as {@code
   * ./bankstream pipeline} and the demo run it (bench/README.md).
   */
  ProcessBuilder command(Path runnersDir, int parallelism, String heap, List<String> options) {
    ProcessBuilder builder;
    if (runner == null) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(FLOOR_MAIN);
      command.addAll(options);
      builder = new ProcessBuilder(command);
    } else {
      builder = RunnerProcess.command(runner, runnersDir, parallelism, options);
    }
    if (builder.command().stream().noneMatch(argument -> argument.startsWith("-Xmx"))) {
      builder.command().add(1, "-Xmx" + heap);
    }
    return builder;
  }
}
