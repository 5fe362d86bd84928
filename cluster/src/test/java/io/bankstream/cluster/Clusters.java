package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the cluster tests share: the repository, HTTP gets, polling with a deadline, a port in use,
 * and what a closed cluster leaves behind.
 */
final class Clusters {

  private Clusters() {}

  /** The repository's root ({@code bankstream.root}, set by the build). */
  static Path root() {
    return Path.of(System.getProperty("bankstream.root", "..")).toAbsolutePath().normalize();
  }

  /** The body at {@code url}. */
  static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * Waits until {@code condition} holds, polling; fails naming {@code what} after {@code timeout}.
   */
  static void await(Duration timeout, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout.toSeconds() + " s: " + what);
      }
      Thread.sleep(250); // Polling the condition, bounded by the deadline.
    }
  }

  /** The pids of the Java processes this test's JVM started (its descendants), sorted. */
  static List<Long> javaProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .sorted()
        .toList();
  }

  /** Starts a cluster whose {@code port} is the one under test; other ports are free. */
  @FunctionalInterface
  interface StartOnPort {
    void start(int port) throws Exception;
  }

  /**
   * Starting on a port another socket holds fails with a {@link PortInUseException} whose message
   * names the port ({@code portName} and its number) and whose option is {@code option}, and leaves
   * no new process.
   */
  static void assertPortInUseRefused(StartOnPort start, String portName, String option)
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Long> before = javaProcesses();
      assertThatThrownBy(() -> start.start(taken.getLocalPort()))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining(portName + " " + taken.getLocalPort())
          .extracting(e -> ((PortInUseException) e).option())
          .isEqualTo(option);
      assertThat(javaProcesses()).isEqualTo(before);
    }
  }

  /**
   * What a running cluster has made, noted by the test: its daemons' processes and its work
   * directory, so that once the cluster is closed the test can check that none is left.
   */
  static final class Leftovers {
    private final List<ProcessHandle> processes = new ArrayList<>();
    private Path workDirectory;

    void workDirectory(Path directory) {
      workDirectory = directory;
    }

    void add(Daemon daemon) {
      processes.add(daemon.handle());
    }

    List<ProcessHandle> processes() {
      return processes;
    }

    /** The distinct pids of the processes noted: one per daemon when each runs on its own. */
    List<Long> distinctPids() {
      return processes.stream().map(ProcessHandle::pid).distinct().toList();
    }

    void assertNoneLeft() {
      assertThat(processes).noneMatch(ProcessHandle::isAlive);
      assertThat(workDirectory).doesNotExist();
    }
  }
}
