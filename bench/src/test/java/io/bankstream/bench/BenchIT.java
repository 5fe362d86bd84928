package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole harness on a small load, for the floor and the DirectRunner (Flink and Spark go through
 * the same code, and their bundled jars through {@code RunnerConformanceIT}): both modes run to the
 * end, every record is written exactly once, the ledger holds, and the report says so; a tiny
 * capacity search and a 15-second soak on the floor write their tables, samples and charts.
 */
class BenchIT {

  @Test
  void measuresTheFloorAndTheDirectRunnerInBothModesWithEveryRecordWrittenOnce() throws Exception {
    Path out = Path.of("target", "bench-it");
    String runnersDir = System.getProperty("bankstream.runners.dir", "../runners");
    String[] args = {
      "--runners=floor,direct",
      "--count=1500",
      "--users=500",
      "--mode=both",
      "--rates=100",
      "--steady-seconds=5",
      "--heap=1g",
      "--timeout=4",
      "--out=" + out,
      "--runners-dir=" + runnersDir
    };
    StringWriter printed = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand(args));
    command.setOut(new PrintWriter(printed, true));

    int exitCode = command.execute(args);

    assertThat(exitCode).as("exit code; printed:%n%s", printed).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("latest.json").toFile());
    List<String> runs = new ArrayList<>();
    for (JsonNode run : report.get("results")) {
      String name = run.get("contender").asText() + " " + run.get("mode").asText();
      runs.add(name);
      assertThat(run.get("problem").isNull())
          .as("%s problem: %s", name, run.get("problem"))
          .isTrue();
      assertThat(run.get("complete").asBoolean()).as(name).isTrue();
      assertThat(run.get("exactlyOnce").asBoolean()).as(name).isTrue();
      assertThat(run.get("ledgerHolds").asBoolean()).as(name).isTrue();
      assertThat(run.get("rows").asLong() + run.get("deadLetters").asLong())
          .as(name)
          .isGreaterThanOrEqualTo(run.get("records").asLong());
      assertThat(run.get("perSecond").asDouble()).as(name).isPositive();
      assertThat(run.get("p99Millis").asDouble())
          .as(name)
          .isGreaterThanOrEqualTo(run.get("p50Millis").asDouble())
          .isPositive();
      assertThat(run.get("peakMebibytes").asLong()).as(name).isPositive();
    }
    assertThat(runs)
        .containsExactly("floor backlog", "direct backlog", "floor steady", "direct steady");
    String markdown = Files.readString(out.resolve("latest.md"));
    assertThat(markdown)
        .contains("| floor | ")
        .contains("| direct | ")
        .contains("Command: `./bankstream bench --runners=floor,direct");
    assertThat(printed.toString()).contains("exactly once: yes");
  }

  private static int bench(String[] args, StringWriter printed) {
    CommandLine command = new CommandLine(new BenchCommand(args));
    command.setOut(new PrintWriter(printed, true));
    return command.execute(args);
  }

  @Test
  void aTinyCapacitySearchStepsTheRateUpAndChecksEveryRecord() throws Exception {
    Path out = Path.of("target", "bench-it-capacity");
    String[] args = {
      "--runners=floor",
      "--mode=capacity",
      "--users=500",
      "--start-rate=200",
      "--step-factor=2",
      "--max-rate=400",
      "--step-seconds=3",
      "--grace-seconds=5",
      // Generous, so that a loaded machine still steps up; the figures themselves are not tested.
      "--p99-limit-ms=10000",
      "--heap=1g",
      "--timeout=2",
      "--out=" + out,
      "--runners-dir=" + System.getProperty("bankstream.runners.dir", "../runners")
    };
    StringWriter printed = new StringWriter();

    int exitCode = bench(args, printed);

    assertThat(exitCode).as("exit code; printed:%n%s", printed).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("latest.json").toFile());
    assertThat(report.get("results")).isEmpty();
    JsonNode floor = report.get("capacity").get(0);
    assertThat(floor.get("contender").asText()).isEqualTo("floor");
    assertThat(floor.get("problem").isNull()).as("problem: %s", floor.get("problem")).isTrue();
    assertThat(floor.get("complete").asBoolean()).isTrue();
    assertThat(floor.get("exactlyOnce").asBoolean()).isTrue();
    assertThat(floor.get("ledgerHolds").asBoolean()).isTrue();
    JsonNode steps = floor.get("steps");
    assertThat(steps.get(0).get("rate").asInt()).isEqualTo(200);
    assertThat(steps.get(0).get("sent").asLong()).isEqualTo(600);
    List<Integer> sustained = new ArrayList<>();
    for (JsonNode step : steps) {
      assertThat(step.get("p99Millis").asDouble()).isPositive();
      if (step.get("sustained").asBoolean()) {
        sustained.add(step.get("rate").asInt());
      }
    }
    // The capacity is the last sustained step: 200 and 400 were offered, none above --max-rate.
    assertThat(steps.size()).isBetween(1, 2);
    assertThat(floor.get("capacityPerSecond").asInt())
        .isEqualTo(sustained.isEmpty() ? 0 : sustained.get(sustained.size() - 1));
    String stamp = report.get("header").get("startedAt").asText();
    assertThat(report.get("header").get("options")).hasSize(args.length);
    String markdown = Files.readString(out.resolve("latest.md"));
    assertThat(markdown).contains("Capacity:").contains("| floor | ").contains("-capacity.png)");
    String chart = markdown.replaceAll("(?s).*!\\[capacity\\]\\(([^)]+)\\).*", "$1");
    assertThat(out.resolve(chart)).as("chart of %s", stamp).isNotEmptyFile();
  }

  @Test
  void aShortSoakSamplesEverySeriesAndGivesAVerdictForEach() throws Exception {
    Path out = Path.of("target", "bench-it-soak");
    String[] args = {
      "--runners=floor",
      "--mode=soak",
      "--users=500",
      "--rate=200",
      "--soak-minutes=0.25",
      "--sample-seconds=2",
      "--heap=1g",
      "--timeout=2",
      "--out=" + out,
      "--runners-dir=" + System.getProperty("bankstream.runners.dir", "../runners")
    };
    StringWriter printed = new StringWriter();

    int exitCode = bench(args, printed);

    assertThat(exitCode).as("exit code; printed:%n%s", printed).isZero();
    JsonNode soak = new ObjectMapper().readTree(out.resolve("latest-soak.json").toFile());
    JsonNode result = soak.get("result");
    assertThat(result.get("complete").asBoolean()).as("printed:%n%s", printed).isTrue();
    assertThat(result.get("exactlyOnce").asBoolean()).isTrue();
    assertThat(result.get("ledgerHolds").asBoolean()).isTrue();
    assertThat(result.get("records").asLong()).isEqualTo(Math.round(200 * 0.25 * 60));
    assertThat(soak.get("trends").size()).isEqualTo(8);
    String markdown = Files.readString(out.resolve("latest-soak.md"));
    String csvName = markdown.replaceAll("(?s).*\\[(soak-[0-9-]+\\.csv)\\].*", "$1");
    List<String> lines = Files.readAllLines(out.resolve(csvName));
    assertThat(lines.get(0)).startsWith("seconds,rss_mib,kafka_lag,write_p99_ms");
    // 15 s at one sample every 2 s; a loaded machine may miss a few.
    assertThat(lines.size() - 1).isBetween(4, 8);
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      assertThat(fields).as(line).hasSize(10);
      assertThat(Double.parseDouble(fields[1])).as("RSS in %s", line).isPositive();
      assertThat(Double.parseDouble(fields[9])).as("database size in %s", line).isPositive();
    }
    assertThat(markdown)
        .contains("| contender RSS (MiB) | ")
        .contains("| Kafka lag (records) | ")
        .contains("| write p99 (ms) | ")
        .contains("| Redis used_memory (MiB) | ")
        .contains("| database (MiB) | ")
        .contains("exactly once: yes, ledger: holds");
    Path png = out.resolve(csvName.replace(".csv", ".png"));
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(1000);
  }
}
