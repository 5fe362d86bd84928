package io.bankstream.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command that submits the pipeline to a cluster of this machine the way a user does: {@code
 * deploy/flink-run.sh} to a {@link FlinkCluster}, {@code deploy/spark-submit.sh} to a {@link
 * SparkCluster}, with the settings in the environment the scripts read. The demo, the bench and the
 * tests submit through it, so what they prove is what the scripts do.
 *
 * @param root the repository (the scripts under {@code deploy/}, the bundled jars under {@code
 *     runners/})
 * @param settings where the pipeline reads and writes
 */
public record Submission(Path root, Settings settings) {

  /** Where the pipeline reads and writes, and as whom: the scripts' {@code BANKSTREAM_*}. */
  public record Settings(
      String bootstrapServers,
      String topic,
      String consumerGroup,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      String redisHost,
      int redisPort) {

    /** The environment the scripts read; the password goes to the pipeline through it. */
    Map<String, String> environment() {
      Map<String, String> environment = new HashMap<>();
      environment.put("BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
      environment.put("BANKSTREAM_TOPIC", topic);
      environment.put("BANKSTREAM_CONSUMER_GROUP", consumerGroup);
      environment.put("BANKSTREAM_JDBC_URL", jdbcUrl);
      environment.put("BANKSTREAM_DB_USER", dbUser);
      environment.put("BANKSTREAM_DB_PASSWORD", dbPassword);
      environment.put("BANKSTREAM_REDIS_HOST", redisHost);
      environment.put("BANKSTREAM_REDIS_PORT", Integer.toString(redisPort));
      return environment;
    }
  }

  /**
   * {@code deploy/flink-run.sh [scriptArguments] pipelineOptions} to {@code cluster}: with no
   * {@code --attached} among the script arguments it returns once the job is accepted and the job
   * keeps running; its output names the job's id.
   */
  public ProcessBuilder flink(
      FlinkCluster cluster, List<String> scriptArguments, List<String> pipelineOptions) {
    ProcessBuilder builder = script("deploy/flink-run.sh", scriptArguments, pipelineOptions);
    Map<String, String> environment = builder.environment();
    environment.put("FLINK_HOME", Distributions.flinkHome(root).toString());
    environment.put("FLINK_JOBMANAGER", cluster.restAddress());
    // The client's log and scratch files with the cluster's, not in the distribution or /tmp.
    environment.put("FLINK_LOG_DIR", cluster.logDirectory().toString());
    environment.put("JVM_ARGS", "-Djava.io.tmpdir=" + cluster.workDirectory().resolve("tmp"));
    return builder;
  }

  /**
   * {@code deploy/spark-submit.sh pipelineOptions} to {@code cluster}, in client deploy mode: the
   * driver is the process started, and the job ends with it.
   */
  public ProcessBuilder spark(SparkCluster cluster, List<String> pipelineOptions) {
    ProcessBuilder builder = script("deploy/spark-submit.sh", List.of(), pipelineOptions);
    Map<String, String> environment = builder.environment();
    environment.put("SPARK_HOME", Distributions.sparkHome(root).toString());
    environment.put("SPARK_MASTER", cluster.masterUrl());
    Path work = cluster.workDirectory();
    // Spark streaming's checkpoints where every executor reaches them (here: one machine).
    environment.put(
        "BANKSTREAM_SPARK_CHECKPOINT_DIR", work.resolve("checkpoints").toUri().toString());
    // The driver's and the executors' scratch files (Kafka's native compression library, for one)
    // with the cluster's, not in /tmp. In client mode the driver is this script's JVM, whose
    // spark.* system properties are Spark's settings.
    String tmp = "-Djava.io.tmpdir=" + work.resolve("tmp");
    environment.put("SPARK_LOCAL_DIRS", work.resolve("tmp").toString());
    environment.put("SPARK_SUBMIT_OPTS", tmp + " -Dspark.executor.defaultJavaOptions=" + tmp);
    return builder;
  }

  private ProcessBuilder script(
      String script, List<String> scriptArguments, List<String> pipelineOptions) {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
    command.addAll(scriptArguments);
    if (!pipelineOptions.isEmpty()) {
      command.add("--");
      command.addAll(pipelineOptions);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings.environment());
    return builder;
  }
}
