package io.bankstream.bench;

import io.bankstream.cluster.RunnerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A contender's JVM while the bench measures it: started with its output in a log file, its peak
 * resident memory sampled twice a second from {@code /proc} ({@code VmHWM}, the kernel's own
 * high-water mark, of the JVM and any process it started once it lives to a second sample (see
 * {@link SettledProcesses}), and of a cluster's daemons for a contender on a cluster), stopped with
 * SIGTERM, then SIGKILL if it does not exit within 30 seconds.
 */
final class RunningContender implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(30);

  private final Process process;
  private final ProcessBuilder command;
  private final Path log;
  private final AtomicLong peakKilobytes = new AtomicLong();
  // One each: the peak is sampled twice a second, the resident set at the soak's own pace.
  private final SettledProcesses peakCounted = new SettledProcesses();
  private final SettledProcesses residentCounted = new SettledProcesses();
  private final ScheduledExecutorService sampler;

  private final java.util.function.Supplier<List<ProcessHandle>> others;

  private RunningContender(
      Process process,
      ProcessBuilder command,
      Path log,
      java.util.function.Supplier<List<ProcessHandle>> others) {
    this.process = process;
    this.command = command;
    this.log = log;
    this.others = others;
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-memory-sampler");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
  }

  static RunningContender start(ProcessBuilder builder, Path log) throws IOException {
    return start(builder, log, List::of);
  }

  /**
   * As {@link #start(ProcessBuilder, Path)}, counting in its memory also the processes {@code
   * others} names when sampled (a cluster's daemons and what they started) and their descendants.
   */
  static RunningContender start(
      ProcessBuilder builder, Path log, java.util.function.Supplier<List<ProcessHandle>> others)
      throws IOException {
    Files.createDirectories(log.getParent());
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new RunningContender(process, builder, log, others);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or null while it runs. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** The highest resident set seen so far, in MiB (0 where {@code /proc} is not available). */
  long peakMebibytes() {
    sample();
    return peakKilobytes.get() / 1024;
  }

  /**
   * The resident memory now ({@code VmRSS}), in MiB, of the JVM, what it started, and the other
   * processes counted for it (a cluster's daemons): all its processes.
   */
  long residentMebibytes() {
    return residentCounted.of(roots()).stream().mapToLong(p -> status(p.pid(), "VmRSS:")).sum()
        / 1024;
  }

  Path log() {
    return log;
  }

  /** The last {@code lines} lines of its log, for an error message. */
  String tail(int lines) {
    try (Stream<String> all = Files.lines(log)) {
      List<String> kept = all.toList();
      return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private void sample() {
    long total = peakCounted.of(roots()).stream().mapToLong(p -> highWaterMark(p.pid())).sum();
    peakKilobytes.accumulateAndGet(total, Math::max);
  }

  /** The JVM and the other processes counted for it; {@link SettledProcesses} adds children. */
  private List<ProcessHandle> roots() {
    List<ProcessHandle> roots = new ArrayList<>();
    roots.add(process.toHandle());
    roots.addAll(others.get());
    return roots;
  }

  /** {@code VmHWM} of {@code pid} in kB, 0 when it is gone or the system has no {@code /proc}. */
  static long highWaterMark(long pid) {
    return status(pid, "VmHWM:");
  }

  /** The kB of field {@code key} of {@code /proc/<pid>/status}, 0 when it cannot be read. */
  private static long status(long pid, String key) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try (Stream<String> lines = Files.lines(status)) {
      return lines
          .filter(line -> line.startsWith(key))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElse(0);
    } catch (IOException | java.io.UncheckedIOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Stops it: SIGTERM, then SIGKILL after the grace period. */
  @Override
  public void close() throws InterruptedException {
    StopOnSignal.uninterrupted(
        () -> {
          sample();
          sampler.shutdownNow();
          process.destroy();
          if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
          }
          RunnerProcess.removeRunFiles(command);
        });
  }
}
