package io.bankstream.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the Flink, Spark and YARN clusters on this machine share: a work directory with the daemons'
 * logs in its {@code log/}, the REST API of the daemon that leads the others, and a {@link #close}
 * that stops the daemons once and then deletes a temporary work directory. A cluster starts its
 * daemons in {@link #startDaemons} (called by {@link ClusterBuilder#start}) and stops them in
 * {@link #stopDaemons}.
 */
public abstract class LocalCluster implements AutoCloseable {

  /** How long a daemon may take to stop after SIGTERM before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  final WorkDirectory work;
  final Path logs;
  final Rest rest;
  private boolean closed;

  /** A cluster on {@code work} whose leading daemon answers REST on 127.0.0.1:{@code restPort}. */
  LocalCluster(WorkDirectory work, int restPort) {
    this.work = work;
    this.logs = work.subdirectory("log");
    this.rest = new Rest("http://127.0.0.1:" + restPort);
  }

  /** Starts every daemon and returns once they are up; throws if one does not come up. */
  abstract void startDaemons();

  /** Stops every daemon started so far, in the order the cluster needs. */
  abstract void stopDaemons();

  /** Stops {@code daemon}, if it was started, within {@link #STOP_GRACE}. */
  static void stop(Daemon daemon) {
    if (daemon != null) {
      daemon.stop(STOP_GRACE);
    }
  }

  /** Where the daemons' logs are. */
  public Path logDirectory() {
    return logs;
  }

  public Path workDirectory() {
    return work.path();
  }

  /** Stops the daemons (once, however often it is called); deletes a temporary work directory. */
  @Override
  public final synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopDaemons();
    work.release();
  }
}
