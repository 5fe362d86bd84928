package io.bankstream.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -pl pipeline -am test-compile exec:exec -Pflink-runner -Dexec.args="..."} from the
 * repository's root, as docs/runners.md tells a reader to run it, writes rows into a local stack's
 * {@code transacoes}. It runs the Maven of this build ({@code maven.home}) on its repository,
 * offline when this build is; Maven's JVM keeps its temporary files in a directory of the test's
 * own, removed afterwards, and the pipeline's JVM its own in {@code pipeline/target}, where the
 * test removes what the run left.
 */
class MavenExecIT {

  // A bound that only stops a hung run: Maven's up-to-date build of the pipeline's modules and
  // Flink's start take about a minute here.
  private static final Duration FIRST_ROWS = Duration.ofMinutes(5);

  @Test
  void theFlinkProfileRunsThePipelineWithMavenExec() throws Exception {
    Path root =
        Path.of(System.getProperty("bankstream.runners.dir", "../../runners"))
            .toAbsolutePath()
            .normalize()
            .getParent();
    Path log = Traffic.log("maven-exec");
    Path tmp =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), "maven-exec-");
    try (LocalStack stack = LocalStack.start()) {
      Traffic traffic = new Traffic(stack, 100);
      traffic.publish(300);

      List<String> pipelineOptions = new ArrayList<>();
      pipelineOptions.add("--runner=FlinkRunner");
      pipelineOptions.add("--flinkMaster=[local]");
      pipelineOptions.add("--streaming=true");
      pipelineOptions.add("--checkpointingInterval=2000");
      pipelineOptions.add("--parallelism=1");
      pipelineOptions.addAll(traffic.pipelineOptions());
      ProcessBuilder builder =
          new ProcessBuilder(mavenCommand(root, String.join(" ", pipelineOptions)))
              .directory(root.toFile());
      builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
      builder.environment().put("MAVEN_OPTS", "-Djava.io.tmpdir=" + tmp);
      Path forkTmp = root.resolve("pipeline").resolve("target");
      java.util.Set<Path> before = scratchFiles(forkTmp);
      Process maven = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        Traffic.await(
            "rows in transacoes", () -> traffic.rows() > 0, maven::isAlive, FIRST_ROWS, log);
      } finally {
        Traffic.stop(maven);
        // What Flink left in the fork's java.io.tmpdir (flink-web-upload, minicluster_*).
        for (Path left : scratchFiles(forkTmp)) {
          if (!before.contains(left)) {
            deleteTree(left);
          }
        }
      }
      assertThat(traffic.rows()).isPositive();
    } finally {
      deleteTree(tmp);
    }
  }

  /** {@code mvn} of this build's Maven, on its repository, offline when this build is. */
  private static List<String> mavenCommand(Path root, String execArgs) {
    String home = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
    String mvn = home == null ? "mvn" : Path.of(home, "bin", "mvn").toString();
    List<String> command = new ArrayList<>(List.of(mvn, "-B", "-Dstyle.color=never"));
    if ("offline=true".equals(System.getProperty("maven.offline"))) {
      command.add("-o");
    }
    String repository = System.getProperty("maven.repo.local");
    if (repository != null && !repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    command.addAll(
        List.of(
            "-f",
            root.resolve("pom.xml").toString(),
            "-pl",
            "pipeline",
            "-am",
            "-Dspotless.check.skip=true",
            "test-compile",
            "exec:exec",
            "-Pflink-runner",
            "-Dexec.args=" + execArgs));
    return command;
  }

  /** The runners' scratch files in {@code directory}, by the names they take. */
  private static java.util.Set<Path> scratchFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return java.util.Set.of();
    }
    try (var paths = Files.list(directory)) {
      return paths
          .filter(
              path ->
                  path.getFileName()
                      .toString()
                      .matches("(flink-|minicluster_|blockmgr-|spark-|liblz4-java-|snappy-).*"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
