package io.bankstream.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryWatchTest {

  private static final long SECOND = 1_000_000_000L;

  private final DeliveryWatch watch = new DeliveryWatch("127.0.0.1:9092", 0);

  @Test
  void anOutageIsOneLineWhenAcknowledgementsStopAndOneWhenTheyStartAgain() {
    assertThat(watch.observe(SECOND, 100, 90, 0)).isEmpty();
    assertThat(watch.observe(2 * SECOND, 200, 90, 0)).isEmpty();
    assertThat(watch.observe(5 * SECOND, 500, 90, 0)).isEmpty();

    assertThat(watch.observe(6 * SECOND, 600, 90, 0))
        .hasValue(
            "warning: Kafka at 127.0.0.1:9092 unreachable: nothing acknowledged for 5 s; 510"
                + " records waiting, retried by the client");
    assertThat(watch.observe(7 * SECOND, 700, 90, 0)).isEmpty();
    assertThat(watch.observe(30 * SECOND, 3_000, 90, 0)).isEmpty();

    assertThat(watch.observe(32 * SECOND, 3_200, 2_000, 0))
        .hasValue(
            "warning: Kafka at 127.0.0.1:9092 reachable again after 31 s; 1,200 records waiting, 0"
                + " failed so far");
    assertThat(watch.observe(33 * SECOND, 3_300, 3_300, 0)).isEmpty();
  }

  @Test
  void nothingWaitingIsNoOutageHoweverLongTheSilence() {
    assertThat(watch.observe(SECOND, 10, 10, 0)).isEmpty();
    assertThat(watch.observe(60 * SECOND, 10, 10, 0)).isEmpty();
    // Records sent after a long idle time get their 5 s from the last look, not from the start.
    assertThat(watch.observe(61 * SECOND, 20, 10, 0)).isEmpty();
    assertThat(watch.observe(66 * SECOND, 30, 10, 0)).isPresent();
  }

  @Test
  void failedRecordsAreNotAcknowledgementsAndAreCountedOnTheReturn() {
    watch.observe(SECOND, 100, 100, 0);
    assertThat(watch.observe(7 * SECOND, 200, 100, 0)).isPresent();
    // The client gave up on some: fewer wait, but Kafka has not answered.
    assertThat(watch.observe(130 * SECOND, 300, 100, 150)).isEmpty();
    assertThat(watch.observe(131 * SECOND, 300, 150, 150))
        .hasValue(
            "warning: Kafka at 127.0.0.1:9092 reachable again after 130 s; 0 records waiting, 150"
                + " failed so far");
  }
}
