package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One daemon of a cluster (a JobManager, a TaskManager, a Spark master or worker): a process of its
 * own, its output in a log file. {@link #stop} ends it and every process it started (a Spark
 * worker's executors), {@link #kill} ends it at once as a crash would.
 */
public final class Daemon {

  private final String name;
  private final Process process;
  private final Path log;

  private Daemon(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code environment} added, its output appended to {@code log}. */
  static Daemon start(
      String name, List<String> command, Map<String, String> environment, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return new Daemon(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@code JobManager}, {@code TaskManager 2}, {@code Spark master}, ... */
  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** Its process, to wait for it or to find what it started. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Its resident memory in MiB (VmRSS from /proc), or -1 if that cannot be read. */
  public long residentMegabytes() {
    return residentMegabytes(process.pid());
  }

  /** The resident memory of process {@code pid} in MiB (VmRSS from /proc), or -1. */
  public static long residentMegabytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Ends it with SIGKILL, as a crash or an out-of-memory killer would, and waits for the end. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Asks it to stop (SIGTERM), waits up to {@code grace}, then kills it; then kills whatever it
   * started that is still running, so nothing is left behind.
   */
  public void stop(Duration grace) {
    // Its children as they come: one it starts while it stops is no longer its descendant once it
    // has exited, and would be left running.
    Set<ProcessHandle> children = new LinkedHashSet<>(process.toHandle().descendants().toList());
    process.destroy();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      while (process.isAlive() && System.nanoTime() < deadline) {
        process.toHandle().descendants().forEach(children::add);
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
          child.onExit().get(30, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A child that does not end within 30 s after SIGKILL: nothing more can be done from here.
    }
  }

  /** The last {@code lines} lines of its log, for an error message. */
  public String tail(int lines) {
    return tail(log, lines);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all =
          List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R", -1));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())).strip();
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
