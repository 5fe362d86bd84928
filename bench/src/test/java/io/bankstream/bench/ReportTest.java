package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static RunResult run(
      String contender,
      String mode,
      double offered,
      double perSecond,
      double p99,
      boolean complete) {
    return new RunResult(
        contender,
        mode,
        offered,
        1000,
        995,
        5,
        complete,
        true,
        true,
        perSecond,
        10,
        20,
        100,
        200,
        p99,
        400,
        1.5,
        512,
        complete ? null : "not done after 1 min: 10 of 1,000 records written");
  }

  /** The floor's backlog run: 20,000 records a second, complete. */
  private static final RunResult FLOOR_BACKLOG = run("floor", "backlog", 0, 20_000, 300, true);

  private static String markdown(RunResult... results) {
    return report(List.of(results)).markdown();
  }

  private static Report report(List<RunResult> results) {
    return new Report(
        "./bankstream bench",
        "2 cores",
        "2026-11-24T07:00:00Z",
        "abc1234",
        "backlog 1,000",
        results);
  }

  @Test
  void backlogRowsGiveEachRunnersRatioToTheFloorOfTheSameRun() {
    String markdown = markdown(FLOOR_BACKLOG, run("flink", "backlog", 0, 5_000, 300, true));

    assertThat(markdown)
        .contains("| floor | 20,000 | 1.00 |")
        .contains("| flink | 5,000 | 0.25 |")
        .contains("Command: `./bankstream bench`");
  }

  @Test
  void steadyRowsCompareTheP99WithTheFloorsAtTheSameRate() {
    String markdown =
        markdown(
            run("floor", "steady", 2000, 2000, 100, true),
            run("floor", "steady", 10000, 9000, 1000, true),
            run("spark", "steady", 2000, 2000, 1500, true),
            run("spark", "steady", 10000, 8000, 3000, true));

    assertThat(markdown)
        .contains("| spark | 2,000 | 2,000 | 100 ms | 200 ms | 1.5 s | 15.00 |")
        .contains("| spark | 10,000 | 8,000 | 100 ms | 200 ms | 3.0 s | 3.00 |");
  }

  @Test
  void anIncompleteRunIsMarkedAndExplainedNotCountedAsExactlyOnce() {
    String markdown = markdown(FLOOR_BACKLOG, run("direct", "backlog", 0, 100, 300, false));

    assertThat(markdown)
        .contains("| direct | 100 (incomplete) | 0.01 |")
        .contains("none twice (incomplete)")
        .contains("- direct backlog: not done after 1 min");
  }

  @Test
  void aSteadyRunThatFellBehindGetsNoLatencyRatio() {
    String markdown =
        markdown(
            run("floor", "steady", 2000, 2000, 100, true),
            run("direct", "steady", 2000, 80, 90_000, false));

    assertThat(markdown)
        .contains("| direct | 2,000 | 80 (incomplete) | 100 ms | 200 ms | 90.0 s | – |");
  }

  @Test
  void withoutAFloorThereIsNoRatio() {
    String markdown = markdown(run("flink", "backlog", 0, 5_000, 300, true));

    assertThat(markdown).contains("| flink | 5,000 | – |");
  }

  @Test
  void theJsonHoldsEveryRunWithItsFigures(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("out/report.json");
    report(List.of(FLOOR_BACKLOG)).writeJson(file);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("command").asText()).isEqualTo("./bankstream bench");
    assertThat(json.get("results")).hasSize(1);
    JsonNode result = json.get("results").get(0);
    assertThat(result.get("contender").asText()).isEqualTo("floor");
    assertThat(result.get("perSecond").asDouble()).isEqualTo(20_000);
    assertThat(result.get("exactlyOnce").asBoolean()).isTrue();
    assertThat(result.get("p99Millis").asDouble()).isEqualTo(300);
  }
}
