package io.bankstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Flink 1.19 session cluster on this machine: one JobManager (with its REST API and web UI) and
 * {@code N} TaskManagers, each a JVM of its own started from a Flink distribution's {@code lib/}
 * (the one {@code cluster/flink-dist} assembles, or a real one), as Flink's {@code
 * start-cluster.sh} does: the same entry points ({@code StandaloneSessionClusterEntrypoint}, {@code
 * TaskManagerRunner}), the memory flags its scripts compute with {@code BashJavaUtils}, the Java 17
 * flags of {@code conf/jvm.options}. Every address is on 127.0.0.1.
 *
 * <p>The configuration it writes to its work directory adds, to the distribution's {@code
 * conf/flink-conf.yaml}, what a job needs from a cluster: checkpoints and savepoints in a directory
 * every daemon reaches ({@code state.checkpoints.dir}), a restart strategy (fixed delay, unlimited
 * attempts), slots spread evenly over the TaskManagers (so a job of parallelism 2 has a task on
 * each of two), and heartbeats that notice a lost TaskManager within {@link #HEARTBEAT_TIMEOUT}.
 *
 * <pre>{@code
 * try (FlinkCluster flink = FlinkCluster.builder(flinkHome).taskManagers(2).start()) {
 *   flink.restAddress();          // 127.0.0.1:8081, for flink run -m
 *   flink.killTaskManager(0);     // SIGKILL
 * }                               // every daemon stopped, the work directory deleted
 * }</pre>
 */
public final class FlinkCluster extends LocalCluster {

  /** How long the JobManager waits for a TaskManager's heartbeat before it counts it as lost. */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final Builder settings;
  private final Path conf;
  private final int restPort;
  private final int rpcPort;
  private final FlinkLauncher launcher;
  private final List<Daemon> taskManagers = new ArrayList<>();
  private Daemon jobManager;
  private List<String> taskManagerFlags;
  private List<String> taskManagerDynamic;

  private FlinkCluster(Builder settings, WorkDirectory work, int restPort, int rpcPort) {
    super(work, restPort);
    this.settings = settings;
    this.conf = work.subdirectory("conf");
    this.restPort = restPort;
    this.rpcPort = rpcPort;
    this.launcher = new FlinkLauncher(settings.home, work, conf, logs);
  }

  /**
   * A cluster from the Flink distribution at {@code flinkHome} (its {@code lib/}, {@code conf/}).
   */
  public static Builder builder(Path flinkHome) {
    return new Builder(flinkHome);
  }

  /** What to start: how many TaskManagers, their slots and memory, the ports, the directory. */
  public static final class Builder extends ClusterBuilder<Builder, FlinkCluster> {
    private int taskManagers = 2;
    private int slots = 2;
    private int restPort = 8081;
    private int rpcPort = 6123;
    private String jobManagerMemory = "1024m";
    private String taskManagerMemory = "1600m";

    private Builder(Path home) {
      super(home, "bankstream-flink-");
    }

    /** TaskManagers to start (default 2). */
    public Builder taskManagers(int count) {
      this.taskManagers = count;
      return this;
    }

    /** Slots per TaskManager (default 2). */
    public Builder slots(int count) {
      this.slots = count;
      return this;
    }

    /** The REST API's and web UI's port (default 8081; 0 picks a free one). */
    public Builder restPort(int port) {
      this.restPort = port;
      return this;
    }

    /** The JobManager's RPC port (default 6123; 0 picks a free one). */
    public Builder rpcPort(int port) {
      this.rpcPort = port;
      return this;
    }

    /** The JobManager's process size, as Flink writes it (default {@code 1024m}). */
    public Builder jobManagerMemory(String size) {
      this.jobManagerMemory = size;
      return this;
    }

    /** Each TaskManager's process size (default {@code 1600m}). */
    public Builder taskManagerMemory(String size) {
      this.taskManagerMemory = size;
      return this;
    }

    @Override
    Function<WorkDirectory, FlinkCluster> claimPorts() {
      if (taskManagers < 1 || slots < 1) {
        throw new IllegalArgumentException("at least one TaskManager with one slot is needed");
      }
      requireDistribution(
          Files.isDirectory(home.resolve("lib")), "Flink", "lib/", "cluster/flink-dist");
      int rest = Ports.claim("Flink REST and web UI", restPort, "--rest-port");
      int rpc = Ports.claim("Flink JobManager RPC", rpcPort, "--rpc-port");
      return work -> new FlinkCluster(this, work, rest, rpc);
    }
  }

  @Override
  void startDaemons() {
    writeConfiguration();
    List<String> jobManagerParams = launcher.resourceParams("GET_JM_RESOURCE_PARAMS");
    jobManager =
        Daemon.start(
            "JobManager",
            launcher.javaCommand(
                jobManagerParams.get(0),
                "jobmanager",
                JOB_MANAGER_MAIN,
                Stream.concat(
                        Stream.of("--configDir", conf.toString(), "--executionMode", "cluster"),
                        FlinkLauncher.dynamicProperties(jobManagerParams.get(1)).stream())
                    .toList()),
            Map.of(),
            logs.resolve("jobmanager.out"));
    List<String> taskManagerParams = launcher.resourceParams("GET_TM_RESOURCE_PARAMS");
    taskManagerFlags = List.of(taskManagerParams.get(0));
    taskManagerDynamic = FlinkLauncher.dynamicProperties(taskManagerParams.get(1));
    for (int i = 0; i < settings.taskManagers; i++) {
      startTaskManager();
    }
    awaitTaskManagers(settings.taskManagers, settings.startTimeout);
  }

  /** The distribution's {@code conf/}, with this cluster's ports, sizes and directories added. */
  private void writeConfiguration() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("jobmanager.rpc.address", "127.0.0.1");
    overrides.put("jobmanager.bind-host", "127.0.0.1");
    overrides.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    overrides.put("rest.address", "127.0.0.1");
    overrides.put("rest.bind-address", "127.0.0.1");
    overrides.put("rest.port", Integer.toString(restPort));
    overrides.put("taskmanager.host", "127.0.0.1");
    overrides.put("taskmanager.bind-host", "127.0.0.1");
    overrides.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slots));
    overrides.put("jobmanager.memory.process.size", settings.jobManagerMemory);
    overrides.put("taskmanager.memory.process.size", settings.taskManagerMemory);
    // The pipeline keeps its state on the heap (the hashmap backend): managed memory, which only
    // RocksDB and batch sorting use, would be a third of each TaskManager left idle.
    overrides.put("taskmanager.memory.managed.fraction", "0.1");
    overrides.put("parallelism.default", "2");
    // A task of each job on every TaskManager rather than all on the first: a lost TaskManager
    // then always costs the job a task, and the load is shared.
    overrides.put("cluster.evenly-spread-out-slots", "true");
    // Checkpoints to files every daemon reaches (on several hosts: a shared file system, S3 or
    // HDFS); the JobManager's memory, the default, refuses a state above 5 MB.
    overrides.put("state.backend.type", "hashmap");
    overrides.put("state.checkpoints.dir", work.subdirectory("checkpoints").toUri().toString());
    overrides.put("state.savepoints.dir", work.subdirectory("savepoints").toUri().toString());
    overrides.put("state.checkpoints.num-retained", "2");
    // A failed job restarts from its last checkpoint, as often as it takes, 2 s apart.
    overrides.put("restart-strategy.type", "fixed-delay");
    overrides.put("restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE));
    overrides.put("restart-strategy.fixed-delay.delay", "2 s");
    overrides.put("heartbeat.interval", "2000");
    overrides.put("heartbeat.timeout", Long.toString(HEARTBEAT_TIMEOUT.toMillis()));
    // Scratch files (blobs, the web UI's, spilled data) in the work directory, not /tmp.
    overrides.put("io.tmp.dirs", work.subdirectory("tmp").toString());
    overrides.put("blob.storage.directory", work.subdirectory("blobs").toString());
    overrides.put("web.tmpdir", work.subdirectory("web").toString());
    // Flink's own metrics for Prometheus, each daemon on the first free port of the range
    // (docs/metrics.md); the reporter's jar is in lib/.
    overrides.put(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    overrides.put("metrics.reporter.prom.port", "9249-9259");
    launcher.writeConfiguration(overrides);
  }

  /**
   * Starts one more TaskManager (after {@link #killTaskManager}, say); it registers with the
   * JobManager within seconds. Returns its index in {@link #taskManagers()}.
   */
  public synchronized int startTaskManager() {
    int index = taskManagers.size();
    String id = "taskmanager-" + (index + 1);
    List<String> arguments = new ArrayList<>(List.of("--configDir", conf.toString()));
    arguments.addAll(taskManagerDynamic);
    // A stable id, so the REST API's TaskManagers can be matched with these processes.
    arguments.addAll(List.of("-D", "taskmanager.resource-id=" + id));
    taskManagers.add(
        Daemon.start(
            "TaskManager " + (index + 1),
            launcher.javaCommand(taskManagerFlags.get(0), id, TASK_MANAGER_MAIN, arguments),
            Map.of(),
            logs.resolve(id + ".out")));
    return index;
  }

  /** Waits until {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count, Duration timeout) {
    Deadline deadline = Deadline.after(timeout, "the cluster");
    while (registeredTaskManagers() != count) {
      if (!jobManager.isAlive()) {
        throw new ClusterStartException(
            "the Flink JobManager exited with "
                + jobManager.exitValue()
                + "; its log ("
                + logs.resolve("jobmanager.log")
                + ") ends with:\n"
                + Daemon.tail(logs.resolve("jobmanager.log"), 30)
                + "\n"
                + jobManager.tail(10));
      }
      for (Daemon taskManager : taskManagers) {
        if (!killed(taskManager)) {
          Deadline.requireAlive(taskManager);
        }
      }
      if (deadline.passed()) {
        throw new ClusterStartException(
            registeredTaskManagers()
                + " of "
                + count
                + " TaskManagers registered within "
                + timeout.toSeconds()
                + " s; the JobManager's log ends with:\n"
                + Daemon.tail(logs.resolve("jobmanager.log"), 30));
      }
      deadline.pause();
    }
  }

  private final List<Daemon> killedTaskManagers = new ArrayList<>();

  private boolean killed(Daemon taskManager) {
    return killedTaskManagers.contains(taskManager);
  }

  /** TaskManagers registered with the JobManager now, -1 if its REST API does not answer. */
  public int registeredTaskManagers() {
    return rest.get("/overview")
        .map(overview -> overview.path("taskmanagers").asInt(-1))
        .orElse(-1);
  }

  /** Free task slots of the registered TaskManagers now, -1 if the REST API does not answer. */
  public int freeSlots() {
    return rest.get("/overview")
        .map(overview -> overview.path("slots-available").asInt(-1))
        .orElse(-1);
  }

  /** Task slots of the registered TaskManagers now, -1 if the REST API does not answer. */
  public int totalSlots() {
    return rest.get("/overview").map(overview -> overview.path("slots-total").asInt(-1)).orElse(-1);
  }

  /**
   * Ends TaskManager {@code index} with SIGKILL, as a crash would; the JobManager notices within
   * {@link #HEARTBEAT_TIMEOUT} (sooner when a task loses its connection to it).
   */
  public synchronized void killTaskManager(int index) {
    Daemon taskManager = taskManagers.get(index);
    killedTaskManagers.add(taskManager);
    taskManager.kill();
  }

  /**
   * The index of a live TaskManager running tasks now (some of its slots taken), if any; from the
   * REST API's {@code /taskmanagers}.
   */
  public synchronized Optional<Integer> busyTaskManager() {
    Optional<JsonNode> answer = rest.get("/taskmanagers");
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode taskManager : answer.get().path("taskmanagers")) {
      if (taskManager.path("freeSlots").asInt() < taskManager.path("slotsNumber").asInt()) {
        String id = taskManager.path("id").asText();
        if (id.startsWith("taskmanager-")) {
          int index = Integer.parseInt(id.substring("taskmanager-".length())) - 1;
          if (index < taskManagers.size() && taskManagers.get(index).isAlive()) {
            return Optional.of(index);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The jobs the JobManager knows, each with its id, name and state ({@code /jobs/overview}). */
  public List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    rest.get("/jobs/overview")
        .ifPresent(
            overview -> {
              for (JsonNode job : overview.path("jobs")) {
                jobs.add(
                    new Job(
                        job.path("jid").asText(),
                        job.path("name").asText(),
                        job.path("state").asText()));
              }
            });
    return jobs;
  }

  /** A job on the cluster: its id, its name, its state ({@code RUNNING}, {@code CANCELED}...). */
  public record Job(String id, String name, String state) {}

  /**
   * When job {@code id} last entered RUNNING, if it is RUNNING now (after a restart: the restart's
   * end), from the REST API's {@code /jobs/<id>}.
   */
  public Optional<java.time.Instant> runningSince(String id) {
    return rest.get("/jobs/" + id)
        .filter(job -> "RUNNING".equals(job.path("state").asText()))
        .map(job -> job.path("timestamps").path("RUNNING").asLong(0))
        .filter(millis -> millis > 0)
        .map(java.time.Instant::ofEpochMilli);
  }

  /** The state of job {@code id} ({@code RUNNING}, {@code RESTARTING}, ...), or empty. */
  public Optional<String> state(String id) {
    return rest.get("/jobs/" + id).map(job -> job.path("state").asText());
  }

  /** Cancels job {@code id} through the REST API; true if the JobManager took the request. */
  public boolean cancel(String id) {
    return rest.patch("/jobs/" + id + "?mode=cancel").isPresent();
  }

  /**
   * Times the job restarted after a failure (Flink's {@code numRestarts} metric), -1 if unknown.
   */
  public long restarts(String jobId) {
    return rest.get("/jobs/" + jobId + "/metrics?get=numRestarts")
        .map(
            metrics -> {
              for (JsonNode metric : metrics) {
                return metric.path("value").asLong(-1);
              }
              return -1L;
            })
        .orElse(-1L);
  }

  /** {@code 127.0.0.1:<rest port>}: what {@code flink run -m} and {@code FLINK_JOBMANAGER} take. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** The web UI (and REST API): {@code http://127.0.0.1:<rest port>}. */
  public String webUi() {
    return "http://" + restAddress();
  }

  public int rpcPort() {
    return rpcPort;
  }

  public int slotsPerTaskManager() {
    return settings.slots;
  }

  public Daemon jobManager() {
    return jobManager;
  }

  /** Every TaskManager started, in order, killed ones included. */
  public synchronized List<Daemon> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /** The configuration directory the daemons read, {@code FLINK_CONF_DIR} for a client. */
  public Path configDirectory() {
    return conf;
  }

  /** Where checkpoints go ({@code state.checkpoints.dir}). */
  public Path checkpointDirectory() {
    return work.path().resolve("checkpoints");
  }

  /** Stops the TaskManagers, then the JobManager. */
  @Override
  void stopDaemons() {
    taskManagers.forEach(LocalCluster::stop);
    stop(jobManager);
  }
}
