package io.bankstream.demo;

import io.bankstream.cluster.Distributions;
import io.bankstream.cluster.FlinkCluster;
import io.bankstream.cluster.RunnerProcess;
import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.cluster.SparkCluster;
import io.bankstream.cluster.Submission;
import io.bankstream.core.startup.Startup;
import io.bankstream.localstack.LocalStack;
import io.bankstream.localstack.PortInUseException;
import io.bankstream.model.db.DatabasePassword;
import io.bankstream.pipeline.BankstreamPipeline;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.producer.ProducerCli;
import io.bankstream.producer.traffic.PayerPace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream demo}: everything at once on this machine. Starts the local stack on the
 * seed's ports, migrates and seeds users sized for the rate, produces transactions with fraud and
 * malformed records, runs the pipeline on Flink embedded in a JVM of its own (or the DirectRunner,
 * or Spark, or submitted by the project's scripts to a real Flink or Spark cluster it starts), and
 * prints a status line every few seconds until Ctrl-C, which stops everything. Its options and
 * their defaults, which depend on the runner, are {@link DemoOptions}.
 */
@Command(
    name = "bankstream demo",
    mixinStandardHelpOptions = true,
    version = "bankstream demo 0.1.0",
    description =
        "Starts the local stack, seeds users, produces transactions (with fraud and malformed"
            + " records) and runs the pipeline (Flink embedded by default, DirectRunner or Spark),"
            + " printing a status line until Ctrl-C. By default 1,000 transactions a second over"
            + " 200,000 users on Flink; 50 a second on the DirectRunner.",
    sortOptions = false)
public final class DemoCommand implements Callable<Integer> {

  private static final String CONSUMER_GROUP = "bankstream-pipeline";

  @Spec private CommandSpec spec;

  @Mixin private DemoOptions options;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Runner runner;
    try {
      runner = Runner.named(options.clusterName != null ? options.clusterName : options.runnerName);
      if (options.clusterName != null && runner == Runner.DIRECT) {
        throw new IllegalArgumentException(
            "unknown cluster '" + options.clusterName + "': choose flink or spark");
      }
      if (runner != Runner.DIRECT) {
        RunnerProcess.bundledJar(runner, runnersDirectory());
      }
      if (options.clusterName != null) {
        Path root = runnersDirectory().getParent();
        if (runner == Runner.FLINK) {
          Distributions.flinkHome(root);
        } else {
          Distributions.sparkHome(root);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    String problem = options.problem(runner);
    if (problem != null) {
      err.println("error: " + problem);
      return 2;
    }
    out.println("Starting the local stack (Kafka, PostgreSQL, Redis)...");
    out.flush();
    LocalStack.Builder builder =
        LocalStack.builder()
            .kafkaPort(options.kafkaPort)
            .kafkaControllerPort(options.kafkaControllerPort)
            .postgresPort(options.postgresPort)
            .redisPort(options.redisPort)
            .database(
                "bank",
                "bank_etl",
                fromEnvironment(
                    DatabasePassword.ENVIRONMENT_VARIABLE, DatabasePassword.LOCAL_STACK_PASSWORD))
            .dashboardUser(
                DatabasePassword.LOCAL_STACK_DASHBOARD_USER,
                fromEnvironment(
                    DatabasePassword.DASHBOARD_ENVIRONMENT_VARIABLE,
                    DatabasePassword.LOCAL_STACK_DASHBOARD_PASSWORD))
            .redisPassword(fromEnvironment(Startup.REDIS_PASSWORD_VARIABLE, null));
    if (options.dataDirectory != null) {
      builder.dataDirectory(options.dataDirectory);
    }
    LocalStack stack;
    try {
      stack = builder.start();
    } catch (PortInUseException e) {
      err.printf(
          "error: %s. Stop what uses it (another demo or stack?), or choose another port with"
              + " %s <port>.%n",
          e.getMessage(), e.option());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Demo demo = new Demo(stack, runner, out);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.stop();
                  stopped.countDown();
                },
                "bankstream-demo-stop"));
    try {
      demo.start();
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      // A cluster or a submission that did not start: one line, and everything started stopped.
      err.println("error: " + e.getMessage());
      err.flush();
      demo.stop();
      return 1;
    }
    stopped.await();
    return 0;
  }

  /** The value of environment variable {@code name}, or {@code fallback} when unset or empty. */
  private static String fromEnvironment(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /**
   * {@code runners/} of this checkout: {@code ./bankstream} sets {@code BANKSTREAM_HOME}; without
   * it, the working directory.
   */
  private static Path runnersDirectory() {
    String home = System.getenv("BANKSTREAM_HOME");
    return Path.of(home == null ? "." : home, "runners").toAbsolutePath();
  }

  /** The running parts, started in order and stopped in reverse. */
  private final class Demo {
    private final LocalStack stack;
    private StatusLine status;
    private PipelineAddresses addresses = PipelineAddresses.NONE;
    private final Runner runner;
    private final PrintWriter out;
    private Thread producer;
    private PipelineResult pipeline;
    private Process pipelineProcess;
    private ProcessBuilder pipelineCommand;
    private Process dashboardProcess;
    private AutoCloseable cluster;
    private FlinkCluster flink;
    private volatile boolean stopping;
    private final double rate;
    private final int users;

    Demo(LocalStack stack, Runner runner, PrintWriter out) {
      this.stack = stack;
      this.runner = runner;
      this.out = out;
      this.rate = options.rate(runner);
      this.users = options.users(runner);
    }

    void start() throws Exception {
      out.printf(
          "Stack up: Kafka %s, PostgreSQL %s, Redis %s.%n",
          stack.kafkaBootstrapServers(), stack.jdbcUrl(), stack.redisUri());
      int seeded =
          ProducerCli.commandLine()
              .setOut(out)
              .execute("seed", "--users", Integer.toString(users), "--jdbc-url", stack.jdbcUrl());
      if (seeded != 0) {
        throw new IllegalStateException("seeding failed");
      }
      out.printf(
          "%,d users at %,.0f/s: each pays once every %d s on average, at most once a minute"
              + " (docs/producer.md).%n",
          users, rate, PayerPace.meanInterval(users, rate).toSeconds());
      long busy = PayerPace.BOUNDED.busyUsers(rate);
      if (users < 2 * busy) {
        out.printf(
            "warning: %,d users are few for %,.0f/s (%,d pay within a minute): normal payers will"
                + " pay more often and the rules reject more; --users %,d or more.%n",
            users, rate, busy, PayerPace.usersFor(rate));
      }
      // Before the producer and the pipeline: what they write is this run's.
      status = new StatusLine(stack);
      producer =
          new Thread(
              () ->
                  ProducerCli.commandLine()
                      .setOut(new PrintWriter(Writer.nullWriter()))
                      .execute(
                          "produce",
                          "--rate",
                          Double.toString(rate),
                          "--fraud-rate",
                          Double.toString(options.fraudRate),
                          "--malformed-rate",
                          Double.toString(options.malformedRate),
                          "--bootstrap-servers",
                          stack.kafkaBootstrapServers(),
                          "--topic",
                          stack.topic(),
                          "--jdbc-url",
                          stack.jdbcUrl()),
              "bankstream-demo-producer");
      producer.start();
      out.printf(
          "Producing %.0f transactions/s (fraud %.0f%%, malformed %.0f%%); starting the pipeline"
              + " on the %s.%n",
          rate, options.fraudRate * 100, options.malformedRate * 100, runner.beamName());
      if (options.clusterName != null) {
        submitToCluster();
      } else if (runner == Runner.DIRECT) {
        pipeline = BankstreamPipeline.run(pipelineOptions());
      } else {
        pipelineProcess = startPipelineProcess();
      }
      if (!options.noDashboard && System.getenv("DISPLAY") != null) {
        dashboardProcess = DashboardProcess.start(runnersDirectory().getParent(), stack, out);
      }
      out.println("Press Ctrl-C to stop. Status every " + options.statusEvery + " s:");
      out.flush();
      while (!stopping) {
        TimeUnit.SECONDS.sleep(options.statusEvery); // The status line's period.
        if (!stopping) {
          addresses.newlyAnnounced().forEach(out::println);
          status.print(out);
        }
      }
    }

    private List<String> pipelineArguments() {
      return List.of(
          "--bootstrapServers=" + stack.kafkaBootstrapServers(),
          "--topic=" + stack.topic(),
          "--consumerGroup=" + CONSUMER_GROUP,
          "--jdbcUrl=" + stack.jdbcUrl(),
          "--dbUser=" + stack.databaseUser(),
          "--redisHost=" + stack.redisHost(),
          "--redisPort=" + stack.redisPort(),
          "--statsTtlMinutes=" + options.statsTtlMinutes);
    }

    /** The pipeline's bundled jar for Flink or Spark in a JVM of its own, its output to a log. */
    private Process startPipelineProcess() throws IOException {
      Path log = Path.of("target", "demo-" + runner.cliName() + ".log").toAbsolutePath();
      addresses = new PipelineAddresses(log);
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          RunnerProcess.command(
              runner, runnersDirectory(), RunnerProcess.DEFAULT_PARALLELISM, pipelineArguments());
      builder.environment().put(DatabasePassword.ENVIRONMENT_VARIABLE, stack.databasePassword());
      passRedisPassword(builder);
      out.printf("The %s's output goes to %s.%n", runner.beamName(), log);
      pipelineCommand = builder;
      return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Starts a real cluster of this machine (free ports) and submits the pipeline to it with the
     * project's script: Flink detached (the job runs on the cluster), Spark in client mode (the
     * driver is the script's process).
     */
    private void submitToCluster() throws Exception {
      Path root = runnersDirectory().getParent();
      Path log = Path.of("target", "demo-cluster-" + runner.cliName() + ".log").toAbsolutePath();
      addresses = new PipelineAddresses(log);
      Files.createDirectories(log.getParent());
      Submission submission =
          new Submission(
              root,
              new Submission.Settings(
                  stack.kafkaBootstrapServers(),
                  stack.topic(),
                  CONSUMER_GROUP,
                  stack.jdbcUrl(),
                  stack.databaseUser(),
                  stack.databasePassword(),
                  stack.redisHost(),
                  stack.redisPort()));
      List<String> ttl = List.of("--statsTtlMinutes=" + options.statsTtlMinutes);
      ProcessBuilder builder;
      if (runner == Runner.FLINK) {
        out.println("Starting a Flink session cluster (a JobManager, 2 TaskManagers)...");
        out.flush();
        flink = FlinkCluster.builder(Distributions.flinkHome(root)).restPort(0).rpcPort(0).start();
        cluster = flink;
        out.printf(
            "Flink cluster up: web UI %s; its logs in %s.%n", flink.webUi(), flink.logDirectory());
        builder = submission.flink(flink, List.of(), ttl);
      } else {
        out.println("Starting a Spark standalone cluster (a master, 2 workers)...");
        out.flush();
        SparkCluster spark =
            SparkCluster.builder(Distributions.sparkHome(root))
                .masterPort(0)
                .webUiPort(0)
                .restPort(0)
                .start();
        cluster = spark;
        out.printf(
            "Spark cluster up: %s, web UI %s; its logs in %s.%n",
            spark.masterUrl(), spark.webUi(), spark.logDirectory());
        builder = submission.spark(spark, ttl);
      }
      passRedisPassword(builder);
      out.printf("Submitting with the %s script; its output goes to %s.%n", runner.cliName(), log);
      out.flush();
      pipelineProcess = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (runner == Runner.FLINK) {
        // Detached: the script returns once the job is accepted.
        if (!pipelineProcess.waitFor(3, TimeUnit.MINUTES) || pipelineProcess.exitValue() != 0) {
          throw new IllegalStateException("flink-run.sh did not submit the job; see " + log);
        }
        pipelineProcess = null;
        out.printf("Job %s running on the cluster.%n", flink.jobs().get(0).id());
      }
    }

    private void passRedisPassword(ProcessBuilder builder) {
      if (stack.redisPassword() != null) {
        builder.environment().put(Startup.REDIS_PASSWORD_VARIABLE, stack.redisPassword());
      }
    }

    /** The DirectRunner's options as {@code ./bankstream pipeline} gives them. */
    private BankstreamOptions pipelineOptions() {
      List<String> arguments =
          new java.util.ArrayList<>(
              RunnerProcess.runnerOptions(
                  Runner.DIRECT, RunnerProcess.DEFAULT_PARALLELISM, pipelineArguments()));
      arguments.addAll(pipelineArguments());
      return BankstreamPipeline.parseOptions(arguments.toArray(String[]::new));
    }

    private void stopProcess(Process process) {
      if (process == null) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Stops the producer and the pipeline, then the stack; once. */
    synchronized void stop() {
      if (stopping) {
        return;
      }
      stopping = true;
      out.println();
      out.println("Stopping: producer, pipeline, then the stack...");
      out.flush();
      if (pipeline != null) {
        try {
          pipeline.cancel();
        } catch (Exception e) {
          out.println("cancelling the pipeline: " + e.getMessage());
        }
      }
      // SIGTERM: the pipeline's shutdown hook cancels the job; the dashboard just closes.
      stopProcess(dashboardProcess);
      stopProcess(pipelineProcess);
      RunnerProcess.removeRunFiles(pipelineCommand);
      if (flink != null) {
        flink.jobs().forEach(job -> flink.cancel(job.id()));
      }
      if (cluster != null) {
        try {
          cluster.close();
        } catch (Exception e) {
          out.println("stopping the cluster: " + e.getMessage());
        }
      }
      if (producer != null) {
        try {
          producer.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (status != null) {
        status.summary(out);
        status.close();
      }
      stack.close();
      out.println("Stopped.");
      out.flush();
    }
  }
}
