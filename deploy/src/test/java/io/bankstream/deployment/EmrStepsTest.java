package io.bankstream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.deployment.Scripts.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@code deploy/emr/submit-emr.sh}, the AWS EMR submission script, without AWS: it runs the
 * script with bash in a controlled environment (a PATH holding only the few tools it needs, and,
 * for the real-run cases, a fake {@code aws} that records its arguments) and parses the step
 * definition it writes with Jackson. It asserts, for {@code --kind spark} and {@code --kind flink},
 * the step's Type, Name, Jar, ActionOnFailure and its exact Args (the spark-submit or flink run
 * command with the pipeline's main class, the jar, the runner and the Kafka, JDBC and Redis
 * settings from the environment, and what a real YARN needs: {@code --filesToStage=__app__.jar} and
 * the ApplicationMaster's wait for Spark, the cluster's Flink ahead of the jar and {@code
 * --detach=true} for Flink; EmrStepsOnYarnIT runs both on YARN), that no argument carries a
 * password, that the printed {@code aws emr add-steps} command names the cluster and the steps file
 * and parses back in bash, that the flink step's copy-then-run bash program copies the jar and runs
 * flink with exactly the listed arguments (with fakes), that JSON escaping survives quotes,
 * backslashes and control characters, and the refusals (exit 2 with a message naming the problem):
 * no {@code --jar}, flink on a release without Flink 1.19, a password among the pipeline arguments,
 * missing settings.
 */
class EmrStepsTest {

  private static final String MAIN_CLASS = "io.bankstream.pipeline.BankstreamPipeline";
  private static final String ADD_OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
  private static final String CLUSTER = "j-1K48XXXXXXHCB";
  private static final String SPARK_JAR =
      "s3://bank-artifacts/bankstream/bankstream-pipeline-spark.jar";
  private static final String FLINK_JAR =
      "s3://bank-artifacts/bankstream/bankstream-pipeline-flink.jar";
  private static final String FLINK_LOCAL_JAR =
      "/home/hadoop/bankstream/bankstream-pipeline-flink.jar";
  private static final String DB_PASSWORD = "Never-In-A-Step-42";

  /** The tools the script calls besides bash builtins, and mkdir for the flink step's program. */
  private static final List<String> TOOLS =
      Stream.concat(Scripts.TOOLS.stream(), Stream.of("mkdir")).toList();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path script;

  @TempDir Path temp;
  private Scripts scripts;
  private Path tmpDir;

  @BeforeAll
  static void findScript() {
    script = Scripts.root().resolve("deploy/emr/submit-emr.sh");
  }

  @BeforeEach
  void hermeticPath() throws IOException {
    tmpDir = Files.createDirectories(temp.resolve("tmp"));
    scripts = new Scripts(temp, TOOLS, Map.of("TMPDIR", tmpDir.toString()));
  }

  /** The pipeline settings a user would export, the database password among them. */
  private static Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put(
        "BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS",
        "b-1.bank.kafka.sa-east-1.amazonaws.com:9096,b-2.bank.kafka.sa-east-1.amazonaws.com:9096");
    env.put("BANKSTREAM_KAFKA_CONFIG", "/etc/bankstream/kafka.properties");
    env.put(
        "BANKSTREAM_JDBC_URL",
        "jdbc:postgresql://bank.abc.sa-east-1.rds.amazonaws.com:5432/bank?sslmode=require");
    env.put("BANKSTREAM_DB_USER", "bank_etl");
    env.put("BANKSTREAM_DB_PASSWORD_FILE", "/etc/bankstream/db-password");
    env.put("BANKSTREAM_REDIS_HOST", "master.bank.abc.sae1.cache.amazonaws.com");
    env.put("BANKSTREAM_REDIS_SSL", "true");
    env.put("BANKSTREAM_DB_PASSWORD", DB_PASSWORD);
    return env;
  }

  /** The pipeline options the settings above become, in the script's order. */
  private static List<String> settingsOptions(String kind) {
    return List.of(
        "--bootstrapServers=b-1.bank.kafka.sa-east-1.amazonaws.com:9096,"
            + "b-2.bank.kafka.sa-east-1.amazonaws.com:9096",
        "--consumerGroup=bankstream-" + kind,
        "--kafkaConfigFile=/etc/bankstream/kafka.properties",
        "--jdbcUrl=jdbc:postgresql://bank.abc.sa-east-1.rds.amazonaws.com:5432/bank?sslmode=require",
        "--dbUser=bank_etl",
        "--dbPasswordFile=/etc/bankstream/db-password",
        "--redisHost=master.bank.abc.sae1.cache.amazonaws.com",
        "--redisSsl=true");
  }

  private Run run(Map<String, String> env, Path extraPath, String... args) throws Exception {
    return scripts.run(script, env, extraPath, args);
  }

  /** A dry run of {@code --kind kind --jar jar --cluster-id CLUSTER} and {@code more}. */
  private Run dryRun(Map<String, String> env, String kind, String jar, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("--dry-run", "--kind", kind, "--jar", jar, "--cluster-id", CLUSTER));
    args.addAll(List.of(more));
    return run(env, null, args.toArray(String[]::new));
  }

  private static String line(String out, String prefix) {
    return out.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out));
  }

  /** The one step of a dry run, checked against the steps file the printed command names. */
  private JsonNode dryRunStep(Run run) throws Exception {
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> command = scripts.bashWords(line(run.out(), "+ aws emr add-steps"));
    assertThat(command.subList(0, 7))
        .containsExactly(
            "aws", "emr", "add-steps", "--cluster-id", CLUSTER, "--steps", command.get(6));
    assertThat(command.get(6)).startsWith("file://" + tmpDir + "/");
    assertThat(command.subList(command.size() - 4, command.size()))
        .containsExactly("--query", "StepIds", "--output", "text");
    Path stepsFile = Path.of(command.get(6).substring("file://".length()));
    assertThat(stepsFile).as("the dry run keeps the steps file it names").isRegularFile();
    JsonNode fromFile = JSON.readTree(stepsFile.toFile());

    // The step JSON is also printed, between its heading and the command.
    String out = run.out();
    String printed =
        out.substring(
            out.indexOf('\n', out.indexOf("Step definition (" + stepsFile + "):")) + 1,
            out.indexOf("+ aws emr add-steps"));
    assertThat(JSON.readTree(printed)).isEqualTo(fromFile);

    assertThat(fromFile.isArray()).isTrue();
    assertThat(fromFile).hasSize(1);
    JsonNode step = fromFile.get(0);
    assertThat(step.get("Type").asText()).isEqualTo("CUSTOM_JAR");
    assertThat(step.get("Jar").asText()).isEqualTo("command-runner.jar");
    assertThat(step.get("ActionOnFailure").asText()).isEqualTo("CONTINUE");
    return step;
  }

  private static List<String> args(JsonNode step) {
    List<String> args = new ArrayList<>();
    step.get("Args").forEach(a -> args.add(a.textValue()));
    return args;
  }

  private static void assertNoPassword(List<String> args) {
    assertThat(args).noneMatch(a -> a.contains(DB_PASSWORD));
    assertThat(args)
        .filteredOn(a -> a.toLowerCase().contains("password"))
        .containsExactly("--dbPasswordFile=/etc/bankstream/db-password");
  }

  @Test
  void sparkStepSubmitsTheJarWithSparkSubmitInClusterMode() throws Exception {
    Run run =
        dryRun(settings(), "spark", SPARK_JAR, "--region", "sa-east-1", "--", "--windowSeconds=30");
    JsonNode step = dryRunStep(run);

    assertThat(step.get("Name").asText()).isEqualTo("bankstream-pipeline-spark");
    List<String> expected =
        new ArrayList<>(
            List.of(
                "spark-submit",
                "--deploy-mode",
                "cluster",
                "--master",
                "yarn",
                "--class",
                MAIN_CLASS,
                "--conf",
                "spark.driver.extraJavaOptions=" + ADD_OPENS,
                "--conf",
                "spark.executor.extraJavaOptions=" + ADD_OPENS,
                "--conf",
                "spark.yarn.am.waitTime=300s",
                SPARK_JAR,
                "--runner=SparkRunner",
                "--sparkMaster=yarn",
                "--streaming=true",
                "--filesToStage=__app__.jar"));
    expected.addAll(settingsOptions("spark"));
    expected.add("--windowSeconds=30");
    assertThat(args(step)).containsExactlyElementsOf(expected);
    assertNoPassword(args(step));

    List<String> command = scripts.bashWords(line(run.out(), "+ aws emr add-steps"));
    assertThat(command).containsSubsequence("--region", "sa-east-1");
    assertThat(run.out()).doesNotContain(DB_PASSWORD);
    assertThat(run.err())
        .doesNotContain(DB_PASSWORD)
        .contains("BANKSTREAM_DB_PASSWORD is set here but is not sent to the cluster");
  }

  @Test
  void flinkStepCopiesTheJarThenRunsFlinkOnYarn() throws Exception {
    Map<String, String> env = settings();
    env.put("BANKSTREAM_PARALLELISM", "4");
    env.put("EMR_CLUSTER_ID", CLUSTER);
    JsonNode step =
        dryRunStep(
            run(
                env,
                null,
                "--dry-run",
                "--kind=flink",
                "--jar=" + FLINK_JAR,
                "--release=emr-7.4.0"));

    assertThat(step.get("Name").asText()).isEqualTo("bankstream-pipeline-flink");
    List<String> args = args(step);
    assertThat(args.subList(0, 2)).containsExactly("bash", "-c");
    assertThat(args.subList(3, 6))
        .containsExactly("bankstream-flink-step", FLINK_JAR, FLINK_LOCAL_JAR);
    List<String> expected =
        new ArrayList<>(
            List.of(
                "flink",
                "run",
                "-m",
                "yarn-cluster",
                "-d",
                "-yD",
                "yarn.classpath.include-user-jar=LAST",
                "-c",
                MAIN_CLASS,
                FLINK_LOCAL_JAR,
                "--runner=FlinkRunner",
                "--flinkMaster=[auto]",
                "--attachedMode=false",
                "--streaming=true",
                "--checkpointingInterval=10000",
                "--parallelism=4",
                "--detach=true"));
    expected.addAll(settingsOptions("flink"));
    assertThat(args.subList(6, args.size())).containsExactlyElementsOf(expected);
    assertNoPassword(args);
  }

  @Test
  void flinkStepProgramCopiesTheJarAndRunsExactlyTheListedCommand() throws Exception {
    JsonNode step = dryRunStep(dryRun(settings(), "flink", FLINK_JAR, "--release", "emr-7.5.0"));
    List<String> args = new ArrayList<>(args(step));
    // Run the step's own command here, with fakes for aws and flink and a local directory
    // standing in for /home/hadoop/bankstream on the primary node.
    Path localJar = temp.resolve("primary/bankstream/bankstream-pipeline-flink.jar");
    args.replaceAll(a -> a.equals(FLINK_LOCAL_JAR) ? localJar.toString() : a);
    Path fakes = Files.createDirectories(temp.resolve("fakes"));
    Path calls = temp.resolve("calls");
    Scripts.fake(
        fakes.resolve("aws"),
        "echo \"aws $*\" >> '" + calls + "'\n[ \"$1 $2\" = \"s3 cp\" ] && echo jar > \"$5\"\n");
    Scripts.fake(
        fakes.resolve("flink"),
        "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + calls + ".flink'\n");

    Run run = scripts.exec(args, Map.of(), fakes);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readString(calls).strip())
        .isEqualTo("aws s3 cp --only-show-errors " + FLINK_JAR + " " + localJar);
    assertThat(localJar).isRegularFile();
    int flink = args.indexOf("flink");
    assertThat(Files.readAllLines(Path.of(calls + ".flink")))
        .containsExactlyElementsOf(args.subList(flink + 1, args.size()));
  }

  @Test
  void pipelineArgumentsSurviveJsonEscapingAndReplaceTheSettings() throws Exception {
    String awkward = "--note=quote\" backslash\\ newline\n tab\t bell\u0007 unicode ç ã 'single'";
    JsonNode step =
        dryRunStep(
            dryRun(
                settings(),
                "spark",
                SPARK_JAR,
                "--",
                "--topic=pix_only",
                "--consumerGroup=bankstream-emr",
                awkward));
    List<String> args = args(step);
    assertThat(args.subList(args.size() - 3, args.size()))
        .containsExactly("--topic=pix_only", "--consumerGroup=bankstream-emr", awkward);
    assertThat(args).filteredOn(a -> a.startsWith("--consumerGroup=")).hasSize(1);
  }

  @Test
  void missingJarIsRefused() throws Exception {
    Run run = run(settings(), null, "--dry-run", "--kind", "spark", "--cluster-id", CLUSTER);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--jar is required").contains("does not upload");
    assertThat(run.out()).isEmpty();
    assertThat(tmpDir).isEmptyDirectory();
  }

  @Test
  void aJarThatIsNotInS3OrOfTheOtherKindIsRefused() throws Exception {
    Run local = dryRun(settings(), "spark", "runners/spark/target/bankstream-pipeline-spark.jar");
    assertThat(local.exit()).isEqualTo(2);
    assertThat(local.err()).contains("--jar must be an s3://bucket/path.jar URI");

    Run other = dryRun(settings(), "spark", FLINK_JAR);
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("looks like the flink bundle, but --kind is spark");
  }

  @Test
  void flinkOnAReleaseWithoutFlink119IsRefused() throws Exception {
    for (String release : List.of("emr-7.0.0", "emr-7.3.0", "emr-7.6.0")) {
      Run run = dryRun(settings(), "flink", FLINK_JAR, "--release", release);
      assertThat(run.exit()).as(release).isEqualTo(2);
      assertThat(run.err())
          .as(release)
          .contains("Flink 1.19")
          .contains("emr-7.4.0")
          .contains("emr-7.5.0")
          .contains(release + " ships Flink 1.");
      assertThat(run.out()).isEmpty();
    }
    Run old = dryRun(settings(), "spark", SPARK_JAR, "--release", "emr-6.15.0");
    assertThat(old.exit()).isEqualTo(2);
    assertThat(old.err()).contains("not an EMR 7.x release");

    Run spark = dryRun(settings(), "spark", SPARK_JAR, "--release", "emr-7.0.0");
    assertThat(spark.exit()).as(spark.err()).isZero();
  }

  @Test
  void passwordsAmongThePipelineArgumentsAreRefused() throws Exception {
    List<String> leaks =
        List.of(
            "--dbPassword=" + DB_PASSWORD,
            "--x=$BANKSTREAM_DB_PASSWORD",
            "--kafkaProperty=sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"p\";",
            "--comment=" + DB_PASSWORD);
    for (String leak : leaks) {
      Run run = dryRun(settings(), "spark", SPARK_JAR, "--", "--topic=t", leak);
      assertThat(run.exit()).as(leak).isEqualTo(2);
      assertThat(run.err()).as(leak).contains("pipeline argument 2").contains("password");
      assertThat(run.err() + run.out())
          .as(leak)
          .doesNotContain(DB_PASSWORD)
          .doesNotContain("\"p\"");
    }
    assertThat(tmpDir).isEmptyDirectory();

    Map<String, String> inUrl = settings();
    inUrl.put("BANKSTREAM_JDBC_URL", "jdbc:postgresql://db:5432/bank?user=u&password=p");
    Run url = dryRun(inUrl, "spark", SPARK_JAR);
    assertThat(url.exit()).isEqualTo(2);
    assertThat(url.err()).contains("BANKSTREAM_JDBC_URL").contains("password");
  }

  @Test
  void missingSettingsAreRefusedNamingThem() throws Exception {
    for (String name :
        List.of(
            "BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS", "BANKSTREAM_JDBC_URL", "BANKSTREAM_REDIS_HOST")) {
      Map<String, String> env = settings();
      env.remove(name);
      Run run = dryRun(env, "spark", SPARK_JAR);
      assertThat(run.exit()).as(name).isEqualTo(2);
      assertThat(run.err()).as(name).startsWith("error: " + name + " is not set");
    }
    Run noCluster = run(settings(), null, "--dry-run", "--kind", "spark", "--jar", SPARK_JAR);
    assertThat(noCluster.exit()).isEqualTo(2);
    assertThat(noCluster.err()).contains("--cluster-id").contains("EMR_CLUSTER_ID");

    Run noKind = run(settings(), null, "--dry-run", "--jar", SPARK_JAR, "--cluster-id", CLUSTER);
    assertThat(noKind.exit()).isEqualTo(2);
    assertThat(noKind.err()).contains("--kind is required");
  }

  @Test
  void realRunChecksTheReleaseThenAddsTheStepWithAws() throws Exception {
    Path fakes = Files.createDirectories(temp.resolve("fakes"));
    Path calls = temp.resolve("aws-calls");
    Path copy = temp.resolve("steps-at-call.json");
    fakeAws(fakes, calls, copy, "emr-7.5.0");

    Run run =
        run(
            settings(),
            fakes,
            "--kind",
            "flink",
            "--jar",
            FLINK_JAR,
            "--cluster-id",
            CLUSTER,
            "--region",
            "sa-east-1");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> invocations = Files.readAllLines(calls);
    assertThat(invocations)
        .containsExactly(
            "emr describe-cluster --cluster-id "
                + CLUSTER
                + " --region sa-east-1 --query Cluster.ReleaseLabel --output text",
            String.join(
                " ", scripts.bashWords(line(run.out(), "+ aws emr add-steps")).subList(1, 13)));
    JsonNode submitted = JSON.readTree(copy.toFile());
    assertThat(submitted.get(0).get("Name").asText()).isEqualTo("bankstream-pipeline-flink");
    assertThat(run.out()).contains("Step s-2EXAMPLE added to " + CLUSTER);
    assertThat(tmpDir).as("the steps file is removed after a real run").isEmptyDirectory();
  }

  @Test
  void realRunRefusesFlinkWhenTheClusterReleaseHasNoFlink119() throws Exception {
    Path fakes = Files.createDirectories(temp.resolve("fakes"));
    Path calls = temp.resolve("aws-calls");
    fakeAws(fakes, calls, temp.resolve("unused.json"), "emr-7.2.0");

    Run run =
        run(settings(), fakes, "--kind", "flink", "--jar", FLINK_JAR, "--cluster-id", CLUSTER);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("emr-7.2.0 ships Flink 1.18.1");
    assertThat(Files.readAllLines(calls))
        .hasSize(1)
        .allMatch(c -> c.startsWith("emr describe-cluster"));
  }

  @Test
  void realRunWithoutAwsIsRefused() throws Exception {
    Run run = run(settings(), null, "--kind", "spark", "--jar", SPARK_JAR, "--cluster-id", CLUSTER);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("aws (the AWS CLI) not found");
  }

  /** A fake aws CLI: records its arguments, answers describe-cluster and add-steps. */
  private static void fakeAws(Path dir, Path calls, Path stepsCopy, String release)
      throws IOException {
    Scripts.fake(
        dir.resolve("aws"),
        "echo \"$*\" >> '"
            + calls
            + "'\n"
            + "case \"$2\" in\n"
            + "  describe-cluster) echo "
            + release
            + " ;;\n"
            + "  add-steps) cat \"${6#file://}\" > '"
            + stepsCopy
            + "'; echo s-2EXAMPLE ;;\n"
            + "esac\n");
  }
}
