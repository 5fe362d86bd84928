package io.bankstream.demo;

import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.producer.traffic.PayerPace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of {@code ./bankstream demo}, a picocli mixin of {@link DemoCommand}, with the
 * defaults that depend on each other: the rate on the runner ({@link #rate(Runner)}), the users on
 * the rate ({@link #users(Runner)}).
 */
final class DemoOptions {

  /** The default rate on Flink and Spark (embedded or on a cluster): 1,000 a second. */
  static final double DEFAULT_RATE = 1_000;

  /** The default rate on the DirectRunner, which keeps up with about 50 a second on 2 cores. */
  static final double DEFAULT_DIRECT_RATE = 50;

  @Option(
      names = "--rate",
      paramLabel = "<per-second>",
      description =
          "Transactions per second (default: 1,000 on flink and spark; 50 on direct, which keeps"
              + " up with about 50 a second on 2 cores).")
  Double rate;

  @Option(
      names = "--runner",
      paramLabel = "<name>",
      defaultValue = "flink",
      description =
          "The pipeline's runner: flink (embedded, with checkpoints), direct (in this JVM) or"
              + " spark (local[2]); flink and spark run their bundled jar in a JVM of their own,"
              + " logging to target/demo-<runner>.log (default: ${DEFAULT-VALUE}).")
  String runnerName;

  @Option(
      names = "--cluster",
      paramLabel = "<name>",
      description =
          "Run the pipeline on a real cluster of this machine instead: flink (a session cluster,"
              + " a JobManager and 2 TaskManagers, submitted to by deploy/flink-run.sh) or"
              + " spark (a standalone cluster, a master and 2 workers, by"
              + " deploy/spark-submit.sh); their web UIs' addresses are printed, their logs"
              + " go to target/demo-cluster-<name>.log and the cluster's own directory.")
  String clusterName;

  @Option(
      names = "--no-dashboard",
      description =
          "Do not open the dashboard (it opens by itself when a display exists: DISPLAY is set).")
  boolean noDashboard;

  @Option(
      names = "--users",
      paramLabel = "<n>",
      description =
          "Users to seed (default: "
              + PayerPace.USERS_PER_RATE
              + " per transaction a second, at least 10,000: 200,000 at 1,000/s, so that each"
              + " payer pays once every 200 s on average; see docs/producer.md).")
  Integer users;

  @Option(
      names = "--fraud-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.03",
      description = "Share of fraud records (default: ${DEFAULT-VALUE}).")
  double fraudRate;

  @Option(
      names = "--malformed-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.01",
      description = "Share of malformed records (default: ${DEFAULT-VALUE}).")
  double malformedRate;

  @Option(
      names = "--status-every",
      paramLabel = "<seconds>",
      defaultValue = "5",
      description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
  int statusEvery;

  @Option(
      names = "--stats-ttl-minutes",
      paramLabel = "<minutes>",
      defaultValue = "120",
      description =
          "Time to live of the Redis statistics keys; more than the window plus its allowed"
              + " lateness, 11 minutes (default: ${DEFAULT-VALUE}).")
  int statsTtlMinutes;

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      description = "Keep the stack's data here (default: a temporary directory, deleted on exit).")
  Path dataDirectory;

  @Option(
      names = "--kafka-port",
      paramLabel = "<port>",
      defaultValue = "9092",
      description = "Kafka's port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      paramLabel = "<port>",
      defaultValue = "9093",
      description = "Kafka's controller port (default: ${DEFAULT-VALUE}).")
  int kafkaControllerPort;

  @Option(
      names = "--postgres-port",
      paramLabel = "<port>",
      defaultValue = "5432",
      description = "PostgreSQL's port (default: ${DEFAULT-VALUE}).")
  int postgresPort;

  @Option(
      names = "--redis-port",
      paramLabel = "<port>",
      defaultValue = "6379",
      description = "Redis's port (default: ${DEFAULT-VALUE}).")
  int redisPort;

  /** The rate asked for, or the runner's default. */
  double rate(Runner runner) {
    if (rate != null) {
      return rate;
    }
    return runner == Runner.DIRECT ? DEFAULT_DIRECT_RATE : DEFAULT_RATE;
  }

  /** The users asked for, or as many as {@link PayerPace#usersFor} gives for the rate. */
  int users(Runner runner) {
    return users != null ? users : PayerPace.usersFor(rate(runner));
  }

  /**
   * Checks the numbers: one message naming the option that is out of range, or null.
   *
   * @param runner the runner chosen, on which the defaults depend
   */
  String problem(Runner runner) {
    double chosen = rate(runner);
    if (!(chosen > 0) || Double.isInfinite(chosen)) {
      return "--rate must be a positive number, was " + rate;
    }
    if (users != null && users < 2) {
      return "--users must be at least 2, was " + users;
    }
    if (statusEvery < 1) {
      return "--status-every must be at least 1, was " + statusEvery;
    }
    return null;
  }
}
