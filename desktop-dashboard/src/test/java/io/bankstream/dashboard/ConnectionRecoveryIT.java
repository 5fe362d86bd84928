package io.bankstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.app.Dashboard;
import io.bankstream.localstack.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Redis and PostgreSQL stopped while the dashboard runs, then started again on the same ports and
 * data: both views say "disconnected" within seconds by themselves (the live view reads every
 * refresh, the idle history view pings), and both come back by themselves, retried with backoff,
 * while the window keeps answering.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectionRecoveryIT {

  private static final Duration NOTICE = Duration.ofSeconds(10);
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private final Path data;
  private final LocalStack.Builder builder;
  private LocalStack stack;
  private Dashboard dashboard;

  ConnectionRecoveryIT() throws IOException {
    data = Files.createTempDirectory("bankstream-recovery-");
    builder =
        LocalStack.builder()
            .kafkaPort(freePort())
            .kafkaControllerPort(freePort())
            .postgresPort(freePort())
            .redisPort(freePort())
            .dataDirectory(data);
  }

  @Start
  void start(Stage stage) {
    stack = builder.start();
    dashboard = StackDashboards.start(stage, stack);
  }

  @AfterEach
  void close() throws Exception {
    dashboard.closeAsync().get(30, TimeUnit.SECONDS);
    if (stack != null) {
      stack.close();
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void showsDisconnectedWhileTheServicesAreDownAndRecoversByItself(FxRobot robot) throws Exception {
    awaitStatus(robot, "#liveStatus", connected(), RECOVERY);
    awaitStatus(robot, "#historyStatus", connected(), RECOVERY);

    stack.close();
    stack = null;
    awaitStatus(robot, "#liveStatus", s -> s.contains("disconnected"), NOTICE);
    awaitStatus(robot, "#historyStatus", s -> s.contains("disconnected"), NOTICE);
    robot.clickOn("History");
    assertThat(robot.lookup("#dashboardTabs").tryQuery())
        .as("the window still answers")
        .isPresent();

    stack = builder.start();
    awaitStatus(robot, "#historyStatus", connected(), RECOVERY);
    awaitStatus(robot, "#liveStatus", connected(), RECOVERY);
  }

  private static Predicate<String> connected() {
    return status -> status.contains(": connected");
  }

  private static void awaitStatus(
      FxRobot robot, String id, Predicate<String> expected, Duration deadline) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(
          deadline.toSeconds(),
          TimeUnit.SECONDS,
          () -> expected.test(robot.lookup(id).queryLabeled().getText()));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          id
              + " not as expected within "
              + deadline
              + ": "
              + robot.lookup(id).queryLabeled().getText(),
          e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
