package io.bankstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the figures of a bench were measured on: the machine (cores, CPU, memory, JVM, OS) and the
 * checked-out commit, as the report's header gives them. Reads {@code /proc} and runs {@code git};
 * any it cannot read comes back as "unknown" or "?".
 */
final class Machine {
  private Machine() {}

  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %s RAM, %s %s, %s",
        Runtime.getRuntime().availableProcessors(),
        firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("CPU unknown"),
        firstValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(
                kb ->
                    String.format(
                        Locale.ROOT,
                        "%.0f GiB",
                        Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
            .orElse("?"),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  /** The checked-out commit, with {@code -dirty} when the tree has changes; else "unknown". */
  static String gitCommit(Path home) {
    try {
      String commit = run(home, "git", "rev-parse", "HEAD").strip();
      String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
      return commit.isEmpty() ? "unknown" : commit + (status.isBlank() ? "" : "-dirty");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String run(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.waitFor() == 0 ? output : "";
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst();
    } catch (IOException | java.io.UncheckedIOException e) {
      return java.util.Optional.empty();
    }
  }
}
