package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.Clusters.Leftovers;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Leftovers leftovers = new Leftovers();
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
      leftovers.workDirectory(work);
      System.out.printf(
          "YarnClusterIT: ResourceManager and NodeManager RUNNING in %d ms; RSS RM %d MB, NM %d"
              + " MB%n",
          yarn.startTime().toMillis(),
          yarn.resourceManager().residentMegabytes(),
          yarn.nodeManager().residentMegabytes());
      leftovers.add(yarn.resourceManager());
      leftovers.add(yarn.nodeManager());
      assertThat(leftovers.processes()).allMatch(ProcessHandle::isAlive);
      assertThat(leftovers.distinctPids()).hasSize(2);

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
    leftovers.assertNoneLeft();
  }

  @Test
  void aPortInUseIsRefusedNamingItsOptionAndNothingStarts() throws Exception {
    Clusters.assertPortInUseRefused(
        port ->
            YarnCluster.builder(HOME)
                .resourceManagerPort(0)
                .schedulerPort(0)
                .resourceTrackerPort(0)
                .adminPort(0)
                .webUiPort(port)
                .start(),
        "YARN ResourceManager web UI port",
        "--webui-port");
  }
}
