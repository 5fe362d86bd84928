package io.bankstream.reliability;

import io.bankstream.cluster.RunnerProcess;
import io.bankstream.cluster.RunnerProcess.Runner;
import io.bankstream.localstack.LocalStack;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.SpreadEventClock;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline's bundled jar, in a JVM of its own, killed with SIGKILL at three random moments of a
 * run of 50,000 transactions and started again after each kill, on the DirectRunner and on Flink
 * embedded (with its checkpoints). For Flink the records are published at a steady rate while the
 * pipeline runs; the DirectRunner, which decides a few hundred records a second on two cores and
 * more slowly still under a live load, gets them all in Kafka first, with event times spread at 500
 * a second as the bench loads its backlog (live ones would put 50,000 records in one second of
 * event time). Either way every kill lands with records read and not yet written, in every step.
 * Afterwards every record of the topic is in {@code transacoes} or {@code dead_letters} exactly
 * once, no balance is below zero, the sum of balances is unchanged, and every balance is its seeded
 * value minus the approved debits plus the approved credits.
 *
 * <p>The moments are drawn from a seed printed at the start ({@code -Dcrash.seed=} repeats them):
 * each is a share of the records, between 10% and 90%, that PostgreSQL must hold before the kill.
 */
class CrashRecoveryIT {

  private static final int RECORDS = 50_000;
  private static final int PER_SECOND = 1_000;
  private static final int USERS = 10_000;
  private static final int KILLS = 3;
  // A bound that only stops a hung run: the DirectRunner decides 100 to 150 records a second here,
  // less when the test JVM beside it is busy; how fast is for bench/, not for this test.
  private static final Duration DEADLINE = Duration.ofMinutes(16);

  private static LocalStack stack;
  private static Path runnersDir;
  private static Scenario scenario;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
    runnersDir = Path.of(System.getProperty("bankstream.runners.dir", "../../runners"));
    scenario =
        new Scenario(stack, new UserGenerator(new Random(41)).generate(USERS, Instant.now()));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Runner.class,
      names = {"DIRECT", "FLINK"})
  void killedThreeTimesLosesNothingWritesNothingTwiceAndKeepsTheLedger(Runner runner)
      throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Long> killAt = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      killAt.add((long) (RECORDS * (0.1 + 0.8 * random.nextDouble())));
    }
    killAt.sort(Comparator.naturalOrder());
    System.out.printf(
        "CrashRecoveryIT %s: seed %d (-Dcrash.seed=%d repeats it), kills once %s records are"
            + " written%n",
        runner, seed, seed, killAt);
    String topic = "crash_" + runner.cliName();
    scenario.createTopic(topic);
    scenario.reset();

    long started = System.nanoTime();
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () ->
                scenario.publish(
                    topic,
                    RECORDS,
                    runner == Runner.DIRECT ? Double.POSITIVE_INFINITY : PER_SECOND,
                    runner == Runner.DIRECT
                        ? new SpreadEventClock(
                            Instant.now(), RECORDS, 500, Duration.ofSeconds(1), new Random(43))
                        : EventClock.live(Clock.systemUTC(), Duration.ofSeconds(1), new Random(43)),
                    47));
    if (runner == Runner.DIRECT) {
      publishing.join(); // See the class comment.
    }
    Path log = Path.of("target", "crash-" + runner.cliName() + ".log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (int run = 0; run <= KILLS; run++) {
      Process pipeline = start(runner, topic, log);
      try {
        long target = run < KILLS ? killAt.get(run) : RECORDS;
        while (scenario.written(topic) < target || (run == KILLS && !publishing.isDone())) {
          if (!pipeline.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(
                String.format(
                    "%s run %d: %s before %,d records were written (%,d are); log %s ends"
                        + " with:%n%s",
                    runner,
                    run,
                    pipeline.isAlive() ? "deadline passed" : "exited " + pipeline.exitValue(),
                    target,
                    scenario.written(topic),
                    log.toAbsolutePath(),
                    Scenario.tail(log)));
          }
          TimeUnit.MILLISECONDS.sleep(100); // Polling the condition, bounded by the deadline.
        }
        if (run < KILLS) {
          System.out.printf(
              "CrashRecoveryIT %s: SIGKILL at %,d records written%n",
              runner, scenario.written(topic));
        }
      } finally {
        // SIGKILL, also for the last run: nothing may depend on a clean stop.
        pipeline.destroyForcibly().waitFor();
      }
    }
    publishing.join();
    System.out.printf(
        "CrashRecoveryIT %s: %,d records through %d kills in %d s%n",
        runner, RECORDS, KILLS, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

    scenario.assertExactlyOnceAndLedger(topic, RECORDS);
  }

  private static Process start(Runner runner, String topic, Path log) throws IOException {
    ProcessBuilder builder =
        RunnerProcess.command(
            runner,
            runnersDir,
            2,
            List.of(
                "--bootstrapServers=" + stack.kafkaBootstrapServers(),
                "--topic=" + topic,
                "--consumerGroup=crash-" + runner.cliName(),
                "--jdbcUrl=" + stack.jdbcUrl(),
                "--dbUser=" + stack.databaseUser(),
                "--redisHost=" + stack.redisHost(),
                "--redisPort=" + stack.redisPort()));
    builder.environment().put("BANKSTREAM_DB_PASSWORD", stack.databasePassword());
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
