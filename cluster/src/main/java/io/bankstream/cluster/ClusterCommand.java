package io.bankstream.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream cluster flink|spark}: a real Flink session cluster or Spark standalone
 * cluster on 127.0.0.1 until Ctrl-C or SIGTERM, each daemon a process of its own; prints each
 * address and how to submit the pipeline to it, and says when a daemon ends unasked.
 */
@Command(
    name = "bankstream cluster",
    mixinStandardHelpOptions = true,
    version = "bankstream cluster 0.1.0",
    description =
        "Runs a real Flink session cluster or Spark standalone cluster on 127.0.0.1 until Ctrl-C,"
            + " from distributions assembled from Maven Central (cluster/flink-dist,"
            + " cluster/spark-dist). Every process it starts is stopped on Ctrl-C or SIGTERM.",
    subcommands = {ClusterCommand.Flink.class, ClusterCommand.Spark.class, YarnCommand.class})
public final class ClusterCommand implements Callable<Integer> {

  /** Exit code when the cluster cannot start: a port is taken or a daemon failed. */
  static final int EXIT_NOT_STARTED = 1;

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClusterCommand()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The repository the launcher runs from, where the distributions and scripts are. */
  static Path root() {
    String home = System.getenv("BANKSTREAM_HOME");
    return Path.of(home == null || home.isEmpty() ? "." : home).toAbsolutePath().normalize();
  }

  @Command(
      name = "flink",
      mixinStandardHelpOptions = true,
      description =
          "A Flink session cluster: one JobManager (REST API and web UI) and TaskManagers, each"
              + " a JVM of its own.",
      sortOptions = false)
  static final class Flink implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--taskmanagers",
        paramLabel = "<n>",
        defaultValue = "2",
        description = "TaskManagers to start (default: ${DEFAULT-VALUE}).")
    private int taskManagers;

    @Option(
        names = "--slots",
        paramLabel = "<n>",
        defaultValue = "2",
        description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
    private int slots;

    @Option(
        names = "--rest-port",
        paramLabel = "<port>",
        defaultValue = "${env:BANKSTREAM_FLINK_REST_PORT:-8081}",
        description =
            "The JobManager's REST API and web UI (env BANKSTREAM_FLINK_REST_PORT; default:"
                + " ${DEFAULT-VALUE}).")
    private int restPort;

    @Option(
        names = "--rpc-port",
        paramLabel = "<port>",
        defaultValue = "${env:BANKSTREAM_FLINK_RPC_PORT:-6123}",
        description = "The JobManager's RPC port (default: ${DEFAULT-VALUE}).")
    private int rpcPort;

    @Option(
        names = "--jobmanager-memory",
        paramLabel = "<size>",
        defaultValue = "1024m",
        description = "The JobManager's process size (default: ${DEFAULT-VALUE}).")
    private String jobManagerMemory;

    @Option(
        names = "--taskmanager-memory",
        paramLabel = "<size>",
        defaultValue = "1600m",
        description = "Each TaskManager's process size (default: ${DEFAULT-VALUE}).")
    private String taskManagerMemory;

    @Option(
        names = "--work-dir",
        paramLabel = "<dir>",
        description =
            "Keep configuration, logs and checkpoints here (default: a temporary directory,"
                + " deleted on exit).")
    private Path workDirectory;

    @Option(
        names = "--flink-home",
        paramLabel = "<dir>",
        description = "A Flink 1.19 distribution (default: the one cluster/flink-dist assembles).")
    private Path flinkHome;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path home = flinkHome != null ? flinkHome : Distributions.flinkHome(root());
      out.printf(
          "Starting a Flink %s session cluster: a JobManager and %d TaskManager%s with %d slot%s"
              + " each...%n",
          Distributions.version(home),
          taskManagers,
          taskManagers == 1 ? "" : "s",
          slots,
          slots == 1 ? "" : "s");
      out.flush();
      long started = System.nanoTime();
      FlinkCluster cluster =
          start(
              err,
              "the Flink cluster",
              () ->
                  FlinkCluster.builder(home)
                      .taskManagers(taskManagers)
                      .slots(slots)
                      .restPort(restPort)
                      .rpcPort(rpcPort)
                      .jobManagerMemory(jobManagerMemory)
                      .taskManagerMemory(taskManagerMemory)
                      .workDirectory(workDirectory)
                      .start());
      if (cluster == null) {
        return EXIT_NOT_STARTED;
      }
      out.printf(
          "%nbankstream Flink session cluster is up (%.1f s).%n",
          (System.nanoTime() - started) / 1e9);
      out.printf(
          "  JobManager     pid %-7d web UI and REST %s   RPC 127.0.0.1:%d   %s%n",
          cluster.jobManager().pid(), cluster.webUi(), cluster.rpcPort(), jobManagerMemory);
      for (Daemon taskManager : cluster.taskManagers()) {
        out.printf(
            "  %-14s pid %-7d %d slots   %s%n",
            taskManager.name(), taskManager.pid(), slots, taskManagerMemory);
      }
      out.printf("  Checkpoints    %s%n", cluster.checkpointDirectory().toUri());
      out.printf(
          "  Logs           %s%s%n",
          cluster.logDirectory(), workDirectory == null ? " (deleted on exit)" : "");
      out.printf("%nSubmit the pipeline from another terminal (./bankstream stack running):%n");
      out.printf(
          "  FLINK_HOME=%s FLINK_JOBMANAGER=%s \\%n"
              + "  BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"
              + " BANKSTREAM_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/bank"
              + " BANKSTREAM_REDIS_HOST=127.0.0.1 \\%n"
              + "    %s%n",
          home, cluster.restAddress(), root().resolve("deploy/flink-run.sh"));
      out.printf(
          "List and cancel jobs: %s/bin/flink list -m %s, ... cancel -m %s <job id>,"
              + " or the web UI.%n",
          home, cluster.restAddress(), cluster.restAddress());
      runUntilStopped(out, cluster::close, cluster::jobManager, cluster::taskManagers);
      return 0;
    }
  }

  @Command(
      name = "spark",
      mixinStandardHelpOptions = true,
      description =
          "A Spark standalone cluster: a master (web UI, REST submission server) and workers, each"
              + " a JVM of its own; the workers start executors for each application.",
      sortOptions = false)
  static final class Spark implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--workers",
        paramLabel = "<n>",
        defaultValue = "2",
        description = "Workers to start (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(
        names = "--worker-cores",
        paramLabel = "<n>",
        defaultValue = "1",
        description = "Cores each worker offers (default: ${DEFAULT-VALUE}).")
    private int workerCores;

    @Option(
        names = "--worker-memory",
        paramLabel = "<size>",
        defaultValue = "1g",
        description = "Memory each worker offers its executors (default: ${DEFAULT-VALUE}).")
    private String workerMemory;

    @Option(
        names = "--master-port",
        paramLabel = "<port>",
        defaultValue = "${env:BANKSTREAM_SPARK_MASTER_PORT:-7077}",
        description =
            "The master's port (env BANKSTREAM_SPARK_MASTER_PORT; default: ${DEFAULT-VALUE}).")
    private int masterPort;

    @Option(
        names = "--webui-port",
        paramLabel = "<port>",
        defaultValue = "${env:BANKSTREAM_SPARK_WEBUI_PORT:-8080}",
        description =
            "The master's web UI (env BANKSTREAM_SPARK_WEBUI_PORT; default: ${DEFAULT-VALUE}).")
    private int webUiPort;

    @Option(
        names = "--rest-port",
        paramLabel = "<port>",
        defaultValue = "6066",
        description =
            "The master's REST submission server, for cluster deploy mode (default:"
                + " ${DEFAULT-VALUE}).")
    private int restPort;

    @Option(
        names = "--work-dir",
        paramLabel = "<dir>",
        description =
            "Keep logs and the workers' directories here (default: a temporary directory,"
                + " deleted on exit).")
    private Path workDirectory;

    @Option(
        names = "--spark-home",
        paramLabel = "<dir>",
        description =
            "A Spark 3.5 (Scala 2.12) distribution (default: the one cluster/spark-dist"
                + " assembles).")
    private Path sparkHome;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path home = sparkHome != null ? sparkHome : Distributions.sparkHome(root());
      out.printf(
          "Starting a Spark %s standalone cluster: a master and %d worker%s of %d core%s and %s"
              + " each...%n",
          Distributions.version(home),
          workers,
          workers == 1 ? "" : "s",
          workerCores,
          workerCores == 1 ? "" : "s",
          workerMemory);
      out.flush();
      long started = System.nanoTime();
      SparkCluster cluster =
          start(
              err,
              "the Spark cluster",
              () ->
                  SparkCluster.builder(home)
                      .workers(workers)
                      .workerCores(workerCores)
                      .workerMemory(workerMemory)
                      .masterPort(masterPort)
                      .webUiPort(webUiPort)
                      .restPort(restPort)
                      .workDirectory(workDirectory)
                      .start());
      if (cluster == null) {
        return EXIT_NOT_STARTED;
      }
      out.printf(
          "%nbankstream Spark standalone cluster is up (%.1f s).%n",
          (System.nanoTime() - started) / 1e9);
      out.printf(
          "  Master         pid %-7d %s   web UI %s   REST %s%n",
          cluster.master().pid(), cluster.masterUrl(), cluster.webUi(), cluster.restUrl());
      List<String> uis = cluster.workerWebUis();
      List<Daemon> daemons = cluster.workers();
      for (int i = 0; i < daemons.size(); i++) {
        out.printf(
            "  %-14s pid %-7d %d core%s, %s   web UI %s%n",
            daemons.get(i).name(),
            daemons.get(i).pid(),
            workerCores,
            workerCores == 1 ? "" : "s",
            workerMemory,
            i < uis.size() ? uis.get(i) : "(see the master's page)");
      }
      out.printf(
          "  Logs           %s%s%n",
          cluster.logDirectory(), workDirectory == null ? " (deleted on exit)" : "");
      out.printf("%nSubmit the pipeline from another terminal (./bankstream stack running):%n");
      // The job's checkpoints and the driver's scratch files in the cluster's directory, as the
      // tests submit: else Beam checkpoints to /tmp/<job name> and Spark leaves blockmgr-* there.
      Path work = cluster.workDirectory();
      out.printf(
          "  SPARK_HOME=%s SPARK_MASTER=%s \\%n"
              + "  BANKSTREAM_SPARK_CHECKPOINT_DIR=%s SPARK_LOCAL_DIRS=%s \\%n"
              + "  BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"
              + " BANKSTREAM_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/bank"
              + " BANKSTREAM_REDIS_HOST=127.0.0.1 \\%n"
              + "    %s%n",
          home,
          cluster.masterUrl(),
          work.resolve("checkpoints").toUri(),
          work.resolve("tmp"),
          root().resolve("deploy/spark-submit.sh"));
      runUntilStopped(out, cluster::close, cluster::master, cluster::workers);
      return 0;
    }
  }

  /**
   * The cluster {@code start} starts, or null after one {@code error:} line on {@code err}: a port
   * in use names the option that changes it; any other failure says what did not start and why.
   */
  static <T> T start(PrintWriter err, String what, java.util.function.Supplier<T> start) {
    try {
      return start.get();
    } catch (PortInUseException e) {
      err.printf(
          "error: %s. Stop what uses it, or choose another port with %s <port>.%n",
          e.getMessage(), e.option());
    } catch (RuntimeException e) {
      err.printf("error: %s did not start: %s%n", what, e.getMessage());
    }
    return null;
  }

  /**
   * Waits for Ctrl-C or SIGTERM, then runs {@code stop}; meanwhile says once when a daemon ends
   * without being asked to (a crash, a kill from outside).
   */
  static void runUntilStopped(
      PrintWriter out,
      Runnable stop,
      java.util.function.Supplier<Daemon> head,
      java.util.function.Supplier<List<Daemon>> others)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread watcher =
        new Thread(
            () -> {
              List<Daemon> reported = new ArrayList<>();
              while (stopped.getCount() > 0) {
                List<Daemon> all = new ArrayList<>(others.get());
                all.add(0, head.get());
                for (Daemon daemon : all) {
                  if (!daemon.isAlive() && !reported.contains(daemon)) {
                    reported.add(daemon);
                    out.printf(
                        "%s (pid %d) exited with %d; its logs are in %s%n",
                        daemon.name(), daemon.pid(), daemon.exitValue(), daemon.log().getParent());
                    out.flush();
                  }
                }
                try {
                  Thread.sleep(Duration.ofSeconds(2).toMillis()); // A watch, not a condition.
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bankstream-cluster-watch");
    watcher.setDaemon(true);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  watcher.interrupt();
                  out.println("Stopping the cluster...");
                  out.flush();
                  stop.run();
                  out.println("Stopped.");
                  out.flush();
                },
                "bankstream-cluster-shutdown"));
    out.printf("Press Ctrl-C to stop every process of the cluster.%n");
    out.flush();
    watcher.start();
    stopped.await();
  }
}
