package io.bankstream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bankstream.deployment.Scripts.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the cluster launch scripts {@code deploy/flink-run.sh} and {@code deploy/spark-submit.sh}
 * without Flink or Spark: it runs them with bash in a controlled environment (a PATH holding only
 * the few tools they need) and reads back the command they print with bash itself, so the printed
 * line is what a user can copy. It asserts the exact {@code flink run} and {@code spark-submit}
 * commands of a dry run for settings from the environment (main class, jar, runner, masters,
 * checkpointing, Kafka, JDBC and Redis settings, extra arguments passed through and replacing built
 * ones), that a real run executes exactly the printed command (with a fake flink or spark-submit),
 * and the refusals with exit 2: a missing setting named by its variable, a missing jar with the
 * command that builds it, a missing flink or spark-submit, a password on the command line.
 */
class SubmitScriptsTest {

  private static final String MAIN_CLASS = "io.bankstream.pipeline.BankstreamPipeline";
  private static final String ADD_OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
  private static final String DB_PASSWORD = "Only-In-The-Environment-7";

  private static Path flinkScript;
  private static Path sparkScript;

  @TempDir Path temp;
  private Scripts scripts;

  @BeforeAll
  static void findScripts() {
    Path root = Scripts.root();
    flinkScript = root.resolve("deploy/flink-run.sh");
    sparkScript = root.resolve("deploy/spark-submit.sh");
  }

  @BeforeEach
  void hermeticPath() throws IOException {
    scripts = new Scripts(temp, Scripts.TOOLS, Map.of());
  }

  private static Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put(
        "BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS",
        "kafka-1.bank.internal:9093,kafka-2.bank.internal:9093");
    env.put("BANKSTREAM_TOPIC", "bank_transactions");
    env.put("BANKSTREAM_KAFKA_CONFIG", "/etc/bankstream/kafka.properties");
    env.put(
        "BANKSTREAM_JDBC_URL", "jdbc:postgresql://db.bank.internal:5432/bank?sslmode=verify-full");
    env.put("BANKSTREAM_DB_USER", "bank_etl");
    env.put("BANKSTREAM_REDIS_HOST", "redis.bank.internal");
    env.put("BANKSTREAM_REDIS_PORT", "6380");
    env.put("BANKSTREAM_DB_PASSWORD", DB_PASSWORD);
    return env;
  }

  private static List<String> settingsOptions(String kind) {
    return List.of(
        "--bootstrapServers=kafka-1.bank.internal:9093,kafka-2.bank.internal:9093",
        "--topic=bank_transactions",
        "--consumerGroup=bankstream-" + kind,
        "--kafkaConfigFile=/etc/bankstream/kafka.properties",
        "--jdbcUrl=jdbc:postgresql://db.bank.internal:5432/bank?sslmode=verify-full",
        "--dbUser=bank_etl",
        "--redisHost=redis.bank.internal",
        "--redisPort=6380");
  }

  private Run run(Path script, Map<String, String> env, Path extraPath, String... args)
      throws Exception {
    return scripts.run(script, env, extraPath, args);
  }

  /** The words of the one printed "+ ..." command line, as bash reads them. */
  private List<String> printedCommand(Run run) throws Exception {
    List<String> lines = run.out().lines().filter(l -> l.startsWith("+ ")).toList();
    assertThat(lines).as(run.out()).hasSize(1);
    return scripts.bashWords(lines.get(0));
  }

  private static List<String> flinkCommand(String flink, String jar, List<String> tail) {
    List<String> expected =
        new ArrayList<>(
            List.of(
                flink,
                "run",
                "-m",
                "jobmanager.bank.internal:8081",
                "-d",
                "-c",
                MAIN_CLASS,
                jar,
                "--runner=FlinkRunner",
                "--flinkMaster=[auto]",
                "--attachedMode=false",
                "--streaming=true"));
    expected.addAll(tail);
    return expected;
  }

  private static Map<String, String> flinkEnv() {
    Map<String, String> env = settings();
    env.put("FLINK_JOBMANAGER", "jobmanager.bank.internal:8081");
    env.put("BANKSTREAM_JAR", "/opt/bankstream/bankstream-pipeline-flink.jar");
    return env;
  }

  private static Map<String, String> sparkEnv(String master) {
    Map<String, String> env = settings();
    env.put("SPARK_MASTER", master);
    env.put("BANKSTREAM_JAR", "/opt/bankstream/bankstream-pipeline-spark.jar");
    return env;
  }

  @Test
  void flinkDryRunPrintsTheFlinkRunCommand() throws Exception {
    Map<String, String> env = flinkEnv();
    env.put("BANKSTREAM_CHECKPOINT_MS", "30000");
    env.put("BANKSTREAM_PARALLELISM", "4");
    Run run =
        run(flinkScript, env, null, "--dry-run", "--windowSeconds=30", "--rulesFile=it's.yaml");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> tail =
        new ArrayList<>(
            List.of("--checkpointingInterval=30000", "--parallelism=4", "--detach=true"));
    tail.addAll(settingsOptions("flink"));
    tail.addAll(List.of("--windowSeconds=30", "--rulesFile=it's.yaml"));
    assertThat(printedCommand(run))
        .containsExactlyElementsOf(
            flinkCommand("flink", "/opt/bankstream/bankstream-pipeline-flink.jar", tail));
    assertThat(run.out() + run.err()).doesNotContain(DB_PASSWORD);
  }

  @Test
  void flinkDefaultsAndOverrides() throws Exception {
    Map<String, String> env = flinkEnv();
    env.put("FLINK_HOME", "/opt/flink-1.19.1");
    env.remove("BANKSTREAM_JAR");
    Run run =
        run(
            flinkScript,
            env,
            null,
            "--dry-run",
            "--",
            "--consumerGroup=replay-1",
            "--checkpointingInterval=5000");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> words = printedCommand(run);
    assertThat(words.get(0)).isEqualTo("/opt/flink-1.19.1/bin/flink");
    assertThat(words.get(7))
        .endsWith("/runners/flink/target/bankstream-pipeline-flink.jar")
        .startsWith("/");
    assertThat(words)
        .filteredOn(w -> w.startsWith("--consumerGroup="))
        .containsExactly("--consumerGroup=replay-1");
    assertThat(words)
        .filteredOn(w -> w.startsWith("--checkpointingInterval="))
        .containsExactly("--checkpointingInterval=5000");
    assertThat(words).contains("--detach=true").doesNotContain("--stateBackend=filesystem");
  }

  @Test
  void flinkAttachedAndACheckpointDirectory() throws Exception {
    Map<String, String> env = flinkEnv();
    env.put("BANKSTREAM_CHECKPOINT_DIR", "s3://bank-checkpoints/bankstream");
    Run run = run(flinkScript, env, null, "--dry-run", "--attached");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> words = printedCommand(run);
    assertThat(words)
        .doesNotContain("--detach=true", "--attached")
        .contains(
            "--attachedMode=false",
            "--stateBackend=filesystem",
            "--stateBackendStoragePath=s3://bank-checkpoints/bankstream");
  }

  @Test
  void anUnreachableJobManagerOrMasterIsOneErrorLine() throws Exception {
    Path jar = Files.writeString(temp.resolve("bundle.jar"), "not really a jar");
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Path fakes = Files.createDirectories(temp.resolve("fakes"));
    for (String tool : List.of("flink", "spark-submit")) {
      Scripts.fake(fakes.resolve(tool), "echo ran > '" + temp.resolve(tool + ".ran") + "'\n");
    }
    Map<String, String> flink = flinkEnv();
    flink.put("BANKSTREAM_JAR", jar.toString());
    flink.put("FLINK_JOBMANAGER", "127.0.0.1:" + closed);
    Map<String, String> spark = sparkEnv("spark://127.0.0.1:" + closed);
    spark.put("BANKSTREAM_JAR", jar.toString());
    for (Run run : List.of(run(flinkScript, flink, fakes), run(sparkScript, spark, fakes))) {
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err().lines().toList())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .startsWith("error: no ")
                      .contains("answers at ")
                      .contains(Integer.toString(closed)));
      assertThat(run.out()).isEmpty();
    }
    assertThat(temp.resolve("flink.ran")).doesNotExist();
    assertThat(temp.resolve("spark-submit.ran")).doesNotExist();
  }

  @Test
  void sparkDryRunPrintsTheSparkSubmitCommand() throws Exception {
    Run run =
        run(
            sparkScript,
            sparkEnv("spark://spark-master.bank.internal:7077"),
            null,
            "--dry-run",
            "--windowSeconds=30");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> expected =
        new ArrayList<>(
            List.of(
                "spark-submit",
                "--master",
                "spark://spark-master.bank.internal:7077",
                "--deploy-mode",
                "client",
                "--class",
                MAIN_CLASS,
                "--conf",
                "spark.driver.extraJavaOptions=" + ADD_OPENS,
                "--conf",
                "spark.executor.extraJavaOptions=" + ADD_OPENS,
                "/opt/bankstream/bankstream-pipeline-spark.jar",
                "--runner=SparkRunner",
                "--sparkMaster=spark://spark-master.bank.internal:7077",
                "--streaming=true",
                "--filesToStage=/opt/bankstream/bankstream-pipeline-spark.jar"));
    expected.addAll(settingsOptions("spark"));
    expected.add("--windowSeconds=30");
    assertThat(printedCommand(run)).containsExactlyElementsOf(expected);
    assertThat(run.out() + run.err()).doesNotContain(DB_PASSWORD);
  }

  @Test
  void sparkMasterAndDeployModeFromTheEnvironment() throws Exception {
    Map<String, String> env = sparkEnv("local[2]");
    env.put("SPARK_DEPLOY_MODE", "cluster");
    env.put("SPARK_HOME", "/opt/spark-3.5.3");
    env.put("BANKSTREAM_SPARK_CHECKPOINT_DIR", "hdfs:///bankstream/checkpoints");
    Run run = run(sparkScript, env, null, "--dry-run");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("'local[2]'");
    List<String> words = printedCommand(run);
    assertThat(words.subList(0, 5))
        .containsExactly(
            "/opt/spark-3.5.3/bin/spark-submit",
            "--master",
            "local[2]",
            "--deploy-mode",
            "cluster");
    assertThat(words)
        .contains("--sparkMaster=local[2]")
        .anyMatch(
            word ->
                word.matches(
                    "--checkpointDir=hdfs:///bankstream/checkpoints/run-[0-9]{8}T[0-9]{6}Z-[0-9]+"));
    assertThat(run.err())
        .contains("cluster mode the driver does not inherit BANKSTREAM_DB_PASSWORD");

    env.put("SPARK_DEPLOY_MODE", "yarn-cluster");
    Run bad = run(sparkScript, env, null, "--dry-run");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("SPARK_DEPLOY_MODE must be client or cluster");
  }

  @Test
  void missingKafkaServersIsRefusedNamingTheVariable() throws Exception {
    Map<String, String> flink = flinkEnv();
    flink.remove("BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    Map<String, String> spark = sparkEnv("yarn");
    spark.remove("BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    for (Run run :
        List.of(
            run(flinkScript, flink, null, "--dry-run"),
            run(sparkScript, spark, null, "--dry-run"))) {
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS is not set");
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void otherMissingSettingsAreRefusedNamingThem() throws Exception {
    for (String name :
        List.of("BANKSTREAM_JDBC_URL", "BANKSTREAM_REDIS_HOST", "FLINK_JOBMANAGER")) {
      Map<String, String> env = flinkEnv();
      env.remove(name);
      Run run = run(flinkScript, env, null, "--dry-run");
      assertThat(run.exit()).as(name).isEqualTo(2);
      assertThat(run.err()).as(name).startsWith("error: " + name + " is not set");
    }
    Map<String, String> env = sparkEnv("yarn");
    env.remove("SPARK_MASTER");
    Run run = run(sparkScript, env, null, "--dry-run");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: SPARK_MASTER is not set");
  }

  @Test
  void aMissingJarIsRefusedWithTheBuildCommand() throws Exception {
    Map<String, String> flink = flinkEnv();
    flink.put("BANKSTREAM_JAR", temp.resolve("absent-flink.jar").toString());
    Run flinkRun = run(flinkScript, flink, null);
    assertThat(flinkRun.exit()).isEqualTo(2);
    assertThat(flinkRun.err())
        .contains("jar not found: " + temp.resolve("absent-flink.jar"))
        .contains("mvn -B -DskipTests package -pl runners/flink -am");

    Map<String, String> spark = sparkEnv("yarn");
    spark.put("BANKSTREAM_JAR", temp.resolve("absent-spark.jar").toString());
    Run sparkRun = run(sparkScript, spark, null);
    assertThat(sparkRun.exit()).isEqualTo(2);
    assertThat(sparkRun.err()).contains("mvn -B -DskipTests package -pl runners/spark -am");

    // A dry run prints the command anyway.
    assertThat(run(flinkScript, flink, null, "--dry-run").exit()).isZero();
  }

  @Test
  void aMissingFlinkOrSparkSubmitIsRefused() throws Exception {
    Path jar = Files.writeString(temp.resolve("bundle.jar"), "not really a jar");
    Map<String, String> flink = flinkEnv();
    flink.put("BANKSTREAM_JAR", jar.toString());
    Run noFlink = run(flinkScript, flink, null);
    assertThat(noFlink.exit()).isEqualTo(2);
    assertThat(noFlink.err()).contains("flink not found");
    flink.put("FLINK_HOME", temp.resolve("no-flink-here").toString());
    assertThat(run(flinkScript, flink, null).err()).contains("has no executable bin/flink");

    Map<String, String> spark = sparkEnv("yarn");
    spark.put("BANKSTREAM_JAR", jar.toString());
    Run noSpark = run(sparkScript, spark, null);
    assertThat(noSpark.exit()).isEqualTo(2);
    assertThat(noSpark.err()).contains("spark-submit not found");
  }

  @Test
  void aRealRunExecutesExactlyThePrintedCommand() throws Exception {
    Path jar = Files.writeString(temp.resolve("bundle.jar"), "not really a jar");
    Path fakes = Files.createDirectories(temp.resolve("fakes"));
    for (String tool : List.of("flink", "spark-submit")) {
      Scripts.fake(
          fakes.resolve(tool),
          "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '"
              + temp.resolve(tool + ".args")
              + "'\n"
              + "echo \"BANKSTREAM_DB_PASSWORD=$BANKSTREAM_DB_PASSWORD\" > '"
              + temp.resolve(tool + ".env")
              + "'\n");
    }
    // What the script asks before it submits: does a Flink REST endpoint answer?
    HttpServer jobManager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jobManager.createContext(
        "/config",
        exchange -> {
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
          exchange.close();
        });
    jobManager.start();
    Map<String, String> flink = flinkEnv();
    flink.put("BANKSTREAM_JAR", jar.toString());
    flink.put("FLINK_JOBMANAGER", "127.0.0.1:" + jobManager.getAddress().getPort());
    Map<String, String> spark = sparkEnv("local[2]");
    spark.put("BANKSTREAM_JAR", jar.toString());

    try {
      realRuns(flink, spark, fakes);
    } finally {
      jobManager.stop(0);
    }
  }

  private void realRuns(Map<String, String> flink, Map<String, String> spark, Path fakes)
      throws Exception {
    for (Map.Entry<String, Run> entry :
        Map.of(
                "flink", run(flinkScript, flink, fakes, "--topic=t w o"),
                "spark-submit", run(sparkScript, spark, fakes, "--topic=t w o"))
            .entrySet()) {
      Run run = entry.getValue();
      assertThat(run.exit()).as(entry.getKey() + ": " + run.err()).isZero();
      List<String> printed = printedCommand(run);
      assertThat(printed.get(0)).isEqualTo(entry.getKey());
      assertThat(Files.readAllLines(temp.resolve(entry.getKey() + ".args")))
          .containsExactlyElementsOf(printed.subList(1, printed.size()));
      assertThat(printed).contains("--topic=t w o").doesNotContain("--topic=bank_transactions");
      // The password reaches the process through the environment, never its arguments.
      assertThat(Files.readString(temp.resolve(entry.getKey() + ".env")).strip())
          .isEqualTo("BANKSTREAM_DB_PASSWORD=" + DB_PASSWORD);
    }
  }

  @Test
  void passwordsOnTheCommandLineAreRefused() throws Exception {
    for (Path script : List.of(flinkScript, sparkScript)) {
      Map<String, String> env = script == flinkScript ? flinkEnv() : sparkEnv("yarn");
      for (String leak :
          List.of("--dbPassword=x", "--note=" + DB_PASSWORD, "--x=BANKSTREAM_REDIS_PASSWORD")) {
        Run run = run(script, env, null, "--dry-run", leak);
        assertThat(run.exit()).as(script + " " + leak).isEqualTo(2);
        assertThat(run.err())
            .as(leak)
            .contains("argument 1")
            .contains("password")
            .doesNotContain(DB_PASSWORD);
        assertThat(run.out()).isEmpty();
      }
      Run files =
          run(
              script,
              env,
              null,
              "--dry-run",
              "--dbPasswordFile=/etc/bankstream/db-password",
              "--redisPasswordFile=/etc/bankstream/redis-password");
      assertThat(files.exit()).as(files.err()).isZero();
    }
  }
}
