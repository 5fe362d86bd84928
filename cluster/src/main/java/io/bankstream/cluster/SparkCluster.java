package io.bankstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Spark 3.5 standalone cluster on this machine: a master (with its web UI and its REST submission
 * server, which {@code spark-submit --deploy-mode cluster}, {@code --kill} and {@code --status}
 * use) and {@code N} workers, each a JVM of its own started with the distribution's {@code
 * bin/spark-class}, as Spark's {@code start-master.sh} and {@code start-worker.sh} do. The workers
 * start an executor JVM per application, and a driver JVM per application submitted in cluster
 * deploy mode. Every address is on 127.0.0.1; each worker's web UI takes a free port (the master's
 * page links to it). The daemons' logs are in {@link #logDirectory}, each executor's under its
 * worker's directory.
 *
 * <pre>{@code
 * try (SparkCluster spark = SparkCluster.builder(sparkHome).workers(2).start()) {
 *   spark.masterUrl();            // spark://127.0.0.1:7077, for spark-submit --master
 *   spark.executors();            // the executors' processes, to kill one
 * }                               // workers (and their executors), then the master stopped
 * }</pre>
 */
public final class SparkCluster extends LocalCluster {

  private static final String MASTER_MAIN = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_MAIN = "org.apache.spark.deploy.worker.Worker";
  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final String DRIVER_MAIN = "org.apache.spark.deploy.worker.DriverWrapper";

  private final Builder settings;
  private final int masterPort;
  private final int webUiPort;
  private final int restPort;
  private final List<Daemon> workers = new ArrayList<>();
  private final List<Daemon> killedWorkers = new ArrayList<>();
  private Daemon master;

  private SparkCluster(
      Builder settings, WorkDirectory work, int masterPort, int webUiPort, int restPort) {
    super(work, webUiPort);
    this.settings = settings;
    this.masterPort = masterPort;
    this.webUiPort = webUiPort;
    this.restPort = restPort;
  }

  /**
   * A cluster from the Spark distribution at {@code sparkHome} (its {@code bin/}, {@code jars/}).
   */
  public static Builder builder(Path sparkHome) {
    return new Builder(sparkHome);
  }

  /** What to start: how many workers, their cores and memory, the ports, the directory. */
  public static final class Builder extends ClusterBuilder<Builder, SparkCluster> {
    private int workers = 2;
    private int workerCores = 1;
    private String workerMemory = "1g";
    private int masterPort = 7077;
    private int webUiPort = 8080;
    private int restPort = 6066;

    private Builder(Path home) {
      super(home, "bankstream-spark-");
    }

    /** Workers to start (default 2). */
    public Builder workers(int count) {
      this.workers = count;
      return this;
    }

    /** Cores each worker offers (default 1: one executor of one core per worker and job). */
    public Builder workerCores(int cores) {
      this.workerCores = cores;
      return this;
    }

    /** Memory each worker offers its executors, as Spark writes it (default {@code 1g}). */
    public Builder workerMemory(String size) {
      this.workerMemory = size;
      return this;
    }

    /** The master's port (default 7077; 0 picks a free one). */
    public Builder masterPort(int port) {
      this.masterPort = port;
      return this;
    }

    /** The master's web UI port (default 8080; 0 picks a free one). */
    public Builder webUiPort(int port) {
      this.webUiPort = port;
      return this;
    }

    /** The master's REST submission port (default 6066; 0 picks a free one). */
    public Builder restPort(int port) {
      this.restPort = port;
      return this;
    }

    @Override
    Function<WorkDirectory, SparkCluster> claimPorts() {
      if (workers < 1 || workerCores < 1) {
        throw new IllegalArgumentException("at least one worker with one core is needed");
      }
      requireDistribution(
          Files.isRegularFile(home.resolve("bin").resolve("spark-class")),
          "Spark",
          "bin/spark-class",
          "cluster/spark-dist");
      int master = Ports.claim("Spark master", masterPort, "--master-port");
      int webUi = Ports.claim("Spark master web UI", webUiPort, "--webui-port");
      int rest = Ports.claim("Spark master REST", restPort, "--rest-port");
      return work -> new SparkCluster(this, work, master, webUi, rest);
    }
  }

  @Override
  void startDaemons() {
    Map<String, String> environment = environment();
    environment.put(
        "SPARK_MASTER_OPTS",
        "-Dspark.master.rest.enabled=true -Dspark.master.rest.port="
            + restPort
            + " -Djava.io.tmpdir="
            + work.subdirectory("tmp"));
    master =
        Daemon.start(
            "Spark master",
            List.of(
                sparkClass(),
                MASTER_MAIN,
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(webUiPort)),
            environment,
            logs.resolve("master.log"));
    Deadline deadline = Deadline.after(settings.startTimeout, "the Spark cluster");
    while (!rest.get("/json/")
        .map(json -> "ALIVE".equals(json.path("status").asText()))
        .orElse(false)) {
      if (!master.isAlive()) {
        throw new ClusterStartException(
            "the Spark master exited with " + master.exitValue() + ":\n" + master.tail(30));
      }
      deadline.awaitOrFail("the Spark master did not answer at " + webUi(), master);
    }
    for (int i = 0; i < settings.workers; i++) {
      startWorker();
    }
    awaitWorkers(settings.workers, settings.startTimeout);
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    environment.put("SPARK_SCALA_VERSION", "2.12");
    // The daemons themselves need little; their executors get the workers' memory.
    environment.put("SPARK_DAEMON_MEMORY", "512m");
    return environment;
  }

  private String sparkClass() {
    return settings.home.resolve("bin").resolve("spark-class").toString();
  }

  /** Starts one more worker (after {@link #killWorker}, say); returns its index. */
  public synchronized int startWorker() {
    int index = workers.size();
    String name = "worker-" + (index + 1);
    Map<String, String> environment = environment();
    environment.put("SPARK_WORKER_OPTS", "-Djava.io.tmpdir=" + work.subdirectory("tmp"));
    // Executors' scratch space (shuffle files, blocks), removed with the work directory.
    environment.put("SPARK_LOCAL_DIRS", work.subdirectory("local-" + (index + 1)).toString());
    workers.add(
        Daemon.start(
            "Spark worker " + (index + 1),
            List.of(
                sparkClass(),
                WORKER_MAIN,
                "--host",
                "127.0.0.1",
                "--cores",
                Integer.toString(settings.workerCores),
                "--memory",
                settings.workerMemory,
                "--webui-port",
                "0",
                "--work-dir",
                work.subdirectory(name).toString(),
                masterUrl()),
            environment,
            logs.resolve(name + ".log")));
    return index;
  }

  /** Waits until {@code count} workers are ALIVE at the master. */
  public void awaitWorkers(int count, Duration timeout) {
    Deadline deadline = Deadline.after(timeout, "the Spark cluster");
    while (aliveWorkers() != count) {
      for (Daemon worker : workers) {
        if (!killedWorkers.contains(worker)) {
          Deadline.requireAlive(worker);
        }
      }
      deadline.awaitOrFail(
          aliveWorkers() + " of " + count + " Spark workers ALIVE at the master", master);
    }
  }

  /** Workers the master counts as ALIVE now, -1 if it does not answer. */
  public int aliveWorkers() {
    return rest.get("/json/")
        .map(
            json -> {
              int alive = 0;
              for (JsonNode worker : json.path("workers")) {
                if ("ALIVE".equals(worker.path("state").asText())) {
                  alive++;
                }
              }
              return alive;
            })
        .orElse(-1);
  }

  /** The web UI address of each ALIVE worker, as the master lists them. */
  public List<String> workerWebUis() {
    List<String> addresses = new ArrayList<>();
    rest.get("/json/")
        .ifPresent(
            json -> {
              for (JsonNode worker : json.path("workers")) {
                if ("ALIVE".equals(worker.path("state").asText())) {
                  addresses.add(worker.path("webuiaddress").asText());
                }
              }
            });
    return addresses;
  }

  /** The applications running now: id, name, state (from the master's {@code /json/}). */
  public List<Application> applications() {
    List<Application> applications = new ArrayList<>();
    rest.get("/json/")
        .ifPresent(
            json -> {
              for (JsonNode app : json.path("activeapps")) {
                applications.add(
                    new Application(
                        app.path("id").asText(),
                        app.path("name").asText(),
                        app.path("state").asText()));
              }
            });
    return applications;
  }

  /** An application at the master. */
  public record Application(String id, String name, String state) {}

  /** The drivers the master runs for cluster-mode submissions: id and state. */
  public List<Application> drivers() {
    List<Application> drivers = new ArrayList<>();
    rest.get("/json/")
        .ifPresent(
            json -> {
              for (JsonNode driver : json.path("activedrivers")) {
                drivers.add(
                    new Application(
                        driver.path("id").asText(),
                        driver.path("mainclass").asText(),
                        driver.path("state").asText()));
              }
            });
    return drivers;
  }

  /** The executor processes the workers run now. */
  public List<ProcessHandle> executors() {
    return workerChildren(EXECUTOR_MAIN);
  }

  /** The driver processes the workers run now (cluster deploy mode). */
  public List<ProcessHandle> driverProcesses() {
    return workerChildren(DRIVER_MAIN);
  }

  private synchronized List<ProcessHandle> workerChildren(String mainClass) {
    List<ProcessHandle> children = new ArrayList<>();
    for (Daemon worker : workers) {
      worker
          .handle()
          .descendants()
          .filter(ProcessHandle::isAlive)
          .filter(child -> runs(child, mainClass))
          .forEach(children::add);
    }
    return children;
  }

  private static boolean runs(ProcessHandle process, String mainClass) {
    Optional<String[]> arguments = process.info().arguments();
    if (arguments.isEmpty()) {
      return false;
    }
    for (String argument : arguments.get()) {
      if (argument.equals(mainClass)) {
        return true;
      }
    }
    return false;
  }

  /** Ends worker {@code index} with SIGKILL, as a crash would; its executors follow it. */
  public synchronized void killWorker(int index) {
    Daemon worker = workers.get(index);
    killedWorkers.add(worker);
    worker.kill();
  }

  /** The index of a live worker that runs an executor now, if any. */
  public synchronized Optional<Integer> workerWithExecutor() {
    for (int i = 0; i < workers.size(); i++) {
      Daemon worker = workers.get(i);
      if (worker.isAlive()
          && worker.handle().descendants().anyMatch(child -> runs(child, EXECUTOR_MAIN))) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** {@code spark://127.0.0.1:<master port>}: what {@code spark-submit --master} takes. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's REST submission URL, for {@code spark-submit --kill} and {@code --status}. */
  public String restUrl() {
    return "spark://127.0.0.1:" + restPort;
  }

  /** The master's web UI: {@code http://127.0.0.1:<web UI port>}. */
  public String webUi() {
    return "http://127.0.0.1:" + webUiPort;
  }

  public Daemon master() {
    return master;
  }

  /** Every worker started, in order, killed ones included. */
  public synchronized List<Daemon> workers() {
    return List.copyOf(workers);
  }

  public int workerCores() {
    return settings.workerCores;
  }

  public String workerMemory() {
    return settings.workerMemory;
  }

  /** Stops the master, then the workers (and with them their executors and drivers). */
  @Override
  void stopDaemons() {
    // The master first: while it runs, a worker that stops makes it launch the lost executors on
    // another worker, and an executor launched as that worker stops outlived it (seen once).
    stop(master);
    workers.forEach(LocalCluster::stop);
  }
}
