package io.bankstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

  private static StatusSnapshot snapshot(long approved, long rejected) {
    return new StatusSnapshot(
        Duration.ofSeconds(10),
        approved,
        rejected,
        2,
        100.0,
        OptionalLong.of(7),
        3,
        12.0,
        12.0,
        Map.of("SALDO", rejected),
        Map.of("MALFORMED_JSON", 2L),
        null,
        0);
  }

  @Test
  void servesTheSnapshotsCountersInPrometheusNames() throws Exception {
    try (PipelineMetrics metrics = PipelineMetrics.serve(freePort())) {
      metrics.update(snapshot(90, 10));
      metrics.update(snapshot(95, 12));
      metrics.observeWriteLatency(40);

      String text = scrape(metrics.port());

      assertThat(text)
          .contains("bankstream_decisions_total{decision=\"approved\"} 95.0")
          .contains("bankstream_decisions_total{decision=\"rejected\"} 12.0")
          .contains("bankstream_rejections_total{rule=\"SALDO\"} 12.0")
          .contains("bankstream_dead_letters_total{reason=\"MALFORMED_JSON\"} 2.0")
          .contains("bankstream_lag_records 7.0")
          .contains("bankstream_rules_version 3.0")
          .contains("bankstream_write_latency_seconds_bucket{le=\"0.05\"} 1")
          .contains("bankstream_retries_total 0.0")
          .contains("bankstream_kafka_unreachable_seconds 0.0")
          .contains("bankstream_kafka_outages_total 0.0");
    }
  }

  @Test
  void servesHowLongKafkaIsUnreachableAndHowManyOutagesThereWere() throws Exception {
    try (PipelineMetrics metrics = PipelineMetrics.serve(freePort())) {
      metrics.update(kafkaUnreachable(Duration.ofMillis(12_500), 1));
      assertThat(scrape(metrics.port()))
          .contains("bankstream_kafka_unreachable_seconds 12.5")
          .contains("bankstream_kafka_outages_total 1.0");

      metrics.update(snapshot(1, 0));
      metrics.update(kafkaUnreachable(Duration.ofSeconds(5), 3));
      assertThat(scrape(metrics.port()))
          .contains("bankstream_kafka_unreachable_seconds 5.0")
          .contains("bankstream_kafka_outages_total 3.0");
    }
  }

  private static StatusSnapshot kafkaUnreachable(Duration unreachable, long outages) {
    return new StatusSnapshot(
        Duration.ofSeconds(10),
        1,
        0,
        0,
        1.0,
        OptionalLong.empty(),
        3,
        null,
        null,
        Map.of(),
        Map.of(),
        unreachable,
        outages);
  }

  @Test
  void aPortInUseServesNothingAndDoesNotThrow() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      try (PipelineMetrics metrics = PipelineMetrics.serve(taken.getLocalPort())) {
        metrics.update(snapshot(1, 0));

        assertThat(metrics.port()).isZero();
      }
    }
  }

  @Test
  void portZeroServesNothing() {
    try (PipelineMetrics metrics = PipelineMetrics.serve(0)) {
      assertThat(metrics.port()).isZero();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
