package io.bankstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A one-node YARN on this machine, the engine under Amazon EMR: Hadoop's own ResourceManager and
 * NodeManager, each a JVM of its own started from the jars {@code cluster/yarn-dist} assembles, on
 * 127.0.0.1 with the local file system for staging (no HDFS). The NodeManager offers a few GB to
 * containers and starts a JVM per container: a Spark driver (in its ApplicationMaster) and its
 * executors for {@code spark-submit --master yarn --deploy-mode cluster}, a Flink JobManager and
 * TaskManagers for {@code flink run -m yarn-cluster}. Besides the daemons' configuration it writes
 * the clients' ({@link #clientEnvironment}): a Spark {@code spark-defaults.conf} and a Flink {@code
 * flink-conf.yaml} sized for that node, as an EMR cluster's configuration provides them. Every
 * directory (Hadoop's tmp, the NodeManager's local and log directories, the staging directories) is
 * in its work directory.
 *
 * <pre>{@code
 * try (YarnCluster yarn = YarnCluster.builder(yarnHome).start()) {
 *   yarn.clientEnvironment();     // HADOOP_CONF_DIR, SPARK_HOME, FLINK_HOME, PATH ... for clients
 *   yarn.applications();          // what the ResourceManager runs, from its REST API
 *   yarn.kill(applicationId);
 * }                               // NodeManager (and every container), then ResourceManager
 * }</pre>
 */
public final class YarnCluster extends LocalCluster {

  private static final String RESOURCE_MANAGER_MAIN =
      "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager";
  private static final String NODE_MANAGER_MAIN =
      "org.apache.hadoop.yarn.server.nodemanager.NodeManager";

  private final Builder settings;
  private final ClaimedPorts ports;
  private Daemon resourceManager;
  private Daemon nodeManager;
  private Duration startTime;

  /** The ResourceManager's ports. */
  record ClaimedPorts(int rm, int scheduler, int tracker, int admin, int webUi) {}

  private YarnCluster(Builder settings, WorkDirectory work, ClaimedPorts ports) {
    super(work, ports.webUi());
    this.settings = settings;
    this.ports = ports;
  }

  /**
   * A cluster from the YARN distribution at {@code yarnHome} (its {@code hadoop/}, {@code spark/},
   * {@code flink/}): {@link Distributions#yarnHome}.
   */
  public static Builder builder(Path yarnHome) {
    return new Builder(yarnHome);
  }

  /** What to start: the NodeManager's memory and cores, the ports, the directory. */
  public static final class Builder extends ClusterBuilder<Builder, YarnCluster> {
    private int nodeMemoryMb = 3072;
    private int nodeVcores = 4;
    private int resourceManagerPort = 8032;
    private int schedulerPort = 8030;
    private int resourceTrackerPort = 8031;
    private int adminPort = 8033;
    private int webUiPort = 8088;

    private Builder(Path home) {
      super(home.toAbsolutePath().normalize(), "bankstream-yarn-");
    }

    /**
     * Memory the NodeManager offers its containers, in MB (default 3072: three containers of 1 GB,
     * which is what the clients' defaults ask for: a driver or JobManager and an executor or
     * TaskManager of 1 GB each).
     */
    public Builder nodeMemoryMb(int megabytes) {
      this.nodeMemoryMb = megabytes;
      return this;
    }

    /** Virtual cores the NodeManager offers (default 4; YARN does not pin them to real cores). */
    public Builder nodeVcores(int vcores) {
      this.nodeVcores = vcores;
      return this;
    }

    /** The ResourceManager's client port, where applications are submitted (default 8032). */
    public Builder resourceManagerPort(int port) {
      this.resourceManagerPort = port;
      return this;
    }

    /** The ResourceManager's scheduler port, for ApplicationMasters (default 8030). */
    public Builder schedulerPort(int port) {
      this.schedulerPort = port;
      return this;
    }

    /** The ResourceManager's resource tracker port, for NodeManagers (default 8031). */
    public Builder resourceTrackerPort(int port) {
      this.resourceTrackerPort = port;
      return this;
    }

    /** The ResourceManager's admin port (default 8033). */
    public Builder adminPort(int port) {
      this.adminPort = port;
      return this;
    }

    /** The ResourceManager's web UI and REST API (default 8088). Every port: 0 picks a free one. */
    public Builder webUiPort(int port) {
      this.webUiPort = port;
      return this;
    }

    @Override
    Function<WorkDirectory, YarnCluster> claimPorts() {
      if (nodeMemoryMb < 1024 || nodeVcores < 1) {
        throw new IllegalArgumentException(
            "the NodeManager needs at least 1024 MB and one core, was "
                + nodeMemoryMb
                + " MB and "
                + nodeVcores);
      }
      requireDistribution(
          Files.isDirectory(home.resolve("hadoop/lib")),
          "YARN",
          "hadoop/lib",
          "cluster/yarn-dist -am");
      ClaimedPorts claimed =
          new ClaimedPorts(
              Ports.claim("YARN ResourceManager", resourceManagerPort, "--rm-port"),
              Ports.claim("YARN scheduler", schedulerPort, "--scheduler-port"),
              Ports.claim("YARN resource tracker", resourceTrackerPort, "--tracker-port"),
              Ports.claim("YARN admin", adminPort, "--admin-port"),
              Ports.claim("YARN ResourceManager web UI", webUiPort, "--webui-port"));
      return work -> new YarnCluster(this, work, claimed);
    }
  }

  @Override
  void startDaemons() {
    long started = System.nanoTime();
    new YarnConfiguration(this, work, ports, settings.home, settings.nodeVcores).write();
    resourceManager = startDaemon("ResourceManager", RESOURCE_MANAGER_MAIN);
    Deadline deadline = Deadline.after(started, settings.startTimeout, "YARN");
    while (!rest.get("/ws/v1/cluster/info")
        .map(json -> "STARTED".equals(json.path("clusterInfo").path("state").asText()))
        .orElse(false)) {
      Deadline.requireAlive(resourceManager);
      deadline.awaitOrFail("the ResourceManager did not answer at " + webUi(), resourceManager);
    }
    nodeManager = startDaemon("NodeManager", NODE_MANAGER_MAIN);
    while (runningNodes() < 1) {
      Deadline.requireAlive(nodeManager);
      deadline.awaitOrFail("the NodeManager was not RUNNING at the ResourceManager", nodeManager);
    }
    startTime = Duration.ofNanos(System.nanoTime() - started);
  }

  private Daemon startDaemon(String name, String mainClass) {
    Path hadoop = settings.home.resolve("hadoop");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(JvmOptions.read(hadoop.resolve("conf/jvm.options")));
    command.add("-Dproc_" + name.toLowerCase(java.util.Locale.ROOT));
    command.add("-Dhadoop.log.dir=" + logs);
    command.add("-Dyarn.log.dir=" + logs);
    command.add("-Dlog4j.configuration=file:" + confDirectory().resolve("log4j.properties"));
    command.add("-Djava.io.tmpdir=" + work.subdirectory("tmp"));
    command.add("-cp");
    command.add(confDirectory() + ":" + hadoop.resolve("lib") + "/*");
    command.add(mainClass);
    Map<String, String> environment = new HashMap<>();
    // The NodeManager hands JAVA_HOME and HADOOP_CONF_DIR on to the containers it starts.
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("HADOOP_CONF_DIR", confDirectory().toString());
    environment.put("YARN_CONF_DIR", confDirectory().toString());
    return Daemon.start(
        name, command, environment, logs.resolve(name.toLowerCase(java.util.Locale.ROOT) + ".log"));
  }

  /** NodeManagers RUNNING at the ResourceManager now, -1 if it does not answer. */
  public int runningNodes() {
    return rest.get("/ws/v1/cluster/nodes")
        .map(
            json -> {
              int running = 0;
              for (JsonNode node : json.path("nodes").path("node")) {
                if ("RUNNING".equals(node.path("state").asText())) {
                  running++;
                }
              }
              return running;
            })
        .orElse(-1);
  }

  /** An application at the ResourceManager. */
  public record Application(String id, String name, String type, String state, String finalStatus) {

    /** Whether YARN is done with it: FINISHED, FAILED or KILLED. */
    public boolean ended() {
      return List.of("FINISHED", "FAILED", "KILLED").contains(state);
    }
  }

  /** Every application the ResourceManager knows, running or ended (its REST API). */
  public List<Application> applications() {
    List<Application> applications = new ArrayList<>();
    rest.get("/ws/v1/cluster/apps")
        .ifPresent(
            json -> {
              for (JsonNode app : json.path("apps").path("app")) {
                applications.add(application(app));
              }
            });
    return applications;
  }

  /** The application {@code id}, if the ResourceManager knows it. */
  public Optional<Application> application(String id) {
    return rest.get("/ws/v1/cluster/apps/" + id).map(json -> application(json.path("app")));
  }

  private static Application application(JsonNode app) {
    return new Application(
        app.path("id").asText(),
        app.path("name").asText(),
        app.path("applicationType").asText(),
        app.path("state").asText(),
        app.path("finalStatus").asText());
  }

  /**
   * Asks the ResourceManager to kill application {@code id} (what {@code yarn application -kill}
   * does); true if it accepted. Its containers are stopped by the NodeManager.
   */
  public boolean kill(String id) {
    return rest.put("/ws/v1/cluster/apps/" + id + "/state", "{\"state\":\"KILLED\"}").isPresent();
  }

  /**
   * The processes the NodeManager runs for containers now: those whose command line names this
   * cluster's container directories (the launch scripts and the JVMs they start), found by command
   * line because YARN starts each container in a session of its own.
   */
  public List<ProcessHandle> containerProcesses() {
    String local = work.path().resolve("nm-local").toString();
    String logsPath = containerLogDirectory().toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process
                    .info()
                    .commandLine()
                    .map(line -> line.contains(local) || line.contains(logsPath))
                    .orElse(false))
        .toList();
  }

  /** {@code 127.0.0.1:<port>}: where clients submit applications ({@code yarn.resourcemanager}). */
  public String resourceManagerAddress() {
    return "127.0.0.1:" + ports.rm();
  }

  /** The ResourceManager's web UI and REST API: {@code http://127.0.0.1:<port>}. */
  public String webUi() {
    return "http://127.0.0.1:" + ports.webUi();
  }

  /** The Hadoop configuration clients need: {@code HADOOP_CONF_DIR} and {@code YARN_CONF_DIR}. */
  public Path confDirectory() {
    return work.path().resolve("conf");
  }

  /** The Spark home that submits to this YARN (Spark with spark-yarn). */
  public Path sparkHome() {
    return settings.home.resolve("spark");
  }

  /** The Flink home that submits to this YARN (bin/flink with Flink's YARN client). */
  public Path flinkHome() {
    return settings.home.resolve("flink");
  }

  /** {@code SPARK_CONF_DIR}: the distribution's conf/ and a spark-defaults.conf for this YARN. */
  public Path sparkConfDirectory() {
    return work.path().resolve("spark-conf");
  }

  /** {@code FLINK_CONF_DIR}: a flink-conf.yaml for this YARN and the log4j files. */
  public Path flinkConfDirectory() {
    return work.path().resolve("flink-conf");
  }

  /**
   * The environment of a client of this YARN, as on an EMR primary node: {@code spark-submit} and
   * {@code flink} first on the PATH, {@code HADOOP_CONF_DIR}, the Spark and Flink homes and their
   * configuration for this cluster, and the clients' logs and scratch files in the work directory.
   */
  public Map<String, String> clientEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(
        "PATH",
        sparkHome().resolve("bin")
            + ":"
            + flinkHome().resolve("bin")
            + ":"
            + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("HADOOP_CONF_DIR", confDirectory().toString());
    environment.put("YARN_CONF_DIR", confDirectory().toString());
    environment.put("SPARK_HOME", sparkHome().toString());
    environment.put("SPARK_CONF_DIR", sparkConfDirectory().toString());
    environment.put("FLINK_HOME", flinkHome().toString());
    environment.put("FLINK_CONF_DIR", flinkConfDirectory().toString());
    environment.put("FLINK_LOG_DIR", logs.toString());
    String tmp = "-Djava.io.tmpdir=" + work.path().resolve("tmp");
    environment.put("JVM_ARGS", tmp);
    environment.put("SPARK_SUBMIT_OPTS", tmp);
    environment.put("SPARK_LOCAL_DIRS", work.path().resolve("tmp").toString());
    return environment;
  }

  /** From the start of the ResourceManager to the NodeManager RUNNING at it. */
  public Duration startTime() {
    return startTime;
  }

  public Daemon resourceManager() {
    return resourceManager;
  }

  public Daemon nodeManager() {
    return nodeManager;
  }

  /** Memory the NodeManager offers containers, in MB. */
  public int nodeMemoryMb() {
    return settings.nodeMemoryMb;
  }

  /** Each container's stdout, stderr and logs: {@code <application>/<container>/}. */
  public Path containerLogDirectory() {
    return work.path().resolve("nm-logs");
  }

  /**
   * Stops the NodeManager (which stops its containers; any container process left is killed), then
   * the ResourceManager.
   */
  @Override
  void stopDaemons() {
    stop(nodeManager);
    for (ProcessHandle left : containerProcesses()) {
      left.destroyForcibly();
      try {
        left.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // Not ended 30 s after SIGKILL: nothing more can be done from here.
      }
    }
    stop(resourceManager);
  }
}
