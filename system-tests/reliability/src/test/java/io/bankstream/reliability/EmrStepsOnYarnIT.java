package io.bankstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.cluster.Daemon;
import io.bankstream.cluster.Distributions;
import io.bankstream.cluster.YarnCluster;
import io.bankstream.localstack.LocalStack;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Amazon EMR steps {@code deploy/emr/submit-emr.sh} builds, run on a real YARN: Hadoop's own
 * ResourceManager and NodeManager ({@link YarnCluster}), the engine under EMR, with a local stack
 * for Kafka, PostgreSQL and Redis. EMR's {@code command-runner.jar} runs a step's {@code Args} as a
 * command; this test takes the Args of the step definition the script's {@code --dry-run} writes
 * and runs them as they are, in the environment of an EMR primary node ({@code spark-submit} and
 * {@code flink} on the PATH, {@code HADOOP_CONF_DIR}, the Spark and Flink configuration of the
 * cluster: {@link YarnCluster#clientEnvironment}), with two changes because there is no S3 here:
 * the {@code s3://} jar is replaced by the local bundled jar, and for the Flink step only its
 * {@code flink run ...} command runs, without the {@code bash -c} wrapper that first copies the jar
 * from S3 with {@code aws s3 cp} (EmrStepsTest runs that wrapper with a fake {@code aws}). For each
 * step, a few thousand records published with the producer's generator must all arrive, each in
 * exactly one of {@code transacoes} or {@code dead_letters}, with the ledger exact; then the YARN
 * application is killed and no container process may be left. The Flink step must return by itself
 * once its job runs (it submits detached), and its JobManager must run the cluster's Flink 1.19.1,
 * not the Flink bundled in the jar. Times from submission to the first row and the memory of every
 * process are printed.
 */
class EmrStepsOnYarnIT {

  private static final int USERS = 2_000;
  private static final int RECORDS = 3_000;
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final String CLUSTER_ID = "j-LOCALYARN0001";
  private static final String FLINK_NODE_JAR =
      "/home/hadoop/bankstream/bankstream-pipeline-flink.jar";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static LocalStack stack;
  private static Scenario scenario;
  private static YarnCluster yarn;
  private static Path scratch;

  /** The largest resident memory seen per process, in MB, for the report. */
  private final Map<String, Long> peakMegabytes = new LinkedHashMap<>();

  private Process step;

  @BeforeAll
  static void start() throws IOException {
    root = Scenario.root();
    stack = LocalStack.start();
    scenario =
        new Scenario(stack, new UserGenerator(new Random(71)).generate(USERS, Instant.now()));
    yarn =
        YarnCluster.builder(Distributions.yarnHome(root))
            .resourceManagerPort(0)
            .schedulerPort(0)
            .resourceTrackerPort(0)
            .adminPort(0)
            .webUiPort(0)
            .start();
    System.out.printf(
        "EmrStepsOnYarnIT: YARN up (ResourceManager and NodeManager RUNNING) in %d ms at %s%n",
        yarn.startTime().toMillis(), yarn.webUi());
    // The password files of the nodes, and the script's TMPDIR: in the cluster's directory.
    scratch = Files.createDirectories(yarn.workDirectory().resolve("emr-client"));
  }

  @AfterAll
  static void stop() {
    if (yarn != null) {
      yarn.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** Whatever a failed test left running: its step's process and its YARN application. */
  @AfterEach
  void killLeftovers() throws Exception {
    if (step != null && step.isAlive()) {
      step.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    for (YarnCluster.Application app : yarn.applications()) {
      if (!app.ended()) {
        yarn.kill(app.id());
      }
    }
  }

  @Test
  void theSparkStepRunsOnYarnEveryRecordArrivesAndAKillLeavesNothing() throws Exception {
    String topic = "emr_spark";
    scenario.createTopic(topic);
    scenario.reset();
    publish(topic, 73);
    String s3Jar = "s3://bankstream-local/bankstream/bankstream-pipeline-spark.jar";
    Map<String, String> settings = settings(topic, "emr-spark");
    settings.put(
        "BANKSTREAM_SPARK_CHECKPOINT_DIR",
        yarn.workDirectory().resolve("spark-checkpoints").toUri().toString());
    List<String> args = stepArgs("spark", s3Jar, settings);
    assertThat(args.subList(0, 5))
        .containsExactly("spark-submit", "--deploy-mode", "cluster", "--master", "yarn");
    assertThat(args).contains("--filesToStage=__app__.jar", s3Jar);
    args.replaceAll(
        arg ->
            arg.equals(s3Jar)
                ? root.resolve("runners/spark/target/bankstream-pipeline-spark.jar").toString()
                : arg);

    Path log = log("spark-step");
    Instant submitted = Instant.now();
    step = run(args, log);
    await("the first row in PostgreSQL", () -> written(topic) > 0, log);
    Duration firstRow = Duration.between(submitted, Instant.now());
    YarnCluster.Application app = runningApplication("SPARK");
    await("every record in PostgreSQL", () -> written(topic) >= RECORDS, log);
    scenario.assertExactlyOnceAndLedger(topic, RECORDS);
    assertThat(step.isAlive())
        .as("spark-submit follows its application (spark.yarn.submit.waitAppCompletion)")
        .isTrue();
    report("Spark", app, firstRow);

    killAndCheckNothingIsLeft(app, log);
    assertThat(step.waitFor(1, TimeUnit.MINUTES)).as("spark-submit ended with its app").isTrue();
  }

  @Test
  void theFlinkStepSubmitsDetachedOnYarnEveryRecordArrivesAndAKillLeavesNothing() throws Exception {
    String topic = "emr_flink";
    scenario.createTopic(topic);
    scenario.reset();
    publish(topic, 79);
    String s3Jar = "s3://bankstream-local/bankstream/bankstream-pipeline-flink.jar";
    List<String> stepArgs = stepArgs("flink", s3Jar, settings(topic, "emr-flink"));
    assertThat(stepArgs.subList(0, 2)).containsExactly("bash", "-c");
    assertThat(stepArgs).contains(s3Jar);
    // EMR's primary node runs the wrapper, which copies the jar from S3 and then runs this:
    List<String> args =
        new ArrayList<>(stepArgs.subList(stepArgs.indexOf("flink"), stepArgs.size()));
    assertThat(args).contains("-m", "yarn-cluster", "--detach=true", FLINK_NODE_JAR);
    args.replaceAll(
        arg ->
            arg.equals(FLINK_NODE_JAR)
                ? root.resolve("runners/flink/target/bankstream-pipeline-flink.jar").toString()
                : arg);

    Path log = log("flink-step");
    Instant submitted = Instant.now();
    step = run(args, log);
    await("the step's flink run to return (detached)", () -> !step.isAlive(), log);
    Duration stepTime = Duration.between(submitted, Instant.now());
    assertThat(step.exitValue()).as("flink run: %s", Scenario.tail(log)).isZero();
    assertThat(Files.readString(log)).contains("Pipeline submitted to FlinkRunner");
    YarnCluster.Application app = runningApplication("Apache Flink");
    await("the first row in PostgreSQL", () -> written(topic) > 0, log);
    Duration firstRow = Duration.between(submitted, Instant.now());
    await("every record in PostgreSQL", () -> written(topic) >= RECORDS, log);
    scenario.assertExactlyOnceAndLedger(topic, RECORDS);
    System.out.printf(
        "EmrStepsOnYarnIT: the Flink step (flink run -d) returned after %d ms%n",
        stepTime.toMillis());
    assertThat(jobManagerLog(app))
        .as("the JobManager runs the cluster's Flink (yarn.classpath.include-user-jar=LAST)")
        .contains("Version: 1.19.1");
    report("Flink", app, firstRow);

    killAndCheckNothingIsLeft(app, log);
  }

  /** The settings a user exports before running submit-emr.sh, for this stack. */
  private static Map<String, String> settings(String topic, String group) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
    settings.put("BANKSTREAM_TOPIC", topic);
    settings.put("BANKSTREAM_CONSUMER_GROUP", group);
    settings.put("BANKSTREAM_JDBC_URL", stack.jdbcUrl());
    settings.put("BANKSTREAM_DB_USER", stack.databaseUser());
    settings.put(
        "BANKSTREAM_DB_PASSWORD_FILE", secret("db-password", stack.databasePassword()).toString());
    settings.put("BANKSTREAM_REDIS_HOST", stack.redisHost());
    settings.put("BANKSTREAM_REDIS_PORT", Integer.toString(stack.redisPort()));
    if (stack.redisPassword() != null) {
      settings.put(
          "BANKSTREAM_REDIS_PASSWORD_FILE",
          secret("redis-password", stack.redisPassword()).toString());
    }
    return settings;
  }

  /** A password file "on every node" (this one machine), as the EMR README asks for. */
  private static Path secret(String name, String value) throws IOException {
    return Files.writeString(scratch.resolve(name), value);
  }

  /**
   * Runs {@code submit-emr.sh --dry-run --kind kind --jar s3Jar ...} and returns the Args of the
   * one step of the steps file it writes.
   */
  private static List<String> stepArgs(String kind, String s3Jar, Map<String, String> settings)
      throws Exception {
    Path log = log("submit-emr-" + kind);
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                root.resolve("deploy/emr/submit-emr.sh").toString(),
                "--dry-run",
                "--kind",
                kind,
                "--cluster-id",
                CLUSTER_ID,
                "--release",
                "emr-7.5.0",
                "--jar",
                s3Jar)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(settings);
    builder.environment().put("TMPDIR", scratch.toString());
    Process dryRun = builder.start();
    assertThat(dryRun.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(dryRun.exitValue()).as(Scenario.tail(log)).isZero();
    String out = Files.readString(log);
    String heading = "Step definition (";
    int start = out.indexOf(heading) + heading.length();
    Path stepsFile = Path.of(out.substring(start, out.indexOf("):", start)));
    assertThat(stepsFile).startsWith(scratch);
    JsonNode steps = JSON.readTree(stepsFile.toFile());
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).get("Jar").asText()).isEqualTo("command-runner.jar");
    List<String> args = new ArrayList<>();
    steps.get(0).get("Args").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  /** Starts {@code command} as command-runner.jar would, on an "EMR primary node" of this YARN. */
  private static Process run(List<String> command, Path log) throws IOException {
    // Through env(1), so that the command is looked up on the client's PATH, as command-runner.jar
    // looks it up on the node's; ProcessBuilder would look it up on this JVM's.
    List<String> withEnv = new ArrayList<>(List.of("env"));
    withEnv.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(withEnv).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(yarn.clientEnvironment());
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  private static void publish(String topic, long seed) {
    scenario.publish(
        topic,
        RECORDS,
        Double.POSITIVE_INFINITY,
        EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(seed)),
        seed);
  }

  /** The one application of {@code type} RUNNING at the ResourceManager. */
  private static YarnCluster.Application runningApplication(String type) {
    List<YarnCluster.Application> running =
        yarn.applications().stream()
            .filter(app -> app.type().equals(type) && app.state().equals("RUNNING"))
            .toList();
    assertThat(running).as("%s applications RUNNING: %s", type, yarn.applications()).hasSize(1);
    return running.get(0);
  }

  /**
   * Kills {@code app} through the ResourceManager and waits until none of its processes is left.
   */
  private void killAndCheckNothingIsLeft(YarnCluster.Application app, Path log) throws Exception {
    assertThat(yarn.kill(app.id())).as("the ResourceManager accepts the kill").isTrue();
    await(
        "the application KILLED",
        () -> yarn.application(app.id()).map(a -> a.state().equals("KILLED")).orElse(false),
        log);
    await("no container process left", () -> yarn.containerProcesses().isEmpty(), log);
    assertThat(yarn.applications()).allMatch(YarnCluster.Application::ended);
    assertThat(yarn.runningNodes()).isEqualTo(1);
  }

  /** The JobManager's log of a Flink application (container 1 of its first attempt). */
  private static String jobManagerLog(YarnCluster.Application app) throws IOException {
    Path logs = yarn.containerLogDirectory().resolve(app.id());
    try (Stream<Path> files = Files.walk(logs)) {
      Path log =
          files
              .filter(file -> file.getFileName().toString().equals("jobmanager.log"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no jobmanager.log under " + logs));
      return Files.readString(log);
    }
  }

  /** Samples the resident memory of the daemons, the containers and the step's client. */
  private void sampleMemory() {
    peakMegabytes.merge("ResourceManager", yarn.resourceManager().residentMegabytes(), Math::max);
    peakMegabytes.merge("NodeManager", yarn.nodeManager().residentMegabytes(), Math::max);
    if (step != null && step.isAlive()) {
      long client =
          Stream.concat(Stream.of(step.toHandle()), step.descendants())
              .mapToLong(process -> Daemon.residentMegabytes(process.pid()))
              .max()
              .orElse(-1);
      peakMegabytes.merge("client (the step's command)", client, Math::max);
    }
    for (ProcessHandle container : yarn.containerProcesses()) {
      String role =
          container
              .info()
              .arguments()
              .flatMap(
                  arguments ->
                      Stream.of(arguments)
                          .filter(
                              argument ->
                                  argument.matches(
                                      "org\\.apache\\.(spark|flink)\\.[A-Za-z.$]*(ApplicationMaster"
                                          + "|ExecutorBackend|Entrypoint|Runner)"))
                          .findFirst())
              .map(main -> main.substring(main.lastIndexOf('.') + 1))
              .orElse(null);
      if (role != null) {
        peakMegabytes.merge(role, Daemon.residentMegabytes(container.pid()), Math::max);
      }
    }
  }

  private void report(String engine, YarnCluster.Application app, Duration firstRow) {
    sampleMemory();
    System.out.printf(
        "EmrStepsOnYarnIT: %s step %s (%s): submit to first row %d ms; %,d records; peak RSS"
            + " %s%n",
        engine, app.id(), app.name(), firstRow.toMillis(), RECORDS, peakMegabytes);
  }

  private static long written(String topic) {
    return scenario.progress(topic);
  }

  private static Path log(String name) throws IOException {
    return Scenario.log("emr-on-yarn-" + name);
  }

  /**
   * Polls {@code condition} until {@link #DEADLINE}, sampling memory meanwhile; fails with the
   * step's output and the containers' logs' ends.
   */
  private void await(String what, BooleanSupplier condition, Path log) throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      sampleMemory();
      if (System.nanoTime() > end) {
        throw new AssertionError(
            String.format(
                "not within %s: %s; applications %s; the step's output %s ends with:%n%s%n%s",
                DEADLINE,
                what,
                yarn.applications(),
                log.toAbsolutePath(),
                Scenario.tail(log),
                containerLogs()));
      }
      TimeUnit.MILLISECONDS.sleep(500); // Polling the condition, bounded by the deadline.
    }
  }

  /** The end of every container's stderr and log files, for a failure's message. */
  private static String containerLogs() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(yarn.containerLogDirectory())) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(
                  file -> file.toString().endsWith("stderr") || file.toString().endsWith(".log"))
              .toList()) {
        text.append("--- ").append(file).append('\n').append(Scenario.tail(file)).append('\n');
      }
    }
    return text.toString();
  }
}
