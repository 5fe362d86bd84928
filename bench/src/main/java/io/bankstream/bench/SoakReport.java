package io.bankstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A soak's summary: the PNG of its samples over time (five panels sharing the time axis), and a
 * Markdown page and JSON with the run's header (command, options, machine, commit), a verdict per
 * series ({@link Trend}) and the end-of-run checks.
 *
 * @param header what was run, where, from which commit
 * @param plan the contender, rate, duration and sampling
 * @param trends per series, its verdict
 * @param result the end-of-run figures and checks; null when the soak was stopped early
 * @param stoppedBy why it ended early, or null
 */
record SoakReport(
    Report.Header header,
    SoakRun.Plan plan,
    Map<String, Trend> trends,
    RunResult result,
    String stoppedBy) {

  /** A series of the samples: its name, unit, value, and the noise a flat one may rise by. */
  private record Series(
      String name, String unit, ToDoubleFunction<SoakRun.Sample> value, double floor) {}

  private static List<Series> series(int rate) {
    return List.of(
        new Series("contender RSS", "MiB", SoakRun.Sample::rssMebibytes, 32),
        // One second's worth of the rate: what is in flight in a pipeline that keeps up.
        new Series("Kafka lag", "records", SoakRun.Sample::lag, rate),
        new Series("write p99", "ms", SoakRun.Sample::writeP99Millis, 100),
        new Series("Redis used_memory", "MiB", SoakRun.Sample::redisMebibytes, 1),
        new Series("transacoes", "MiB", SoakRun.Sample::transacoesMebibytes, 1),
        new Series("dead_letters", "MiB", SoakRun.Sample::deadLettersMebibytes, 1),
        new Series("estatisticas_janela", "MiB", SoakRun.Sample::statisticsMebibytes, 1),
        new Series("database", "MiB", SoakRun.Sample::databaseMebibytes, 1));
  }

  /** The verdicts of {@code samples}, and their chart written to {@code png}. */
  static SoakReport of(Report.Header header, SoakRun.Plan plan, SoakRun.Outcome outcome, Path png)
      throws IOException {
    List<SoakRun.Sample> samples = outcome.samples();
    double[] seconds = samples.stream().mapToDouble(SoakRun.Sample::seconds).toArray();
    Map<String, Trend> trends = new LinkedHashMap<>();
    Map<String, double[]> values = new LinkedHashMap<>();
    for (Series series : series(plan.rate())) {
      double[] column = samples.stream().mapToDouble(series.value()).toArray();
      values.put(series.name(), column);
      trends.put(series.name(), Trend.of(seconds, column, series.floor()));
    }
    double[] minutes = samples.stream().mapToDouble(s -> s.seconds() / 60).toArray();
    Charts.timeSeries(
        png,
        String.format(
            Locale.ROOT,
            "Soak: %s at %,d/s (%s)",
            plan.contender().cliName(),
            plan.rate(),
            header.commit()),
        minutes,
        List.of(
            new Charts.Panel("RSS (MiB)", Map.of("contender RSS", values.get("contender RSS"))),
            new Charts.Panel("Kafka lag (records)", Map.of("Kafka lag", values.get("Kafka lag"))),
            new Charts.Panel("write p99 (ms)", Map.of("write p99", values.get("write p99"))),
            new Charts.Panel(
                "Redis (MiB)", Map.of("Redis used_memory", values.get("Redis used_memory"))),
            new Charts.Panel(
                "PostgreSQL (MiB)",
                orderedOf(
                    values, "transacoes", "dead_letters", "estatisticas_janela", "database"))),
        1000,
        1250);
    return new SoakReport(header, plan, trends, outcome.result(), outcome.stoppedBy());
  }

  private static Map<String, double[]> orderedOf(Map<String, double[]> values, String... names) {
    Map<String, double[]> kept = new LinkedHashMap<>();
    for (String name : names) {
      kept.put(name, values.get(name));
    }
    return kept;
  }

  /** The summary, linking the CSV and PNG named {@code csv} and {@code png} beside it. */
  String markdown(String csv, String png) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "# Soak: %s at %,d/s for %s min%n%n",
            plan.contender().cliName(),
            plan.rate(),
            minutes(plan.minutes())));
    out.append(header.markdown());
    out.append(
        String.format(
            Locale.ROOT,
            "%nA sample every %d s: [%s](%s).%s%n%n![soak](%s)%n%n",
            plan.sampleSeconds(),
            csv,
            csv,
            stoppedBy == null ? "" : " **" + stoppedBy + "**: the end-of-run checks were not run.",
            png));
    out.append(
        "Verdict: the first third is warm-up and left out; over the last two thirds a"
            + " least-squares line is fitted, and a series is growing when the line rises by more"
            + " than the tolerance: 10% of its mean there, or a floor for noise if that is larger (32 MiB"
            + " of RSS, one second's worth of the rate of lag, 100 ms of p99, 1 MiB of Redis or a"
            + " table); falling when"
            + " it drops by as much, flat otherwise. The tables of PostgreSQL keep every record"
            + " (history), so they are meant to grow; their growth per record offered is"
            + " given.\n\n");
    out.append(
        "| series | verdict | slope a minute | first third (median) | last third (median)"
            + " | tolerance |\n");
    out.append("|---|---|---:|---:|---:|---:|\n");
    for (Series series : series(plan.rate())) {
      Trend trend = trends.get(series.name());
      String extra = "";
      if (series.unit().equals("MiB") && series.name().matches("[a-z_]+")) {
        double bytesPerRecord = trend.slopePerMinute() * 1024 * 1024 / 60 / plan.rate();
        extra = String.format(Locale.ROOT, " (%,.0f bytes per record offered)", bytesPerRecord);
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s (%s) | %s%s | %+,.2f | %,.1f | %,.1f | %,.0f |%n",
              series.name(),
              series.unit(),
              trend.verdict(),
              extra,
              trend.slopePerMinute(),
              trend.firstThirdMedian(),
              trend.lastThirdMedian(),
              trend.tolerance()));
    }
    if (result != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nEnd of run: %,d records offered, %,d rows + %,d dead letters (with the 200 warm-up"
                  + " records), %,.0f written a"
                  + " second, write p50/p99 over the run %.0f/%.0f ms (max %.0f), peak RSS %,d MiB,"
                  + " exactly once: %s, ledger: %s%s%n",
              result.records(),
              result.rows(),
              result.deadLetters(),
              result.perSecond(),
              result.p50Millis(),
              result.p99Millis(),
              result.maxMillis(),
              result.peakMebibytes(),
              result.complete()
                  ? (result.exactlyOnce() ? "yes" : "**no**")
                  : (result.exactlyOnce() ? "none twice (incomplete)" : "**no**"),
              result.ledgerHolds() ? "holds" : "**broken**",
              result.problem() == null ? "" : "\n\nProblem: " + result.problem()));
    }
    return out.toString();
  }

  /** Minutes as given: 60, or 0.33. */
  static String minutes(double minutes) {
    return minutes == Math.rint(minutes)
        ? String.format(Locale.ROOT, "%.0f", minutes)
        : String.format(Locale.ROOT, "%.2f", minutes);
  }

  /** Whether the end-of-run checks found a record written twice, one lost, or the ledger broken. */
  boolean broken() {
    return result != null && result.complete() && !(result.exactlyOnce() && result.ledgerHolds());
  }

  void write(Path markdown, Path json, String csv, String png) throws IOException {
    Files.createDirectories(markdown.toAbsolutePath().getParent());
    Files.writeString(markdown, markdown(csv, png), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), this);
  }
}
