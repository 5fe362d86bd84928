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

  private static final Report.Header HEADER =
      new Report.Header(
          "./bankstream bench",
          List.of(),
          "2 cores",
          "0123456789abcdef0123456789abcdef01234567-dirty",
          "2026-11-24T07:00:00Z");

  private static Report report(List<RunResult> results) {
    return new Report(HEADER, "backlog 1,000", results, List.of());
  }

  private static CapacityResult capacity(String contender, int capacity, double p99) {
    return new CapacityResult(
        contender,
        1000,
        60,
        capacity,
        p99,
        List.of(
            new CapacityResult.Step(capacity, capacity * 60L, capacity, p99, true, null),
            new CapacityResult.Step(
                capacity * 3 / 2, capacity * 90L, capacity, 4000, false, "p99 4,000 ms above")),
        true,
        true,
        true,
        600,
        null);
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
    assertThat(json.get("header").get("command").asText()).isEqualTo("./bankstream bench");
    assertThat(json.get("header").get("commit").asText()).endsWith("-dirty");
    assertThat(json.get("header").get("machine").asText()).isEqualTo("2 cores");
    assertThat(json.get("results")).hasSize(1);
    JsonNode result = json.get("results").get(0);
    assertThat(result.get("contender").asText()).isEqualTo("floor");
    assertThat(result.get("perSecond").asDouble()).isEqualTo(20_000);
    assertThat(result.get("exactlyOnce").asBoolean()).isTrue();
    assertThat(result.get("p99Millis").asDouble()).isEqualTo(300);
  }

  @Test
  void theHeaderGivesTheMachineTheCommitAndTheOptions() {
    Report report =
        new Report(
            new Report.Header(
                "./bankstream bench --runners=floor",
                List.of("--runners=floor"),
                "2 cores (Xeon), 24 GiB RAM",
                "abc-dirty",
                "2026-12-05T18:00:00Z"),
            "backlog 1,000",
            List.of(FLOOR_BACKLOG),
            List.of());

    assertThat(report.markdown())
        .startsWith(
            "Machine: 2 cores (Xeon), 24 GiB RAM  \nCommit: abc-dirty, 2026-12-05T18:00:00Z")
        .contains("Options: `--runners=floor`");
    assertThat(markdown(FLOOR_BACKLOG)).contains("Options: none (the defaults)");
  }

  @Test
  void theCapacityTableComesFirstWithEachContendersRatioToTheFloorsCapacity() {
    Report report =
        new Report(
            HEADER,
            "capacity",
            List.of(FLOOR_BACKLOG),
            List.of(capacity("floor", 12_000, 250), capacity("flink", 8_000, 700)));

    String markdown = report.markdown("bench-x");
    assertThat(markdown)
        .contains("| floor | 12,000 | 250 ms | 1.00 | 18,000/s: p99 4,000 ms above | yes | yes |")
        .contains("| flink | 8,000 | 700 ms | 0.67 |")
        .contains("![capacity](bench-x-capacity.png)")
        .contains("![backlog](bench-x-backlog.png)")
        .doesNotContain("steady.png");
    assertThat(markdown.indexOf("Capacity:")).isLessThan(markdown.indexOf("Backlog:"));
    assertThat(report.markdown()).doesNotContain(".png");
  }

  @Test
  void aContenderThatSustainedNoStepIsBelowTheFirstRate() {
    CapacityResult none =
        new CapacityResult(
            "direct",
            1000,
            60,
            0,
            0,
            List.of(new CapacityResult.Step(1000, 60_000, 80, 30_000, false, "fell behind")),
            false,
            true,
            true,
            900,
            null);

    assertThat(CapacityResult.markdown(List.of(none)))
        .contains(
            "| direct | below 1,000 | – | – | 1,000/s: fell behind | none twice (incomplete) |");
  }

  @Test
  void theChartsAreWrittenBesideTheTablesAtTheirSize(@TempDir Path directory) throws Exception {
    Report report =
        new Report(
            HEADER,
            "all",
            List.of(FLOOR_BACKLOG, run("floor", "steady", 2000, 2000, 100, true)),
            List.of(capacity("floor", 12_000, 250)));

    List<Path> files = ReportCharts.write(report, directory, "bench-1");

    assertThat(files)
        .containsExactly(
            directory.resolve("bench-1-backlog.png"),
            directory.resolve("bench-1-steady.png"),
            directory.resolve("bench-1-capacity.png"));
    for (Path file : files) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(file.toFile());
      assertThat(image.getWidth()).as("%s", file).isEqualTo(ReportCharts.WIDTH);
      assertThat(image.getHeight()).as("%s", file).isEqualTo(ReportCharts.HEIGHT);
    }
  }
}
