package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How Flink's scripts start its daemons, for {@link FlinkCluster}: the distribution's {@code conf/}
 * copied with a cluster's settings, the memory flags {@code BashJavaUtils} computes from them, and
 * the {@code java} command line of a JobManager or TaskManager.
 */
final class FlinkLauncher {

  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String EXEC_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  private final Path home;
  private final WorkDirectory work;
  private final Path conf;
  private final Path logs;

  /** Daemons of the distribution at {@code home}, configured in {@code conf}, logging to logs. */
  FlinkLauncher(Path home, WorkDirectory work, Path conf, Path logs) {
    this.home = home;
    this.work = work;
    this.conf = conf;
    this.logs = logs;
  }

  /** The distribution's {@code conf/}, with {@code overrides} replacing its settings. */
  void writeConfiguration(Map<String, String> overrides) {
    Path source = home.resolve("conf");
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("flink-conf.yaml")) {
          Files.copy(
              file,
              conf.resolve(file.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      StringBuilder yaml = new StringBuilder();
      Path defaults = source.resolve("flink-conf.yaml");
      if (Files.exists(defaults)) {
        for (String line : Files.readAllLines(defaults)) {
          String key = line.split(":", 2)[0].strip();
          if (!overrides.containsKey(key)) {
            yaml.append(line).append('\n');
          }
        }
      }
      yaml.append("# Written by ./bankstream cluster flink for this cluster.\n");
      overrides.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
      Files.writeString(conf.resolve("flink-conf.yaml"), yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration to " + conf, e);
    }
  }

  /**
   * What Flink's scripts ask {@code BashJavaUtils} for: the JVM memory flags (first) and the
   * derived memory settings to pass as {@code -D} (second).
   */
  List<String> resourceParams(String command) {
    List<String> java =
        List.of(
            javaExecutable(),
            "-cp",
            home.resolve("lib") + "/*",
            BASH_JAVA_UTILS,
            command,
            "--configDir",
            conf.toString());
    try {
      Process process = new ProcessBuilder(java).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new ClusterStartException(
            "Flink's BashJavaUtils " + command + " failed on " + conf + ":\n" + output.strip());
      }
      List<String> results =
          output
              .lines()
              .filter(line -> line.startsWith(EXEC_RESULT))
              .map(line -> line.substring(EXEC_RESULT.length()).strip())
              .toList();
      if (results.size() < 2) {
        throw new ClusterStartException(
            "Flink's BashJavaUtils " + command + " printed no memory settings:\n" + output.strip());
      }
      return results.subList(results.size() - 2, results.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Flink's BashJavaUtils: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted while computing Flink's memory settings", e);
    }
  }

  /** {@code -D k=v -D k2=v2} as arguments. */
  static List<String> dynamicProperties(String line) {
    return Arrays.stream(line.split("\\s+")).filter(token -> !token.isEmpty()).toList();
  }

  /**
   * {@code java} with the distribution's {@code jvm.options}, {@code memoryFlags}, a log file
   * {@code logName.log}, its {@code lib/} as class path, then {@code main} and {@code arguments}.
   */
  List<String> javaCommand(
      String memoryFlags, String logName, String main, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(JvmOptions.read(home.resolve("conf").resolve("jvm.options")));
    command.addAll(dynamicProperties(memoryFlags));
    command.add("-Dlog.file=" + logs.resolve(logName + ".log"));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("-Djava.io.tmpdir=" + work.subdirectory("tmp"));
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    command.add(main);
    command.addAll(arguments);
    return command;
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
