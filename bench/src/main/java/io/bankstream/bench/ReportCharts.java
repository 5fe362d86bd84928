package io.bankstream.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts, one PNG beside each of its tables, named {@code <prefix>-<table>.png}:
 * throughput (records/s written) over p99 (ms, Kafka append to write) per contender; for the steady
 * table one bar per offered rate, for the capacity table the capacity and the p99 at it.
 */
final class ReportCharts {

  static final int WIDTH = 800;
  static final int HEIGHT = 600;

  private ReportCharts() {}

  /** Writes the charts of {@code report}'s tables to {@code directory}; returns the files. */
  static List<Path> write(Report report, Path directory, String prefix) throws IOException {
    List<Path> written = new ArrayList<>();
    List<RunResult> backlog = of(report, "backlog");
    if (!backlog.isEmpty()) {
      Path file = directory.resolve(prefix + "-backlog.png");
      List<Charts.Bar> rate = new ArrayList<>();
      List<Charts.Bar> p99 = new ArrayList<>();
      for (RunResult run : backlog) {
        rate.add(new Charts.Bar("backlog", run.contender(), run.perSecond()));
        p99.add(new Charts.Bar("backlog", run.contender(), run.p99Millis()));
      }
      Charts.bars(file, "Backlog", panels(rate, p99, "append→write p99 (ms)"), WIDTH, HEIGHT);
      written.add(file);
    }
    List<RunResult> steady = of(report, "steady");
    if (!steady.isEmpty()) {
      Path file = directory.resolve(prefix + "-steady.png");
      List<Charts.Bar> rate = new ArrayList<>();
      List<Charts.Bar> p99 = new ArrayList<>();
      for (RunResult run : steady) {
        String offered = String.format(Locale.ROOT, "%,.0f/s offered", run.offeredPerSecond());
        rate.add(new Charts.Bar(offered, run.contender(), run.perSecond()));
        p99.add(new Charts.Bar(offered, run.contender(), run.p99Millis()));
      }
      Charts.bars(file, "Steady", panels(rate, p99, "append→write p99 (ms)"), WIDTH, HEIGHT);
      written.add(file);
    }
    if (!report.capacity().isEmpty()) {
      Path file = directory.resolve(prefix + "-capacity.png");
      List<Charts.Bar> rate = new ArrayList<>();
      List<Charts.Bar> p99 = new ArrayList<>();
      for (CapacityResult result : report.capacity()) {
        rate.add(new Charts.Bar("capacity", result.contender(), result.capacityPerSecond()));
        p99.add(new Charts.Bar("capacity", result.contender(), result.p99AtCapacityMillis()));
      }
      Charts.bars(file, "Capacity", panels(rate, p99, "p99 at that rate (ms)"), WIDTH, HEIGHT);
      written.add(file);
    }
    return written;
  }

  private static List<RunResult> of(Report report, String mode) {
    return report.results().stream().filter(r -> r.mode().equals(mode)).toList();
  }

  private static List<Charts.BarPanel> panels(
      List<Charts.Bar> rate, List<Charts.Bar> p99, String p99Label) {
    return List.of(new Charts.BarPanel("records/s", rate), new Charts.BarPanel(p99Label, p99));
  }
}
