package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.Clusters.Leftovers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone cluster from the distribution {@code cluster/spark-dist} assembles: the
 * master and two workers come up as processes of their own, the workers are ALIVE at the master
 * with their web UIs, a killed worker is replaced, a port in use is refused naming its option
 * before anything starts, and closing leaves no process and no directory behind.
 */
class SparkClusterIT {

  private static final Path HOME = Distributions.sparkHome(Clusters.root());

  @Test
  void startsRegistersReplacesAWorkerAndLeavesNothingBehind() throws Exception {
    Leftovers leftovers = new Leftovers();
    try (SparkCluster spark =
        SparkCluster.builder(HOME).workers(2).masterPort(0).webUiPort(0).restPort(0).start()) {
      leftovers.workDirectory(spark.workDirectory());
      assertThat(spark.aliveWorkers()).isEqualTo(2);
      assertThat(spark.workerWebUis())
          .hasSize(2)
          .allMatch(ui -> ui.startsWith("http://127.0.0.1:"));
      for (String ui : spark.workerWebUis()) {
        assertThat(Clusters.get(ui + "/json/")).contains("\"cores\" : 1");
      }
      assertThat(Clusters.get(spark.webUi() + "/"))
          .contains("Spark Master at " + spark.masterUrl());
      leftovers.add(spark.master());
      spark.workers().forEach(leftovers::add);
      assertThat(leftovers.distinctPids()).hasSize(3);
      assertThat(spark.applications()).isEmpty();

      spark.killWorker(1);
      Clusters.await(
          Duration.ofSeconds(90),
          () -> spark.aliveWorkers() == 1,
          "the master counts one worker after the other was killed");
      int replacement = spark.startWorker();
      leftovers.add(spark.workers().get(replacement));
      Clusters.await(
          Duration.ofSeconds(120),
          () -> spark.aliveWorkers() == 2,
          "two workers ALIVE after one was killed and another started");
    }
    leftovers.assertNoneLeft();
  }

  @Test
  void aPortInUseIsRefusedNamingItsOptionAndNothingStarts() throws Exception {
    Clusters.assertPortInUseRefused(
        port -> SparkCluster.builder(HOME).masterPort(port).webUiPort(0).restPort(0).start(),
        "Spark master port",
        "--master-port");
  }
}
