package io.bankstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bankstream cluster flink|spark} as a user runs it (the command's main class in a JVM of
 * its own): it prints each daemon's pid and address and how to submit, and SIGTERM (what Ctrl-C
 * sends the launcher's JVM as well) stops every process it started and deletes its directory; a
 * port in use is refused with one {@code error:} line naming the option.
 */
class ClusterCommandIT {

  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  private static final Pattern LOGS = Pattern.compile("Logs +(\\S+)");

  @TempDir Path temp;

  @Test
  void flinkStartsPrintsAndStopsEverythingOnSigterm() throws Exception {
    upPrintAndStop(
        List.of("flink", "--taskmanagers", "2", "--rest-port", "0", "--rpc-port", "0"),
        "bankstream Flink session cluster is up",
        3,
        List.of("deploy/flink-run.sh", "FLINK_JOBMANAGER=127.0.0.1:", "web UI and REST"));
  }

  @Test
  void sparkStartsPrintsAndStopsEverythingOnSigterm() throws Exception {
    upPrintAndStop(
        List.of(
            "spark",
            "--workers",
            "2",
            "--master-port",
            "0",
            "--webui-port",
            "0",
            "--rest-port",
            "0"),
        "bankstream Spark standalone cluster is up",
        3,
        List.of(
            "deploy/spark-submit.sh",
            "SPARK_MASTER=spark://127.0.0.1:",
            "BANKSTREAM_SPARK_CHECKPOINT_DIR=file:/",
            "web UI"));
  }

  @Test
  void aPortInUseIsOneErrorLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process command =
          start(List.of("flink", "--rest-port", Integer.toString(taken.getLocalPort())));
      assertThat(command.waitFor(2, TimeUnit.MINUTES)).isTrue();
      String err = Files.readString(temp.resolve("err"));
      assertThat(command.exitValue()).isEqualTo(ClusterCommand.EXIT_NOT_STARTED);
      assertThat(err.lines().toList())
          .containsExactly(
              "error: Flink REST and web UI port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use. Stop what uses it, or choose another port"
                  + " with --rest-port <port>.");
    }
  }

  private void upPrintAndStop(
      List<String> arguments, String upLine, int daemons, List<String> printed) throws Exception {
    Process command = start(arguments);
    Path out = temp.resolve("out");
    try {
      Clusters.await(
          Duration.ofMinutes(3),
          () -> read(out).contains("Press Ctrl-C") || !command.isAlive(),
          "the cluster command says it is up");
      String text = read(out);
      assertThat(text).as(read(temp.resolve("err"))).contains(upLine);
      assertThat(text).contains(printed);
      List<Long> pids = new ArrayList<>();
      Matcher matcher = PID.matcher(text);
      while (matcher.find()) {
        pids.add(Long.parseLong(matcher.group(1)));
      }
      assertThat(pids).hasSize(daemons);
      assertThat(pids)
          .allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      Matcher logs = LOGS.matcher(text);
      assertThat(logs.find()).isTrue();
      Path work = Path.of(logs.group(1)).getParent();
      assertThat(work).isDirectory();

      command.destroy(); // SIGTERM
      assertThat(command.waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 minutes").isTrue();
      assertThat(read(out)).contains("Stopped.");
      assertThat(pids)
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThat(work).doesNotExist();
    } finally {
      command.destroyForcibly();
    }
  }

  private Process start(List<String> arguments) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ClusterCommand.class.getName()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BANKSTREAM_HOME", Clusters.root().toString());
    return builder
        .redirectOutput(temp.resolve("out").toFile())
        .redirectError(temp.resolve("err").toFile())
        .start();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
