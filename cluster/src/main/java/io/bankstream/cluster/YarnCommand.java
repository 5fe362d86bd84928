package io.bankstream.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream cluster yarn}: a one-node YARN (Hadoop's own ResourceManager and NodeManager,
 * each a process of its own) on 127.0.0.1 until Ctrl-C or SIGTERM; prints the ResourceManager's web
 * UI, the environment a client needs and the EMR steps' commands to submit the pipeline with, and
 * stops both daemons and every container they run when it ends.
 */
@Command(
    name = "yarn",
    mixinStandardHelpOptions = true,
    description =
        "A one-node YARN, the engine under Amazon EMR: Hadoop's ResourceManager and NodeManager,"
            + " each a JVM of its own; spark-submit --master yarn and flink run -m yarn-cluster"
            + " submit to it.",
    sortOptions = false)
final class YarnCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--node-memory",
      paramLabel = "<MB>",
      defaultValue = "3072",
      description =
          "Memory the NodeManager offers containers, in MB (default: ${DEFAULT-VALUE}; the"
              + " clients ask for containers of 1 GB).")
  private int nodeMemoryMb;

  @Option(
      names = "--rm-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_YARN_RM_PORT:-8032}",
      description =
          "The ResourceManager's client port (env BANKSTREAM_YARN_RM_PORT; default:"
              + " ${DEFAULT-VALUE}).")
  private int resourceManagerPort;

  @Option(
      names = "--webui-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_YARN_WEBUI_PORT:-8088}",
      description =
          "The ResourceManager's web UI and REST API (env BANKSTREAM_YARN_WEBUI_PORT; default:"
              + " ${DEFAULT-VALUE}).")
  private int webUiPort;

  @Option(
      names = "--scheduler-port",
      paramLabel = "<port>",
      defaultValue = "8030",
      description = "The ResourceManager's scheduler port (default: ${DEFAULT-VALUE}).")
  private int schedulerPort;

  @Option(
      names = "--tracker-port",
      paramLabel = "<port>",
      defaultValue = "8031",
      description = "The ResourceManager's resource tracker port (default: ${DEFAULT-VALUE}).")
  private int trackerPort;

  @Option(
      names = "--admin-port",
      paramLabel = "<port>",
      defaultValue = "8033",
      description = "The ResourceManager's admin port (default: ${DEFAULT-VALUE}).")
  private int adminPort;

  @Option(
      names = "--work-dir",
      paramLabel = "<dir>",
      description =
          "Keep configuration, logs and the containers' files here (default: a temporary"
              + " directory, deleted on exit).")
  private Path workDirectory;

  @Option(
      names = "--yarn-home",
      paramLabel = "<dir>",
      description = "A YARN distribution (default: the one cluster/yarn-dist assembles).")
  private Path yarnHome;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (nodeMemoryMb < 1024) {
      err.printf("error: --node-memory must be at least 1024 (MB), was %d%n", nodeMemoryMb);
      return 2;
    }
    Path home;
    try {
      home = yarnHome != null ? yarnHome : Distributions.yarnHome(ClusterCommand.root());
    } catch (ClusterStartException e) {
      err.printf("error: %s%n", e.getMessage());
      return ClusterCommand.EXIT_NOT_STARTED;
    }
    out.printf(
        "Starting YARN %s: a ResourceManager and a NodeManager of %d MB...%n",
        Distributions.version(home), nodeMemoryMb);
    out.flush();
    YarnCluster cluster =
        ClusterCommand.start(
            err,
            "YARN",
            () ->
                YarnCluster.builder(home)
                    .nodeMemoryMb(nodeMemoryMb)
                    .resourceManagerPort(resourceManagerPort)
                    .webUiPort(webUiPort)
                    .schedulerPort(schedulerPort)
                    .resourceTrackerPort(trackerPort)
                    .adminPort(adminPort)
                    .workDirectory(workDirectory)
                    .start());
    if (cluster == null) {
      return ClusterCommand.EXIT_NOT_STARTED;
    }
    out.printf("%nbankstream YARN is up (%.1f s).%n", cluster.startTime().toMillis() / 1e3);
    out.printf(
        "  ResourceManager pid %-7d %s   web UI and REST %s%n",
        cluster.resourceManager().pid(), cluster.resourceManagerAddress(), cluster.webUi());
    out.printf(
        "  NodeManager     pid %-7d %d MB for containers%n",
        cluster.nodeManager().pid(), nodeMemoryMb);
    out.printf(
        "  Logs            %s (containers: %s)%s%n",
        cluster.logDirectory(),
        cluster.containerLogDirectory(),
        workDirectory == null ? ", deleted on exit" : "");
    out.printf("%nIn another terminal, the environment of a client (an EMR primary node):%n");
    for (Map.Entry<String, String> variable : cluster.clientEnvironment().entrySet()) {
      String value = variable.getValue();
      if (variable.getKey().equals("PATH")) {
        value =
            cluster.sparkHome().resolve("bin")
                + ":"
                + cluster.flinkHome().resolve("bin")
                + ":$PATH";
      }
      out.printf("  export %s='%s'%n", variable.getKey(), value);
    }
    out.printf(
        "Then the commands of the EMR steps (./bankstream stack running):%n"
            + "  BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092"
            + " BANKSTREAM_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/bank"
            + " BANKSTREAM_REDIS_HOST=127.0.0.1 \\%n"
            + "    %s --dry-run --kind spark --cluster-id j-LOCAL --jar s3://local/bankstream-pipeline-spark.jar%n"
            + "  and run the step's Args it prints (spark-submit --deploy-mode cluster --master yarn"
            + " ...) with runners/spark/target/bankstream-pipeline-spark.jar in place of the s3://"
            + " jar; for --kind flink, the Args from flink run -m yarn-cluster -d ... on.%n",
        ClusterCommand.root().resolve("deploy/emr/submit-emr.sh"));
    out.printf(
        "List and kill applications: the web UI, or curl %s/ws/v1/cluster/apps and curl -X PUT"
            + " -H 'Content-Type: application/json' -d '{\"state\":\"KILLED\"}'"
            + " %s/ws/v1/cluster/apps/<id>/state%n",
        cluster.webUi(), cluster.webUi());
    ClusterCommand.runUntilStopped(
        out, cluster::close, cluster::resourceManager, () -> List.of(cluster.nodeManager()));
    return 0;
  }
}
