package io.bankstream.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.RunnerProcess;
import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's bundled jar on Flink embedded, started as {@code ./bankstream pipeline --runner
 * flink} starts it ({@link RunnerProcess#command}), leaves nothing in the temporary directory once
 * stopped with SIGTERM: Flink's scratch files ({@code flink-io-*}, {@code flink-rpc-akka*.jar},
 * {@code minicluster_*}, ...) went to the run's own {@code bankstream-run-*} directory, which
 * {@link RunnerProcess#removeRunFiles} deletes.
 */
class PipelineScratchIT {

  // Bounds that only stop a hung run: Flink embedded writes its first rows in about 20 s here.
  private static final Duration FIRST_ROWS = Duration.ofMinutes(3);

  @Test
  void aFlinkRunStoppedWithSigtermLeavesNothingInTheTemporaryDirectory() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    Path runnersDir = Path.of(System.getProperty("bankstream.runners.dir", "../../runners"));
    Path log = Traffic.log("pipeline-scratch");
    try (LocalStack stack = LocalStack.start()) {
      Traffic traffic = new Traffic(stack, 100);
      traffic.publish(300);
      Set<Path> before = entries(tmp);

      ProcessBuilder builder =
          RunnerProcess.command(Runner.FLINK, runnersDir, 1, traffic.pipelineOptions());
      Path scratch = scratchDirectory(builder);
      builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
      Process pipeline = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      List<String> duringTheRun;
      try {
        Traffic.await(
            "rows in transacoes", () -> traffic.rows() > 0, pipeline::isAlive, FIRST_ROWS, log);
        duringTheRun = names(scratch);
      } finally {
        Traffic.stop(pipeline);
        RunnerProcess.removeRunFiles(builder);
      }

      assertThat(duringTheRun)
          .as("Flink's scratch files, in the run's own directory while it ran")
          .anyMatch(name -> name.startsWith("flink-") || name.startsWith("minicluster_"));
      assertThat(scratch).doesNotExist();
      Set<Path> after = entries(tmp);
      after.removeAll(before);
      assertThat(after).as("new entries in " + tmp).isEmpty();
    }
  }

  /** The {@code -Djava.io.tmpdir=} RunnerProcess gave the command. */
  private static Path scratchDirectory(ProcessBuilder builder) {
    return builder.command().stream()
        .filter(argument -> argument.startsWith("-Djava.io.tmpdir="))
        .map(argument -> Path.of(argument.substring("-Djava.io.tmpdir=".length())))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no -Djava.io.tmpdir in " + builder.command()));
  }

  private static Set<Path> entries(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.collect(Collectors.toCollection(java.util.HashSet::new));
    }
  }

  private static List<String> names(Path directory) throws IOException {
    List<String> names = new ArrayList<>();
    entries(directory).forEach(path -> names.add(path.getFileName().toString()));
    return names;
  }
}
