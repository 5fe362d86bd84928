package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the cluster tests share: the repository, HTTP gets, polling with a deadline. */
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
}
