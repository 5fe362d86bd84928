package io.bankstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.cluster.RunnerProcess.Runner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's defaults that depend on each other, as parsed from a command line. */
class DemoOptionsTest {

  @Test
  void flinkIsTheDefaultAtAThousandASecondOverTwoHundredThousandUsers() {
    DemoOptions options = parse();
    Runner runner = Runner.named(options.runnerName);
    assertThat(runner).isEqualTo(Runner.FLINK);
    assertThat(options.rate(runner)).isEqualTo(1_000);
    assertThat(options.users(runner)).isEqualTo(200_000);
    assertThat(options.problem(runner)).isNull();
  }

  @Test
  void theDirectRunnerDefaultsToFiftyASecondOverTenThousandUsers() {
    DemoOptions options = parse("--runner", "direct");
    assertThat(options.rate(Runner.DIRECT)).isEqualTo(50);
    assertThat(options.users(Runner.DIRECT)).isEqualTo(10_000);
  }

  @Test
  void usersFollowTheRateUnlessGiven() {
    assertThat(parse("--rate", "3000").users(Runner.FLINK)).isEqualTo(600_000);
    assertThat(parse("--rate", "3000", "--users", "10000").users(Runner.FLINK)).isEqualTo(10_000);
    assertThat(parse("--runner", "direct", "--rate", "200").users(Runner.DIRECT)).isEqualTo(40_000);
  }

  @Test
  void outOfRangeNumbersAreNamed() {
    assertThat(parse("--rate", "0").problem(Runner.FLINK)).startsWith("--rate");
    assertThat(parse("--rate", "Infinity").problem(Runner.FLINK)).startsWith("--rate");
    assertThat(parse("--users", "1").problem(Runner.FLINK)).startsWith("--users");
    assertThat(parse("--status-every", "0").problem(Runner.FLINK)).startsWith("--status-every");
  }

  @Test
  void helpStatesEachRunnersDefaultPace() {
    StringWriter help = new StringWriter();
    new CommandLine(new DemoCommand()).usage(new PrintWriter(help));
    assertThat(help.toString().replaceAll("\\s+", " "))
        .contains("1,000 on flink and spark; 50 on direct")
        .contains("(default: flink)")
        .contains("200 per transaction a second");
  }

  private static DemoOptions parse(String... arguments) {
    CommandLine commandLine = new CommandLine(new DemoCommand());
    commandLine.parseArgs(arguments);
    return (DemoOptions) commandLine.getMixins().get("options");
  }
}
