package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real one-node YARN from the distribution {@code cluster/yarn-dist} assembles: Hadoop's own
 * ResourceManager and NodeManager come up as processes of their own, the ResourceManager's REST API
 * answers and counts the NodeManager RUNNING with the memory it was given, the clients'
 * configuration names this cluster, a port in use is refused naming its option before anything
 * starts, and closing leaves no process and no directory behind.
 */
class YarnClusterIT {

  private static final Path HOME = Distributions.yarnHome(Clusters.root());

  @Test
  void startsRegistersTheNodeManagerAndLeavesNothingBehind() throws Exception {
    List<ProcessHandle> processes = new ArrayList<>();
    Path work;
    try (YarnCluster yarn =
        YarnCluster.builder(HOME)
            .resourceManagerPort(0)
            .schedulerPort(0)
            .resourceTrackerPort(0)
            .adminPort(0)
            .webUiPort(0)
            .start()) {
      work = yarn.workDirectory();
      System.out.printf(
          "YarnClusterIT: ResourceManager and NodeManager RUNNING in %d ms; RSS RM %d MB, NM %d"
              + " MB%n",
          yarn.startTime().toMillis(),
          yarn.resourceManager().residentMegabytes(),
          yarn.nodeManager().residentMegabytes());
      processes.add(yarn.resourceManager().handle());
      processes.add(yarn.nodeManager().handle());
      assertThat(processes).allMatch(ProcessHandle::isAlive);
      assertThat(processes.stream().map(ProcessHandle::pid).distinct()).hasSize(2);

      assertThat(Clusters.get(yarn.webUi() + "/ws/v1/cluster/info")).contains("\"STARTED\"");
      assertThat(yarn.runningNodes()).isEqualTo(1);
      String nodes = Clusters.get(yarn.webUi() + "/ws/v1/cluster/nodes");
      assertThat(nodes).contains("\"state\":\"RUNNING\"").contains("\"availMemoryMB\":3072");
      assertThat(yarn.applications()).isEmpty();
      assertThat(yarn.containerProcesses()).isEmpty();
      assertThat(yarn.kill("application_1_0001")).as("killing an unknown application").isFalse();

      assertThat(Files.readString(yarn.confDirectory().resolve("yarn-site.xml")))
          .contains(
              "<name>yarn.resourcemanager.address</name><value>"
                  + yarn.resourceManagerAddress()
                  + "</value>")
          .contains(work.resolve("nm-local").toString());
      assertThat(Files.readString(yarn.sparkConfDirectory().resolve("spark-defaults.conf")))
          .contains("spark.yarn.stagingDir " + work.resolve("spark-staging").toUri());
      assertThat(Files.readString(yarn.flinkConfDirectory().resolve("flink-conf.yaml")))
          .contains("yarn.flink-dist-jar: " + HOME.resolve("flink/dist"));
      assertThat(yarn.clientEnvironment())
          .containsEntry("HADOOP_CONF_DIR", yarn.confDirectory().toString())
          .containsEntry("FLINK_CONF_DIR", yarn.flinkConfDirectory().toString());
      assertThat(yarn.clientEnvironment().get("PATH"))
          .startsWith(HOME.resolve("spark/bin") + ":" + HOME.resolve("flink/bin") + ":");
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
                  YarnCluster.builder(HOME)
                      .resourceManagerPort(0)
                      .schedulerPort(0)
                      .resourceTrackerPort(0)
                      .adminPort(0)
                      .webUiPort(taken.getLocalPort())
                      .start())
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("YARN ResourceManager web UI port " + taken.getLocalPort())
          .extracting(e -> ((PortInUseException) e).option())
          .isEqualTo("--webui-port");
      assertThat(Clusters.javaProcesses()).isEqualTo(before);
    }
  }
}
