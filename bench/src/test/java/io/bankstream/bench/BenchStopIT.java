package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bankstream bench} stopped by SIGTERM (what Ctrl-C does, through the same shutdown hook)
 * in the middle of a capacity step, as its own process: it says so and exits, its contender's JVM
 * is gone, and so are its stack's servers (PostgreSQL detaches from the JVM that starts it, so only
 * the bench's own stopping stops it) and their data directory.
 */
class BenchStopIT {

  private static final Duration STARTED_WITHIN = Duration.ofMinutes(2);
  private static final Duration STOPPED_WITHIN = Duration.ofMinutes(1);

  @TempDir Path temporary;

  private Process bench;
  private List<ProcessHandle> started = List.of();

  @AfterEach
  void killLeftovers() {
    // What a failed run left: its children, and its PostgreSQL, which no longer descends from it.
    if (bench != null) {
      bench.descendants().forEach(ProcessHandle::destroyForcibly);
      bench.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
      stackServers(temporary.resolve("tmp")).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aSignalMidStepStopsTheContenderAndTheStack() throws Exception {
    Path scratch = Files.createDirectories(temporary.resolve("tmp"));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Djava.io.tmpdir=" + scratch);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchCommand.class.getName());
    command.addAll(
        List.of(
            "--mode=capacity",
            "--runners=floor",
            "--users=200",
            "--start-rate=100",
            "--step-seconds=600",
            "--heap=512m",
            "--out=" + temporary.resolve("out"),
            "--runners-dir=" + System.getProperty("bankstream.runners.dir", "../runners")));
    Path printed = temporary.resolve("bench.log");
    bench =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(printed.toFile())
            .start();

    Path floorLog = temporary.resolve("out").resolve("logs").resolve("capacity-floor.log");
    long end = System.nanoTime() + STARTED_WITHIN.toNanos();
    while (!reading(floorLog)) {
      assertThat(bench.isAlive())
          .as("the bench exited early; printed:%n%s", Files.readString(printed))
          .isTrue();
      assertThat(System.nanoTime())
          .as(
              "the floor reading within %s; printed:%n%s",
              STARTED_WITHIN, Files.readString(printed))
          .isLessThan(end);
      TimeUnit.MILLISECONDS.sleep(200); // Polling the condition, bounded by the deadline.
    }
    started = bench.descendants().toList();
    assertThat(started)
        .as("the floor's JVM among the bench's children")
        .anyMatch(process -> process.info().command().orElse("").endsWith("/java"));
    assertThat(stackServers(scratch))
        .as("the stack's PostgreSQL and Redis, running")
        .hasSizeGreaterThanOrEqualTo(2);

    bench.destroy();

    assertThat(bench.waitFor(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS))
        .as("the bench stopped within %s", STOPPED_WITHIN)
        .isTrue();
    String output = Files.readString(printed);
    assertThat(bench.exitValue()).as("exit code; printed:%n%s", output).isEqualTo(128 + 15);
    assertThat(output)
        .contains("Stopped by a signal; the contender and the stack it started are stopped.");
    assertThat(started).as("the bench's child processes").noneMatch(ProcessHandle::isAlive);
    assertThat(stackServers(scratch)).as("processes of its stack").isEmpty();
    try (Stream<Path> left = Files.list(scratch)) {
      // But embedded-pg: zonky's shared directory for PostgreSQL binaries, made once and used by
      // every later run (empty: the stack unpacks them under ~/.cache/bankstream).
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("what the bench left in its temporary directory")
          .allMatch(name -> name.equals("embedded-pg"));
    }
  }

  /** The floor of the first capacity step is reading its topic (its first line says so). */
  private static boolean reading(Path floorLog) throws IOException {
    return Files.exists(floorLog) && Files.readString(floorLog).contains("Floor reading");
  }

  /** Every process whose command line names {@code scratch}: the stack's PostgreSQL, its Redis. */
  private List<ProcessHandle> stackServers(Path scratch) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine().orElse("").contains(scratch.toString()))
        .filter(process -> process.pid() != bench.pid())
        .toList();
  }
}
