package io.bankstream.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every cluster's builder shares: the distribution's home, the work directory and the start
 * timeout, and {@link #start}, which checks the settings and the distribution, claims the ports,
 * takes the work directory and starts the daemons; if one does not come up, every one started is
 * stopped (and a temporary work directory deleted) before the error goes on.
 *
 * @param <B> the builder itself, so that every setter returns it
 * @param <C> the cluster it starts
 */
public abstract class ClusterBuilder<B extends ClusterBuilder<B, C>, C extends LocalCluster> {

  final Path home;
  private final String workPrefix;
  Path workDirectory;
  Duration startTimeout = Duration.ofMinutes(2);

  /**
   * A builder for the distribution at {@code home}; a temporary work directory is {@code prefix*}.
   */
  ClusterBuilder(Path home, String workPrefix) {
    this.home = home.toAbsolutePath();
    this.workPrefix = workPrefix;
  }

  /**
   * Keep configuration, logs and the daemons' files here (default: a temporary directory, deleted
   * when the cluster stops).
   */
  public B workDirectory(Path directory) {
    this.workDirectory = directory;
    return self();
  }

  /** How long to wait for every daemon to come up (default 2 minutes). */
  public B startTimeout(Duration timeout) {
    this.startTimeout = timeout;
    return self();
  }

  /**
   * Starts the daemons and returns once every one is up: every Flink TaskManager registered with
   * the JobManager, every Spark worker ALIVE at the master, the YARN NodeManager RUNNING at the
   * ResourceManager.
   *
   * @throws IllegalArgumentException if the settings cannot make a cluster (nothing is started)
   * @throws PortInUseException if a port is taken (nothing is started then)
   * @throws ClusterStartException if a daemon does not come up (every one started is stopped)
   */
  public C start() {
    Function<WorkDirectory, C> create = claimPorts();
    C cluster = create.apply(WorkDirectory.of(workDirectory, workPrefix));
    try {
      cluster.startDaemons();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Checks the settings and the distribution, claims the ports, and returns how to make the cluster
   * on its work directory with them.
   */
  abstract Function<WorkDirectory, C> claimPorts();

  /**
   * Throws unless {@code found}: no {@code engine} distribution at {@code home} (no {@code
   * missing}), with the Maven command that builds {@code module}.
   */
  void requireDistribution(boolean found, String engine, String missing, String module) {
    if (!found) {
      throw new ClusterStartException(
          "no "
              + engine
              + " distribution at "
              + home
              + " (no "
              + missing
              + "): build it with `mvn -B -DskipTests package -pl "
              + module
              + "`");
    }
  }

  @SuppressWarnings("unchecked") // B is the subclass itself, by the declaration of every subclass.
  private B self() {
    return (B) this;
  }
}
