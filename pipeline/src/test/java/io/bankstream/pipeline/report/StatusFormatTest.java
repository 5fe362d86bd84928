package io.bankstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatusFormatTest {

  private static StatusSnapshot snapshot(
      Duration elapsed, long approved, long rejected, OptionalLong lag, Double p99) {
    return new StatusSnapshot(
        elapsed,
        approved,
        rejected,
        12,
        p99 == null ? null : 1000.6,
        lag,
        3,
        p99,
        52.4,
        Map.of("SALDO", rejected),
        Map.of(),
        null,
        0);
  }

  @Test
  void lineShowsEveryNumberOfTheSnapshot() {
    String line =
        StatusFormat.line(
            snapshot(Duration.ofSeconds(35), 11_259, 1_086, OptionalLong.of(40), 45.2));

    assertThat(line)
        .isEqualTo(
            "[    35s] written 1,001/s | decided 12,345 (approved 91.2%) | dead letters 12 | lag 40"
                + " | rules v3 | write p99 45 ms");
  }

  @Test
  void lineSaysWhatIsNotKnown() {
    String line = StatusFormat.line(snapshot(Duration.ZERO, 0, 0, OptionalLong.empty(), null));

    assertThat(line)
        .isEqualTo(
            "[     0s] written ?/s | decided 0 (approved 0.0%) | dead letters 12 | lag ? | rules v3"
                + " | write p99 -");
  }

  @Test
  void lineSaysHowLongKafkaHasBeenUnreachable() {
    StatusSnapshot answered = snapshot(Duration.ofSeconds(95), 100, 0, OptionalLong.empty(), null);
    StatusSnapshot unreachable =
        new StatusSnapshot(
            answered.elapsed(),
            answered.approved(),
            answered.rejected(),
            answered.deadLetters(),
            answered.periodRate(),
            answered.lag(),
            answered.rulesVersion(),
            answered.periodWriteP99Millis(),
            answered.runWriteP99Millis(),
            answered.rejectionsByRule(),
            answered.deadLettersByReason(),
            Duration.ofSeconds(35),
            1);

    assertThat(StatusFormat.line(unreachable)).contains("| lag ? (Kafka unreachable for 35s) |");
  }

  @Test
  void summaryHasTotalsMeanRateP99AndRuntime() {
    String summary =
        StatusFormat.summary(
            snapshot(Duration.ofSeconds(125), 54_720, 5_280, OptionalLong.of(0), 10.0));

    assertThat(summary)
        .isEqualTo(
            "Stopped after 2m05s: decided 60,000 (approved 91.2%), 12 dead letters, 480.0"
                + " decisions/s on average, write p99 52 ms over the run, lag 0");
  }

  @Test
  void durationsReadAsHoursMinutesSeconds() {
    assertThat(StatusFormat.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(StatusFormat.duration(Duration.ofSeconds(3723))).isEqualTo("1h02m03s");
  }
}
