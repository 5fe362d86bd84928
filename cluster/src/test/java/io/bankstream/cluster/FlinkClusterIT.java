package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.Clusters.Leftovers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real Flink session cluster from the distribution {@code cluster/flink-dist} assembles: the
 * JobManager and two TaskManagers come up as processes of their own and register, the REST API and
 * web UI answer, a killed TaskManager is replaced by a new one, a port in use is refused naming its
 * option before anything starts, and closing leaves no process and no directory behind.
 */
class FlinkClusterIT {

  private static final Path HOME = Distributions.flinkHome(Clusters.root());

  @Test
  void startsRegistersReplacesATaskManagerAndLeavesNothingBehind() throws Exception {
    Leftovers leftovers = new Leftovers();
    try (FlinkCluster flink =
        FlinkCluster.builder(HOME).taskManagers(2).slots(2).restPort(0).rpcPort(0).start()) {
      leftovers.workDirectory(flink.workDirectory());
      assertThat(flink.registeredTaskManagers()).isEqualTo(2);
      assertThat(flink.taskManagers()).hasSize(2).allMatch(Daemon::isAlive);
      leftovers.add(flink.jobManager());
      flink.taskManagers().forEach(leftovers::add);
      assertThat(leftovers.distinctPids()).hasSize(3);
      assertThat(Clusters.get(flink.webUi() + "/config")).contains("\"flink-version\":\"1.19.1\"");
      assertThat(Clusters.get(flink.webUi() + "/")).contains("<html");
      assertThat(flink.jobs()).isEmpty();
      assertThat(flink.jobManager().residentMegabytes()).isBetween(50L, 1024L);

      flink.killTaskManager(0);
      assertThat(flink.taskManagers().get(0).isAlive()).isFalse();
      Clusters.await(
          FlinkCluster.HEARTBEAT_TIMEOUT.plusSeconds(30),
          () -> flink.registeredTaskManagers() == 1,
          "the JobManager counts one TaskManager after the other was killed");
      int replacement = flink.startTaskManager();
      leftovers.add(flink.taskManagers().get(replacement));
      Clusters.await(
          Duration.ofSeconds(90),
          () ->
              flink.registeredTaskManagers() == 2
                  && flink.taskManagers().get(replacement).isAlive(),
          "two TaskManagers registered after one was killed and another started");
    }
    leftovers.assertNoneLeft();
  }

  @Test
  void aPortInUseIsRefusedNamingItsOptionAndNothingStarts() throws Exception {
    Clusters.assertPortInUseRefused(
        port -> FlinkCluster.builder(HOME).restPort(port).rpcPort(0).start(),
        "Flink REST and web UI port",
        "--rest-port");
  }

  @Test
  void aNamedWorkDirectoryIsKeptWithTheLogs(@org.junit.jupiter.api.io.TempDir Path temp) {
    Path work = temp.resolve("flink");
    try (FlinkCluster flink =
        FlinkCluster.builder(HOME)
            .taskManagers(1)
            .restPort(0)
            .rpcPort(0)
            .workDirectory(work)
            .start()) {
      assertThat(flink.registeredTaskManagers()).isEqualTo(1);
    }
    assertThat(work.resolve("log/jobmanager.log")).isRegularFile();
    assertThat(work.resolve("log/taskmanager-1.log")).isRegularFile();
    assertThat(work.resolve("conf/flink-conf.yaml")).content().contains("state.checkpoints.dir");
    assertThat(Files.exists(work.resolve("checkpoints"))).isTrue();
  }
}
