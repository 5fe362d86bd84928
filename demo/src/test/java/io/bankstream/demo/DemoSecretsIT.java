package io.bankstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs {@code ./bankstream demo} as its own process, as the launcher does, with a database
 * password, a dashboard password and a Redis password of its own given in the documented
 * environment variables, and every logger at INFO. While it runs, the servers take those passwords
 * and refuse the development defaults; once the pipeline has written rows and it is stopped with
 * SIGTERM, none of the three passwords appears in its standard output, its standard error, or any
 * file it left under its data directory or its working directory (logs, server data, everything).
 */
class DemoSecretsIT {

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Pattern DECIDED = Pattern.compile("decided ([0-9,]+)");
  private static final Pattern POSTGRES_PORT =
      Pattern.compile("PostgreSQL jdbc:postgresql://[^:]+:(\\d+)/");
  private static final Pattern REDIS_PORT = Pattern.compile("Redis redis://[^:]+:(\\d+)");

  private final String dbPassword = "db-" + UUID.randomUUID();
  private final String dashboardPassword = "dash-" + UUID.randomUUID();
  private final String redisPassword = "redis-" + UUID.randomUUID();

  @TempDir Path directory;

  private Process demo;

  @AfterEach
  void killLeftover() throws InterruptedException {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFullDemoRunLogsNoPassword() throws Exception {
    Path dataDirectory = directory.resolve("data");
    Path workDirectory = Files.createDirectories(directory.resolve("work"));
    Path stdout = directory.resolve("stdout.txt");
    Path stderr = directory.resolve("stderr.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Every logger at INFO: the servers' and clients' own start-up chatter is searched too.
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    for (String logger : List.of("kafka", "org.apache.kafka", "io.zonky")) {
      command.add("-Dorg.slf4j.simpleLogger.log." + logger + "=info");
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            DemoCommand.class.getName(),
            "--runner",
            "direct",
            "--users",
            "500",
            "--rate",
            "50",
            "--status-every",
            "2",
            "--no-dashboard",
            "--data-dir",
            dataDirectory.toString(),
            "--kafka-port",
            "0",
            "--kafka-controller-port",
            "0",
            "--postgres-port",
            "0",
            "--redis-port",
            "0"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDirectory.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.remove("DISPLAY");
    environment.put("BANKSTREAM_DB_PASSWORD", dbPassword);
    environment.put("BANKSTREAM_DASHBOARD_DB_PASSWORD", dashboardPassword);
    environment.put("BANKSTREAM_REDIS_PASSWORD", redisPassword);
    demo = builder.start();

    awaitDecided(stdout, stderr);
    String output = Files.readString(stdout);
    serversTakeThePasswordsOfTheEnvironment(output);

    demo.destroy(); // SIGTERM, as Ctrl-C: the demo's shutdown hook stops everything.
    assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo stopped after SIGTERM").isTrue();
    assertThat(Files.readString(stdout)).contains("Stopped.");

    // The servers' and clients' INFO logs (slf4j-simple writes to stderr) are there to search.
    assertThat(Files.readString(stderr)).contains("[main] INFO ", "KafkaConfig values");
    List<Path> searched = new ArrayList<>(List.of(stdout, stderr));
    searched.addAll(filesUnder(dataDirectory));
    searched.addAll(filesUnder(workDirectory));
    assertThat(searched).hasSizeGreaterThan(10);
    for (Path file : searched) {
      byte[] content = Files.readAllBytes(file);
      for (String password : List.of(dbPassword, dashboardPassword, redisPassword)) {
        assertThat(indexOf(content, password.getBytes(StandardCharsets.UTF_8)))
            .as("a password in %s", file)
            .isEqualTo(-1);
      }
    }
  }

  private void awaitDecided(Path stdout, Path stderr) throws IOException, InterruptedException {
    long end = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      String output = Files.readString(stdout);
      Matcher decided = DECIDED.matcher(output);
      long latest = 0;
      while (decided.find()) {
        latest = Long.parseLong(decided.group(1).replace(",", ""));
      }
      if (latest > 0) {
        return;
      }
      if (!demo.isAlive() || System.nanoTime() > end) {
        throw new AssertionError(
            "no decided rows in the demo's status lines (alive "
                + demo.isAlive()
                + "); stdout:\n"
                + output
                + "\nstderr (end):\n"
                + tail(Files.readString(stderr)));
      }
      TimeUnit.MILLISECONDS.sleep(500); // Polling the output, bounded by the deadline.
    }
  }

  /** The demo's servers run with the passwords of the environment, not the defaults. */
  private void serversTakeThePasswordsOfTheEnvironment(String output)
      throws SQLException, InterruptedException {
    String url = "jdbc:postgresql://127.0.0.1:" + group(POSTGRES_PORT, output) + "/bank";
    try (Connection etl = DriverManager.getConnection(url, "bank_etl", dbPassword);
        Connection dashboard =
            DriverManager.getConnection(url, "bank_dashboard", dashboardPassword)) {
      assertThat(etl.isValid(5)).isTrue();
      assertThat(dashboard.isValid(5)).isTrue();
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url, "bank_etl", "bank_etl").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    int redisPort = Integer.parseInt(group(REDIS_PORT, output));
    try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
      assertThatThrownBy(redis::ping)
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("NOAUTH");
      redis.auth(redisPassword);
      long end = System.nanoTime() + STARTUP.toNanos();
      // The pipeline's writes reach the password-protected Redis.
      while (!redis.exists("bankstream:latest:transactions")) {
        assertThat(System.nanoTime()).as("latest transactions in Redis in time").isLessThan(end);
        TimeUnit.MILLISECONDS.sleep(250); // Polling Redis, bounded by the deadline.
      }
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
    return matcher.group(1);
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static int indexOf(byte[] content, byte[] needle) {
    outer:
    for (int i = 0; i <= content.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (content[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join(
        "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
