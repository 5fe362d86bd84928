package io.bankstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code StackCommand} as its own process, as {@code ./bankstream stack} does: a second stack
 * on the same ports is refused with a message naming the port and its option, and Ctrl-C (SIGINT)
 * on the first stops every server and deletes its data.
 */
class StackCommandIT {

  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    // Its servers first: killing the stack's JVM alone would leave them running, orphaned.
    processes.forEach(
        process -> {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        });
  }

  @Test
  void aSecondStackIsRefusedAndCtrlCStopsTheFirstCleanly() throws Exception {
    assertThat(sigintIgnored())
        .as(
            "SIGINT is ignored here and in what this JVM starts (a background job of a"
                + " non-interactive shell?), so no Ctrl-C can reach the stack: run the tests in the"
                + " foreground or from a shell with job control")
        .isFalse();
    List<String> ports =
        List.of(
            "--kafka-port", Integer.toString(Ports.free()),
            "--kafka-controller-port", Integer.toString(Ports.free()),
            "--postgres-port", Integer.toString(Ports.free()),
            "--redis-port", Integer.toString(Ports.free()));
    Process first = start(ports);
    BlockingQueue<String> firstOutput = linesOf(first);
    List<String> banner = awaitLine(firstOutput, "Press Ctrl-C to stop.", STARTUP);
    Path dataDirectory = dataDirectoryIn(banner);
    assertThat(dataDirectory).isDirectory();

    Process second = start(ports);
    BlockingQueue<String> secondOutput = linesOf(second);
    assertThat(second.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(StackCommand.EXIT_NOT_STARTED);
    assertThat(String.join("\n", secondOutput))
        .contains("error: Kafka port " + ports.get(1) + " on 127.0.0.1 is already in use")
        .contains("--kafka-port <port>")
        .doesNotContain("Exception");

    new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor();

    if (!first.waitFor(60, TimeUnit.SECONDS)) {
      // Say where it hangs: its output since the banner and its threads, before it is killed.
      throw new AssertionError(
          "the stack did not exit within 60 s of Ctrl-C; its output:\n"
              + String.join("\n", firstOutput)
              + "\nits threads:\n"
              + threadDump(first));
    }
    assertThat(awaitLine(firstOutput, "Stopped.", Duration.ofSeconds(5))).isNotEmpty();
    assertThat(first.descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    assertThat(dataDirectory).doesNotExist();
    for (int i = 1; i < ports.size(); i += 2) {
      assertThat(Ports.isListening(Integer.parseInt(ports.get(i))))
          .as("port %s after Ctrl-C", ports.get(i))
          .isFalse();
    }
  }

  private Process start(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StackCommand.class.getName());
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    return process;
  }

  /** Whether this process ignores SIGINT (bit 2 of {@code SigIgn} in {@code /proc/self/status}). */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    try (Stream<String> lines = Files.lines(status)) {
      return lines
          .filter(line -> line.startsWith("SigIgn:"))
          .map(line -> Long.parseUnsignedLong(line.substring(7).trim(), 16))
          .anyMatch(mask -> (mask & (1L << 1)) != 0);
    }
  }

  /** The JVM's own thread dump of {@code process} ({@code jcmd <pid> Thread.print}). */
  private static String threadDump(Process process) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process dump =
        new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
            .redirectErrorStream(true)
            .start();
    String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    dump.waitFor(30, TimeUnit.SECONDS);
    return text;
  }

  /** Collects a process's output lines on a daemon thread. */
  private static BlockingQueue<String> linesOf(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** Takes lines until one equals {@code expected}; returns them all, or fails at the deadline. */
  private static List<String> awaitLine(
      BlockingQueue<String> lines, String expected, Duration timeout) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.trim().equals(expected)) {
          return seen;
        }
      }
    }
    throw new AssertionError("no line '" + expected + "' within " + timeout + "; saw " + seen);
  }

  private static Path dataDirectoryIn(List<String> banner) {
    return banner.stream()
        .map(String::trim)
        .filter(line -> line.startsWith("Data "))
        .map(line -> Path.of(line.substring(5).trim().split(" ")[0]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Data line in " + banner));
  }
}
