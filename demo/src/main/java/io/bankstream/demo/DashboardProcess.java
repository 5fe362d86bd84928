package io.bankstream.demo;

import io.bankstream.core.startup.Startup;
import io.bankstream.localstack.LocalStack;
import io.bankstream.model.db.DatabasePassword;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The desktop dashboard the demo opens, in a JVM of its own pointed at the demo's stack. */
final class DashboardProcess {

  private DashboardProcess() {}

  /**
   * The dashboard in a JVM of its own, pointed at this stack, its output to a log; from the
   * classpath the launcher wrote for the desktop-dashboard module.
   */
  static Process start(Path repository, LocalStack stack, PrintWriter out) throws IOException {
    Path module = repository.resolve("desktop-dashboard");
    Path classpath = module.resolve("target").resolve("classpath.txt");
    if (!Files.isRegularFile(classpath)) {
      out.println("No dashboard: " + classpath + " is missing (run through ./bankstream).");
      return null;
    }
    Path log = Path.of("target", "demo-dashboard.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            module.resolve("target").resolve("classes")
                + java.io.File.pathSeparator
                + Files.readString(classpath).strip(),
            "io.bankstream.dashboard.app.DashboardMain",
            "--redis-host=" + stack.redisHost(),
            "--redis-port=" + stack.redisPort(),
            "--jdbc-url=" + stack.jdbcUrl(),
            "--db-user=" + stack.dashboardUser());
    // The dashboard reads as the read-only user; its passwords go through the environment.
    builder.environment().put(DatabasePassword.ENVIRONMENT_VARIABLE, stack.dashboardPassword());
    if (stack.redisPassword() != null) {
      builder.environment().put(Startup.REDIS_PASSWORD_VARIABLE, stack.redisPassword());
    }
    out.printf("Opening the dashboard (its output goes to %s).%n", log);
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
