package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    List<ProcessHandle> processes = new ArrayList<>();
    Path work;
    try (SparkCluster spark =
        SparkCluster.builder(HOME).workers(2).masterPort(0).webUiPort(0).restPort(0).start()) {
      work = spark.workDirectory();
      assertThat(spark.aliveWorkers()).isEqualTo(2);
      assertThat(spark.workerWebUis())
          .hasSize(2)
          .allMatch(ui -> ui.startsWith("http://127.0.0.1:"));
      for (String ui : spark.workerWebUis()) {
        assertThat(Clusters.get(ui + "/json/")).contains("\"cores\" : 1");
      }
      assertThat(Clusters.get(spark.webUi() + "/"))
          .contains("Spark Master at " + spark.masterUrl());
      processes.add(spark.master().handle());
      spark.workers().forEach(daemon -> processes.add(daemon.handle()));
      assertThat(processes.stream().map(ProcessHandle::pid).distinct()).hasSize(3);
      assertThat(spark.applications()).isEmpty();

      spark.killWorker(1);
      Clusters.await(
          Duration.ofSeconds(90),
          () -> spark.aliveWorkers() == 1,
          "the master counts one worker after the other was killed");
      int replacement = spark.startWorker();
      processes.add(spark.workers().get(replacement).handle());
      Clusters.await(
          Duration.ofSeconds(120),
          () -> spark.aliveWorkers() == 2,
          "two workers ALIVE after one was killed and another started");
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(work).doesNotExist();
  }

  @Test
  void aPortInUseIsRefusedNamingItsOptionAndNothingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Long> before = Clusters.javaProcesses();
      assertThatThrownBy(
              () ->
                  SparkCluster.builder(HOME)
                      .masterPort(taken.getLocalPort())
                      .webUiPort(0)
                      .restPort(0)
                      .start())
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Spark master port " + taken.getLocalPort())
          .extracting(e -> ((PortInUseException) e).option())
          .isEqualTo("--master-port");
      assertThat(Clusters.javaProcesses()).isEqualTo(before);
    }
  }
}
