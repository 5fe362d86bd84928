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
 * end, every record is written exactly once, the ledger holds, and the report says so.
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
}
