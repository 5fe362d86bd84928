package io.bankstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ReachabilityTest {

  private static final long SECOND = 1_000_000_000L;

  private final Reachability kafka = new Reachability("Kafka at 127.0.0.1:9092");

  @Test
  void anOutageIsOneLineWhenItStartsAndOneWhenItEnds() {
    assertThat(kafka.answered(0)).isEmpty();
    assertThat(kafka.unreachableFor(0)).isNull();

    assertThat(
            kafka.failed(
                10 * SECOND,
                15 * SECOND,
                new TimeoutException(
                    "Timed out waiting for a node assignment. Call: listOffsets\nmore")))
        .hasValue(
            "Kafka at 127.0.0.1:9092 unreachable for 5 s (TimeoutException: Timed out waiting for"
                + " a node assignment. Call: listOffsets)");
    assertThat(kafka.failed(16 * SECOND, 21 * SECOND, new TimeoutException("again"))).isEmpty();
    assertThat(kafka.failed(22 * SECOND, 27 * SECOND, null)).isEmpty();
    assertThat(kafka.unreachableFor(30 * SECOND)).isEqualTo(Duration.ofSeconds(20));

    assertThat(kafka.answered(41 * SECOND))
        .hasValue("Kafka at 127.0.0.1:9092 reachable again after 31 s");
    assertThat(kafka.answered(42 * SECOND)).isEmpty();
    assertThat(kafka.unreachableFor(42 * SECOND)).isNull();
    assertThat(kafka.outages()).isEqualTo(1);
  }

  @Test
  void countsEveryOutageAndNamesACauseWithoutAMessageByItsType() {
    assertThat(kafka.failed(0, SECOND, new ExecutionException(null)))
        .hasValue("Kafka at 127.0.0.1:9092 unreachable for 1 s (ExecutionException)");
    kafka.answered(2 * SECOND);
    assertThat(kafka.failed(3 * SECOND, 8 * SECOND, null))
        .hasValue("Kafka at 127.0.0.1:9092 unreachable for 5 s (no cause given)");

    assertThat(kafka.outages()).isEqualTo(2);
  }
}
