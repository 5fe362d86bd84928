package io.bankstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bench's results as Markdown tables (absolute figures and each runner's ratio to the floor
 * measured in the same run), ready to paste into the README, each with a PNG bar chart of
 * throughput and p99 per contender beside it, and as JSON.
 *
 * @param header what was run, where, from which commit, with which options
 * @param workload the load: records, users, fraud and malformed shares
 * @param results every backlog and steady run
 * @param capacity every capacity search
 */
record Report(
    Header header, String workload, List<RunResult> results, List<CapacityResult> capacity) {

  /**
   * What a run of the bench was: its command line and options, the machine (cores, CPU, memory,
   * JVM, OS), the commit ({@code git rev-parse HEAD}, {@code -dirty} with uncommitted changes,
   * "unknown" outside git) and when it started.
   */
  record Header(
      String command, List<String> options, String machine, String commit, String startedAt) {

    Header {
      options = List.copyOf(options);
    }

    String markdown() {
      return "Machine: "
          + machine
          + "  \nCommit: "
          + commit
          + ", "
          + startedAt
          + "  \nOptions: "
          + (options.isEmpty() ? "none (the defaults)" : "`" + String.join(" ", options) + "`")
          + "  \nCommand: `"
          + command
          + "`\n";
    }
  }

  Report {
    results = List.copyOf(results);
    capacity = List.copyOf(capacity);
  }

  void writeJson(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  /** The tables without chart links. */
  String markdown() {
    return markdown(null);
  }

  /**
   * The tables, each followed by a link to its chart {@code <charts>-<table>.png} (see {@link
   * ReportCharts}) when {@code charts} is not null.
   */
  String markdown(String charts) {
    StringBuilder out = new StringBuilder();
    out.append(header.markdown());
    out.append("Workload: ").append(workload).append("\n");
    if (!capacity.isEmpty()) {
      out.append(CapacityResult.markdown(capacity));
      link(out, charts, "capacity");
    }
    List<RunResult> backlog = results.stream().filter(r -> r.mode().equals("backlog")).toList();
    if (!backlog.isEmpty()) {
      out.append(
          "\nBacklog: every record loaded into Kafka first, then the contender started.\n\n");
      out.append(
          "| | records/s | × floor | append→write p50 | p95 | p99 | peak RSS | exactly once |"
              + " ledger | wall |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
      Optional<RunResult> floor = floorOf(backlog, 0);
      for (RunResult run : backlog) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %,d MiB | %s | %s | %.0f s |%n",
                run.contender(),
                rate(run),
                floor
                    .filter(f -> f.complete() && f.perSecond() > 0)
                    .map(f -> ratio(run.perSecond() / f.perSecond()))
                    .orElse("–"),
                seconds(run.p50Millis()),
                seconds(run.p95Millis()),
                seconds(run.p99Millis()),
                run.peakMebibytes(),
                exactlyOnce(run),
                yesNo(run.ledgerHolds()),
                run.wallSeconds()));
      }
      link(out, charts, "backlog");
    }
    List<RunResult> steady = results.stream().filter(r -> r.mode().equals("steady")).toList();
    if (!steady.isEmpty()) {
      out.append(
          "\nSteady: records offered at a fixed rate once the contender is running; latency of"
              + " those records.\n\n");
      out.append(
          "| | offered/s | written/s | p50 | p95 | p99 | p99 × floor | max | drained in |"
              + " peak RSS | exactly once |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (RunResult run : steady) {
        Optional<RunResult> floor = floorOf(steady, run.offeredPerSecond());
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %,d MiB | %s |%n",
                run.contender(),
                run.offeredPerSecond(),
                rate(run),
                seconds(run.p50Millis()),
                seconds(run.p95Millis()),
                seconds(run.p99Millis()),
                // The latency of a run that fell behind covers only what it wrote: no ratio.
                floor
                    .filter(f -> run.complete() && f.complete() && f.p99Millis() > 0)
                    .map(f -> ratio(run.p99Millis() / f.p99Millis()))
                    .orElse("–"),
                seconds(run.maxMillis()),
                // The last record is sent, then the clock is read: a prompt contender can beat it.
                run.complete()
                    ? String.format(Locale.ROOT, "%.1f s", Math.max(0, run.drainSeconds()))
                    : "–",
                run.peakMebibytes(),
                exactlyOnce(run)));
      }
      link(out, charts, "steady");
    }
    List<RunResult> problems = results.stream().filter(r -> r.problem() != null).toList();
    if (!problems.isEmpty()) {
      out.append('\n');
      for (RunResult run : problems) {
        out.append("- ")
            .append(run.contender())
            .append(' ')
            .append(run.mode())
            .append(
                run.offeredPerSecond() > 0 ? String.format(" %,.0f/s", run.offeredPerSecond()) : "")
            .append(": ")
            .append(run.problem())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static void link(StringBuilder out, String charts, String table) {
    if (charts != null) {
      out.append(String.format("%n![%s](%s-%s.png)%n", table, charts, table));
    }
  }

  static Optional<RunResult> floorOf(List<RunResult> runs, double offered) {
    return runs.stream()
        .filter(r -> r.contender().equals("floor") && r.offeredPerSecond() == offered)
        .findFirst();
  }

  private static String rate(RunResult run) {
    String rate = String.format(Locale.ROOT, "%,.0f", run.perSecond());
    return run.complete() ? rate : rate + " (incomplete)";
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String seconds(double millis) {
    return millis < 1000
        ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.1f s", millis / 1000);
  }

  /** An incomplete run can only show that nothing was written twice. */
  private static String exactlyOnce(RunResult run) {
    if (!run.complete()) {
      return run.exactlyOnce() ? "none twice (incomplete)" : "**no**";
    }
    return yesNo(run.exactlyOnce());
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "**no**";
  }
}
