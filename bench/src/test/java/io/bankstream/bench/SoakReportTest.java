package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {

  private static final Report.Header HEADER =
      new Report.Header(
          "./bankstream bench --mode soak",
          List.of("--mode", "soak"),
          "2 cores",
          "abc",
          "2026-12-05T18:00:00Z");

  private static final SoakRun.Plan PLAN = new SoakRun.Plan(Contender.FLINK, 2000, 60, 5);

  /** An hour of samples: RSS climbing 1 MiB a minute, the rest flat, the tables growing. */
  private static List<SoakRun.Sample> hour() {
    List<SoakRun.Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 720; i++) {
      double seconds = i * 5.0;
      double minutes = seconds / 60;
      samples.add(
          new SoakRun.Sample(
              seconds,
              700 + minutes,
              i % 7 == 0 ? Double.NaN : 600 + (i % 5) * 100,
              800 + (i % 3) * 50,
              2000,
              1.3,
              minutes * 65,
              minutes * 0.2,
              0.5,
              10 + minutes * 66));
    }
    return samples;
  }

  @Test
  void eachSeriesGetsAVerdictAndTheTablesTheirBytesPerRecord(@TempDir Path directory)
      throws Exception {
    SoakReport report =
        SoakReport.of(
            HEADER, PLAN, new SoakRun.Outcome(hour(), null, null), directory.resolve("soak.png"));

    assertThat(report.trends().get("contender RSS").verdict()).isEqualTo("flat");
    assertThat(report.trends().get("Kafka lag").verdict()).isEqualTo("flat");
    assertThat(report.trends().get("transacoes").verdict()).isEqualTo("growing");
    String markdown = report.markdown("soak.csv", "soak.png");
    assertThat(markdown)
        .startsWith("# Soak: flink at 2,000/s for 60 min")
        .contains("Options: `--mode soak`")
        .contains("[soak.csv](soak.csv)")
        .contains("![soak](soak.png)")
        // 65 MiB a minute at 2,000 records a second: 568 bytes a record.
        .contains("| transacoes (MiB) | growing (568 bytes per record offered) | +65.00 |")
        .contains("| contender RSS (MiB) | flat | +1.00 |");
    assertThat(javax.imageio.ImageIO.read(directory.resolve("soak.png").toFile()).getHeight())
        .isEqualTo(1250);
  }

  @Test
  void aSoakStoppedEarlyStillWritesItsSummaryAndJson(@TempDir Path directory) throws Exception {
    List<SoakRun.Sample> few = hour().subList(0, 4);
    SoakReport report =
        SoakReport.of(
            HEADER,
            PLAN,
            new SoakRun.Outcome(few, null, "stopped (Ctrl-C) after 0.3 min"),
            directory.resolve("soak.png"));

    report.write(
        directory.resolve("soak.md"), directory.resolve("soak.json"), "soak.csv", "soak.png");

    assertThat(Files.readString(directory.resolve("soak.md")))
        .contains("**stopped (Ctrl-C) after 0.3 min**: the end-of-run checks were not run.")
        .doesNotContain("End of run");
    JsonNode json = new ObjectMapper().readTree(directory.resolve("soak.json").toFile());
    assertThat(json.get("stoppedBy").asText()).startsWith("stopped (Ctrl-C)");
    assertThat(json.get("header").get("commit").asText()).isEqualTo("abc");
    assertThat(json.get("trends").get("write p99").get("verdict").asText()).isNotEmpty();
    assertThat(report.broken()).isFalse();
  }
}
