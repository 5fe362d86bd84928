package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.model.UserProfile;
import io.bankstream.pipeline.backtest.Backtest;
import io.bankstream.pipeline.backtest.BacktestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest over a history the live pipeline recorded (real Kafka and PostgreSQL): a candidate
 * identical to the recorded version flips nothing; a candidate with a lower night PIX limit flips
 * night PIX payments to rejected by PIX_NOTURNO; the DirectRunner and Flink embedded write the same
 * report; and nothing is written to the database.
 */
class BacktestIT {

  @RegisterExtension static final StackHarness HARNESS = StackHarness.onOwnStack();

  private static final Duration DEADLINE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path files;

  private static String from;
  private static String to;

  @BeforeAll
  static void recordAHistory() throws Exception {
    List<UserProfile> users = HARNESS.seedUsers(500, 29);
    StackHarness.Produced produced =
        HARNESS.produce(StackHarness.eveningTraffic(users, 3, 4), 3_000, 0);
    PipelineResult pipeline = HARNESS.startPipelineOnFlink("backtest-it");
    try {
      HARNESS.awaitEveryRecordStored(DEADLINE, produced, pipeline);
    } finally {
      pipeline.cancel();
    }
    from =
        HARNESS.query(
            "SELECT " + iso("min(data_horario) + interval '10 minutes'") + " FROM transacoes");
    to = HARNESS.query("SELECT " + iso("max(data_horario)") + " FROM transacoes");
  }

  @Test
  void theRecordedRulesAsCandidateFlipNothing() throws Exception {
    Path rules = Files.writeString(files.resolve("same.yaml"), "");

    JsonNode report = backtest(rules, files.resolve("same"), false);

    assertThat(report.path("transactions").asLong()).isPositive();
    assertThat(report.path("flips").path("toRejected").asLong()).isZero();
    assertThat(report.path("flips").path("toApproved").asLong()).isZero();
    assertThat(report.path("versions").path("1").path("candidateChanges")).isEmpty();
  }

  @Test
  void aLowerNightPixLimitFlipsNightPixToRejectedTheSameOnBothRunners() throws Exception {
    // The history spans 18:00 to about 19:50 in São Paulo: the candidate's night starts at 18:00.
    Path rules =
        Files.writeString(
            files.resolve("night.yaml"), "pixNoturno: { nightStart: \"18:00\", limit: 100.00 }\n");
    long rowsBefore = HARNESS.count("SELECT count(*) FROM transacoes");
    String balancesBefore = HARNESS.totalBalance();

    JsonNode direct = backtest(rules, files.resolve("direct"), false);
    JsonNode flink = backtest(rules, files.resolve("flink"), true);

    assertThat(flink).isEqualTo(direct);
    JsonNode flips = direct.path("flips");
    long pixNoturno = flips.path("byRule").path("PIX_NOTURNO").path("added").asLong();
    assertThat(pixNoturno).isPositive();
    assertThat(flips.path("toRejected").asLong()).isGreaterThanOrEqualTo(pixNoturno);
    assertThat(flips.path("byModality").path("PIX").path("toRejected").asLong())
        .isGreaterThanOrEqualTo(pixNoturno);
    assertThat(direct.path("versions").path("1").path("candidateChanges").findValuesAsText("field"))
        .containsExactly("pixNoturno.nightStart", "pixNoturno.limit");
    assertThat(Files.readString(files.resolve("direct").resolve("backtest.md")))
        .contains("| `PIX_NOTURNO` |");
    // It read, and wrote nothing.
    assertThat(HARNESS.count("SELECT count(*) FROM transacoes")).isEqualTo(rowsBefore);
    assertThat(HARNESS.totalBalance()).isEqualTo(balancesBefore);
  }

  /** {@code timestamp} as ISO-8601 in UTC, to the millisecond. */
  private static String iso(String timestamp) {
    return "to_char((" + timestamp + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
  }

  private static JsonNode backtest(Path rules, Path reportDir, boolean onFlink) throws Exception {
    BacktestOptions options =
        PipelineOptionsFactory.fromArgs(
                "--jdbcUrl=" + HARNESS.stack().jdbcUrl(),
                "--dbUser=" + HARNESS.stack().databaseUser(),
                "--rules=" + rules,
                "--from=" + from,
                "--to=" + to,
                "--reportDir=" + reportDir)
            .as(BacktestOptions.class);
    if (onFlink) {
      options.setRunner(FlinkRunner.class);
      FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
      flink.setFlinkMaster("[local]");
      flink.setParallelism(2);
    } else {
      options.setRunner(DirectRunner.class);
    }
    Path written = Backtest.run(options);
    return JSON.readTree(written.resolve("backtest.json").toFile());
  }
}
