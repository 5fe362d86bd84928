package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.cluster.RunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContenderTest {

  @Test
  void namesAreTheCommandLinesAnyCase() {
    assertThat(Contender.named("floor")).isEqualTo(Contender.FLOOR);
    assertThat(Contender.named(" Flink")).isEqualTo(Contender.FLINK);
    assertThatThrownBy(() -> Contender.named("samza"))
        .hasMessageContaining("unknown contender 'samza'")
        .hasMessageContaining("floor, direct, flink, spark");
  }

  @Test
  void theFloorRunsFromThisClasspathWithTheSameHeapAndOptions() {
    List<String> command =
        Contender.FLOOR.command(Path.of("runners"), 2, "4g", List.of("--topic=t")).command();

    assertThat(command.get(1)).isEqualTo("-Xmx4g");
    assertThat(command)
        .containsSubsequence(
            "-cp",
            System.getProperty("java.class.path"),
            "io.bankstream.bench.floor.FloorConsumer",
            "--topic=t");
  }

  @Test
  void aRunnerRunsItsBundledJarWithItsRunnerOptionsAndTheHeap(@TempDir Path runners)
      throws Exception {
    Path jar = runners.resolve("flink/target/bankstream-pipeline-flink.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);

    ProcessBuilder builder = Contender.FLINK.command(runners, 2, "2g", List.of("--topic=t"));
    RunnerProcess.removeRunFiles(builder); // The run's scratch directory, made with the command.
    List<String> command = builder.command();

    assertThat(command.get(1)).isEqualTo("-Xmx2g");
    assertThat(command)
        .contains(jar.toString(), "--runner=FlinkRunner", "--parallelism=2", "--topic=t");
  }

  @Test
  void aRunnerWhoseJvmOptionsSetAHeapKeepsIt(@TempDir Path runners) throws Exception {
    Path spark = runners.resolve("spark");
    Path jar = spark.resolve("target/bankstream-pipeline-spark.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);
    Files.writeString(spark.resolve("target/spark-classpath.txt"), "spark.jar\n");
    Files.writeString(spark.resolve("jvm.options"), "# the heap\n-Xmx1500m\n-XX:+UseG1GC\n");

    ProcessBuilder builder = Contender.SPARK.command(runners, 2, "4g", List.of("--topic=t"));
    RunnerProcess.removeRunFiles(builder);
    List<String> command = builder.command();

    assertThat(command).contains("-Xmx1500m", "-XX:+UseG1GC").doesNotContain("-Xmx4g");
    assertThat(command.stream().filter(argument -> argument.startsWith("-Xmx"))).hasSize(1);
  }
}
