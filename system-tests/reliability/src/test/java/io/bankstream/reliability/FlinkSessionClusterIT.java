package io.bankstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.Distributions;
import io.bankstream.cluster.FlinkCluster;
import io.bankstream.cluster.Submission;
import io.bankstream.localstack.LocalStack;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a real Flink session cluster (a JobManager and two TaskManagers of two slots,
 * each a process of its own), submitted by {@code deploy/flink-run.sh} as a user submits it:
 *
 * <ul>
 *   <li>a TaskManager running a task killed with SIGKILL in the middle of 50,000 live records: the
 *       job restarts from its last checkpoint on the other TaskManager, every record ends in
 *       exactly one of {@code transacoes} or {@code dead_letters} and the ledger is exact; the time
 *       from the kill to the job running again and to its first new decision is printed;
 *   <li>the client gone: the submitting process killed while it follows the job, the job keeps
 *       running; cancelled through the REST API it stops writing; submitted again (detached, the
 *       script exits by itself) it resumes where the database ends, exactly once;
 *   <li>bad input at submission (a wrong JobManager address, a missing jar, a bad option): one
 *       {@code error:} line, exit code 2, and no job on the cluster.
 * </ul>
 *
 * One cluster and one local stack for the class; each test has its own topic and consumer group.
 */
class FlinkSessionClusterIT {

  private static final int USERS = 10_000;
  private static final Duration DEADLINE = Duration.ofMinutes(6);

  private static LocalStack stack;
  private static Scenario scenario;
  private static FlinkCluster flink;
  private static Path root;

  @BeforeAll
  static void start() {
    root = Scenario.root();
    stack = LocalStack.start();
    scenario =
        new Scenario(stack, new UserGenerator(new Random(51)).generate(USERS, Instant.now()));
    flink =
        FlinkCluster.builder(Distributions.flinkHome(root))
            .taskManagers(2)
            .slots(2)
            .restPort(0)
            .rpcPort(0)
            .start();
  }

  @AfterAll
  static void stop() {
    if (flink != null) {
      flink.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aKilledTaskManagerCostsNoRecordAndNoMoney() throws Exception {
    String topic = "failover_flink";
    int records = 50_000;
    scenario.createTopic(topic);
    scenario.reset();
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () ->
                scenario.publish(
                    topic,
                    records,
                    2_000,
                    EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(53)),
                    59));
    Path log = log("failover");
    String job = submitDetached(topic, "failover", log);
    await("30% of the records written", () -> written(topic) >= records * 3 / 10, log);

    int victim =
        flink.busyTaskManager().orElseThrow(() -> new AssertionError("no TaskManager runs a task"));
    long before = written(topic);
    Instant killed = Instant.now();
    flink.killTaskManager(victim);
    System.out.printf(
        "FlinkSessionClusterIT: SIGKILL to %s at %,d records written%n",
        flink.taskManagers().get(victim), before);

    await(
        "the job running again after the kill",
        () -> flink.runningSince(job).filter(since -> since.isAfter(killed)).isPresent(),
        log);
    Instant running = flink.runningSince(job).orElseThrow();
    await("a decision of the restarted job", () -> firstDecisionAfter(running) != null, log);
    Instant firstDecision = firstDecisionAfter(running);
    await("every record written", () -> publishing.isDone() && written(topic) == records, log);
    publishing.join();
    System.out.printf(
        "FlinkSessionClusterIT: TaskManager killed -> job RUNNING again in %d ms, -> first new"
            + " decision in %d ms; %d restart(s); %,d records, the last written %s%n",
        Duration.between(killed, running).toMillis(),
        Duration.between(killed, firstDecision).toMillis(),
        flink.restarts(job),
        records,
        Instant.now());
    assertThat(flink.restarts(job)).as("restarts").isPositive();
    scenario.assertExactlyOnceAndLedger(topic, records);

    // Cancelled with Flink's own client this time.
    Path cancelLog = log("cancel");
    Process cancel =
        new ProcessBuilder(
                Distributions.flinkHome(root).resolve("bin/flink").toString(),
                "cancel",
                "-m",
                flink.restAddress(),
                job)
            .redirectErrorStream(true)
            .redirectOutput(cancelLog.toFile())
            .start();
    cancel.getOutputStream().close();
    assertThat(cancel.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(cancel.exitValue()).as(Scenario.tail(cancelLog)).isZero();
    await("the job CANCELED", () -> flink.state(job).orElse("").equals("CANCELED"), log);
  }

  @Test
  void theJobOutlivesItsClientStopsWhenCancelledAndResumesWhenSubmittedAgain() throws Exception {
    String topic = "client_flink";
    int records = 20_000;
    scenario.createTopic(topic);
    scenario.reset();
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () ->
                scenario.publish(
                    topic,
                    records,
                    1_000,
                    EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(61)),
                    67));
    List<String> before = jobIds();
    Path attachedLog = log("attached");
    Process client =
        submission(topic, "client")
            .flink(flink, List.of("--attached"), List.of())
            .redirectErrorStream(true)
            .redirectOutput(attachedLog.toFile())
            .start();
    await(
        "the attached submission's job running",
        () -> newJob(before).flatMap(flink::state).orElse("").equals("RUNNING"),
        attachedLog);
    String job = newJob(before).orElseThrow();
    await("some records written", () -> written(topic) > 2_000, attachedLog);
    client.destroyForcibly().waitFor();
    long atKill = written(topic);
    await(
        "records written after the client was killed",
        () -> written(topic) > atKill + 2_000,
        attachedLog);
    assertThat(flink.state(job)).contains("RUNNING");

    assertThat(flink.cancel(job)).as("cancel through the REST API").isTrue();
    await("the job CANCELED", () -> flink.state(job).orElse("").equals("CANCELED"), attachedLog);
    await(
        "every slot free again (no task of the job left anywhere)",
        () -> flink.freeSlots() == flink.totalSlots(),
        attachedLog);
    assertThat(written(topic)).as("not everything written before the cancel").isLessThan(records);

    Path detachedLog = log("resubmit");
    String resubmitted = submitDetached(topic, "client", detachedLog);
    assertThat(resubmitted).isNotEqualTo(job);
    await(
        "every record written after the resubmission",
        () -> publishing.isDone() && written(topic) == records,
        detachedLog);
    publishing.join();
    scenario.assertExactlyOnceAndLedger(topic, records);
    assertThat(flink.cancel(resubmitted)).isTrue();
    await(
        "the resubmitted job CANCELED",
        () -> flink.state(resubmitted).orElse("").equals("CANCELED"),
        detachedLog);
  }

  @Test
  void aBadSubmissionIsOneErrorLineAndStartsNothing() throws Exception {
    List<String> before = jobIds();
    int free;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = socket.getLocalPort();
    }

    ProcessBuilder wrongAddress =
        submission(stack.topic(), "bad").flink(flink, List.of(), List.of());
    wrongAddress.environment().put("FLINK_JOBMANAGER", "127.0.0.1:" + free);
    Scenario.assertOneError(
        wrongAddress, "error: no Flink JobManager answers at 127.0.0.1:" + free);

    ProcessBuilder missingJar = submission(stack.topic(), "bad").flink(flink, List.of(), List.of());
    missingJar.environment().put("BANKSTREAM_JAR", root.resolve("no-such.jar").toString());
    Scenario.assertOneError(missingJar, "error: jar not found: " + root.resolve("no-such.jar"));

    Scenario.assertOneError(
        submission(stack.topic(), "bad").flink(flink, List.of(), List.of("--windowSeconds=abc")),
        "error: --windowSeconds=abc: ");
    Scenario.assertOneError(
        submission(stack.topic(), "bad").flink(flink, List.of(), List.of("--windowSeconds=0")),
        "error: --windowSeconds must be at least 1, was 0");

    assertThat(jobIds()).as("jobs on the cluster").isEqualTo(before);
  }

  /** Submits detached with flink-run.sh, which must return 0 by itself; returns the job's id. */
  private static String submitDetached(String topic, String group, Path log) throws Exception {
    List<String> before = jobIds();
    Process submit =
        submission(topic, group)
            .flink(flink, List.of(), List.of())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(submit.waitFor(3, TimeUnit.MINUTES)).as("flink-run.sh returned").isTrue();
    assertThat(submit.exitValue()).as("flink-run.sh: %s", Scenario.tail(log)).isZero();
    String job = newJob(before).orElseThrow(() -> new AssertionError("no new job"));
    assertThat(Files.readString(log)).contains("Job " + job + " runs on the cluster");
    return job;
  }

  private static Submission submission(String topic, String group) {
    return new Submission(root, scenario.settings(topic, "cluster-" + group));
  }

  private static List<String> jobIds() {
    return flink.jobs().stream().map(FlinkCluster.Job::id).sorted().toList();
  }

  private static Optional<String> newJob(List<String> before) {
    return jobIds().stream().filter(id -> !before.contains(id)).findFirst();
  }

  private static long written(String topic) {
    return scenario.progress(topic);
  }

  private static Instant firstDecisionAfter(Instant after) {
    try {
      return scenario.firstDecisionAfter(after);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path log(String name) throws IOException {
    return Scenario.log("flink-cluster-" + name);
  }

  /** Polls {@code condition} until {@link #DEADLINE}, the JobManager alive; else fails. */
  private static void await(String what, BooleanSupplier condition, Path log) throws Exception {
    Scenario.await(
        what,
        condition,
        () -> flink.jobManager().isAlive(),
        DEADLINE,
        () ->
            String.format(
                "the submission's log %s ends with:%n%s%n--- JobManager:%n%s",
                log.toAbsolutePath(),
                Scenario.tail(log),
                Scenario.tail(flink.logDirectory().resolve("jobmanager.log"))));
  }
}
