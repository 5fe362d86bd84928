package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.RunnerProcess.Runner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerProcessTest {

  @Test
  void localSparkCheckpointsInADirectoryOfEachRunsOwnUnderTheTemporaryDirectory() {
    String first = checkpointDir(RunnerProcess.runnerOptions(Runner.SPARK, 2));
    String second = checkpointDir(RunnerProcess.runnerOptions(Runner.SPARK, 2));

    assertThat(first).startsWith(RunnerProcess.SPARK_CHECKPOINTS.toAbsolutePath() + "/run-");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aCheckpointDirectoryTheCallerGivesWins() {
    List<String> options =
        RunnerProcess.runnerOptions(Runner.SPARK, 2, List.of("--checkpointDir=/data/spark"));

    assertThat(options).noneMatch(option -> option.startsWith("--checkpointDir="));
  }

  @Test
  void removeCheckpointsDeletesTheRunsOwnDirectoryAndNothingElse(@TempDir Path elsewhere)
      throws IOException {
    String own = checkpointDir(RunnerProcess.runnerOptions(Runner.SPARK, 2));
    Files.createDirectories(Path.of(own, "spark-checkpoint"));
    Files.writeString(Path.of(own, "spark-checkpoint", "checkpoint-1"), "x");
    Path chosen = Files.createDirectories(elsewhere.resolve("chosen"));

    RunnerProcess.removeCheckpoints(new ProcessBuilder("java", "--checkpointDir=" + own));
    RunnerProcess.removeCheckpoints(new ProcessBuilder("java", "--checkpointDir=" + chosen));
    RunnerProcess.removeCheckpoints(null);

    assertThat(Path.of(own)).doesNotExist();
    assertThat(RunnerProcess.SPARK_CHECKPOINTS).as("left empty, so removed").doesNotExist();
    assertThat(chosen).isDirectory();
  }

  @Test
  void removeCheckpointsOfARunThatNeverWroteOneDoesNothing() {
    String own = checkpointDir(RunnerProcess.runnerOptions(Runner.SPARK, 2));

    RunnerProcess.removeCheckpoints(new ProcessBuilder("java", "--checkpointDir=" + own));

    assertThat(Path.of(own)).doesNotExist();
  }

  @Test
  void flinkGetsTheShippedConfDirectoryUnlessOneIsGiven(@TempDir Path runners) throws IOException {
    Files.createDirectories(runners.resolve("flink").resolve("conf"));

    assertThat(RunnerProcess.flinkConfDir(Runner.FLINK, runners, List.of()))
        .containsExactly("--flinkConfDir=" + runners.resolve("flink").resolve("conf"));
    assertThat(RunnerProcess.flinkConfDir(Runner.FLINK, runners, List.of("--flinkConfDir=/etc")))
        .isEmpty();
    assertThat(RunnerProcess.flinkConfDir(Runner.SPARK, runners, List.of())).isEmpty();
  }

  @Test
  void theShippedFlinkConfServesTheWebUiAndThePrometheusReporter() throws IOException {
    String conf = Files.readString(Path.of("..", "runners", "flink", "conf", "flink-conf.yaml"));

    assertThat(conf)
        .contains("rest.bind-port: 8081-8090")
        .contains(
            "metrics.reporter.prom.factory.class:"
                + " org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
  }

  @Test
  void eachRunHasAScratchDirectoryOfItsOwnThatRemoveRunFilesDeletes(@TempDir Path runners)
      throws IOException {
    Path jar = runners.resolve("flink/target/bankstream-pipeline-flink.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);
    Path chosen = Files.createDirectories(runners.resolve("chosen"));
    List<String> javaOpts = List.of("-Djava.io.tmpdir=" + chosen);

    ProcessBuilder first = RunnerProcess.command(Runner.FLINK, runners, 2, javaOpts, List.of());
    ProcessBuilder second = RunnerProcess.command(Runner.FLINK, runners, 2, javaOpts, List.of());
    Path scratch = scratch(first);
    Files.createDirectories(scratch.resolve("flink-io-1"));
    Files.writeString(scratch.resolve("flink-rpc-akka1.jar"), "x");
    RunnerProcess.removeRunFiles(first);

    assertThat(scratch.getFileName().toString()).startsWith(RunnerProcess.SCRATCH_PREFIX);
    assertThat(scratch(second)).as("a new one each run").isNotEqualTo(scratch).isDirectory();
    assertThat(scratch).doesNotExist();
    assertThat(chosen).as("a temporary directory the caller chose").isDirectory();
    RunnerProcess.removeRunFiles(second);
    assertThat(scratch(second)).doesNotExist();
  }

  /** The last -Djava.io.tmpdir, the one the JVM takes. */
  private static Path scratch(ProcessBuilder command) {
    return command.command().stream()
        .filter(argument -> argument.startsWith("-Djava.io.tmpdir="))
        .map(argument -> Path.of(argument.substring("-Djava.io.tmpdir=".length())))
        .reduce((first, last) -> last)
        .orElseThrow();
  }

  private static String checkpointDir(List<String> options) {
    return options.stream()
        .filter(option -> option.startsWith("--checkpointDir="))
        .map(option -> option.substring("--checkpointDir=".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no --checkpointDir in " + options));
  }
}
