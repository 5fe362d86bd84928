package io.bankstream.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad options end the floor at once with one {@code error:} line naming the option, exit 2. */
class FloorOptionsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--writeBatchSize=0 | --writeBatchSize must be at least 1, was 0",
        "--consumers=0 | --consumers must be at least 1, was 0",
        "--consumers=two | '--consumers'",
        "--redisPort=abc | '--redisPort'",
        "--redisPort=70000 | --redisPort must be at most 65535",
        "--startFrom=middle | --startFrom must be earliest or latest",
        "--windowSeconds=0 | --windowSeconds must be at least 1",
        "--allowedLatenessMinutes=-1 | --allowedLatenessMinutes must be at least 0",
        "--maxOutOfOrdernessSeconds=-5 | --maxOutOfOrdernessSeconds must be at least 0",
        "--latestCap=0 | --latestCap must be at least 1",
        "--profileRefreshSeconds=0 | --profileRefreshSeconds must be at least 1",
        "--statsTtlMinutes=10 | --statsTtlMinutes must outlast a window",
        "--jdbcUrl=jdbc:mysql://127.0.0.1/bank | --jdbcUrl must start with jdbc:postgresql:",
        "--dbPasswordFile=/nonexistent/password | --dbPasswordFile",
        "--runner=FlinkRunner | --runner"
      })
  void aBadOptionIsOneErrorLineAndExit2(String argument, String naming) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = FloorConsumer.commandLine(new FloorConsumer());
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));

    int exitCode = commandLine.execute(argument);

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: ").contains(naming);
    assertThat(err.toString().strip().lines()).hasSize(1);
  }
}
