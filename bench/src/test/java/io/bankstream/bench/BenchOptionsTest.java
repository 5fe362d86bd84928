package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Bad options of the soak and capacity modes: refused before anything starts, naming the option.
 */
class BenchOptionsTest {

  private static String refused(String... args) {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand(args));
    command.setErr(new PrintWriter(err, true));
    command.setOut(new PrintWriter(new StringWriter(), true));

    assertThat(command.execute(args)).as("exit code for %s", String.join(" ", args)).isEqualTo(2);
    return err.toString().lines().findFirst().orElse("");
  }

  @Test
  void theSoakMeasuresOneContenderAtAPositiveRate() {
    assertThat(refused("--mode=soak", "--runners=floor,flink"))
        .isEqualTo("--runners: the soak measures one contender, was floor,flink");
    assertThat(refused("--mode=soak", "--rate=0")).isEqualTo("--rate must be at least 1, was 0");
    assertThat(refused("--mode=soak", "--soak-minutes=0"))
        .isEqualTo("--soak-minutes must be positive, was 0.0");
    assertThat(refused("--mode=soak", "--sample-seconds=0"))
        .isEqualTo("--sample-seconds must be at least 1, was 0");
  }

  @Test
  void theCapacitySearchNeedsARisingRateAndAPositiveLimit() {
    assertThat(refused("--mode=capacity", "--step-factor=1"))
        .isEqualTo("--step-factor must be above 1, was 1.0");
    assertThat(refused("--mode=all", "--max-rate=10"))
        .isEqualTo("--max-rate must be at least --start-rate (1000), was 10");
    assertThat(refused("--mode=capacity", "--p99-limit-ms=0"))
        .isEqualTo("--p99-limit-ms must be positive, was 0.0");
    assertThat(refused("--mode=capacity", "--grace-seconds=-1"))
        .isEqualTo("--grace-seconds must be at least 0, was -1");
  }
}
