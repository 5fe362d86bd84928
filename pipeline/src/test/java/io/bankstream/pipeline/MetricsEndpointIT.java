package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.UserProfile;
import io.bankstream.model.net.LoopbackPorts;
import io.bankstream.pipeline.StackHarness.Produced;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.report.Reports;
import io.bankstream.pipeline.report.StatusReporter;
import io.bankstream.pipeline.report.StatusSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline reporting itself: run on the DirectRunner against the local stack with a status line
 * every second and the Prometheus endpoint on a free port, it is fed records; the test scrapes
 * {@code /metrics} until the decision counters equal what PostgreSQL holds, and the status says the
 * same with no lag left.
 */
class MetricsEndpointIT {

  private static final int RECORDS = 600;
  private static final int PER_SECOND = 200;
  // Only stops a hung run: the DirectRunner decides a few hundred records a second.
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void metricsAndStatusFollowWhatThePipelineWrites() throws Exception {
    List<UserProfile> users = harness.seedUsers(2_000, 7);
    int port = LoopbackPorts.pickFree().orElseThrow();
    BankstreamOptions options =
        harness.options("metrics-it", "--metricsPort=" + port, "--statusEverySeconds=1");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    BankstreamPipeline.Started started = BankstreamPipeline.start(options);
    StatusReporter reporter =
        Reports.start(options, started, new PrintStream(printed, true, StandardCharsets.UTF_8));
    AtomicReference<String> scraped = new AtomicReference<>("");
    Produced produced;
    try {
      produced = harness.produce(StackHarness.liveTraffic(users, 3), RECORDS, PER_SECOND);
      long valid = produced.validIds().size();
      long malformed = produced.malformedOffsets().size();
      StackHarness.awaitUntil(
          DEADLINE,
          "/metrics counting every decision and dead letter, lag 0",
          () -> {
            scraped.set(scrape(port));
            return sum(scraped.get(), "bankstream_decisions_total") == valid
                && sum(scraped.get(), "bankstream_dead_letters_total") == malformed
                && sum(scraped.get(), "bankstream_lag_records") == 0;
          },
          () -> harness.progress(started.result()) + "\n" + scraped.get());
      StatusSnapshot status = started.status().snapshot();
      assertThat(status.decided()).isEqualTo(valid);
      assertThat(status.deadLetters()).isEqualTo(malformed);
      assertThat(status.lag()).hasValue(0);
      assertThat(status.approved())
          .isEqualTo(harness.count("SELECT count(*) FROM transacoes WHERE transacao_aprovada"));
    } finally {
      started.result().cancel();
      reporter.stop();
    }

    String metrics = scraped.get();
    assertThat(sum(metrics, "bankstream_rejections_total"))
        .as("rejections by rule")
        .isGreaterThanOrEqualTo(
            sum(metrics, "bankstream_decisions_total", "decision=\"rejected\""));
    assertThat(sum(metrics, "bankstream_write_latency_seconds_count"))
        .isEqualTo(produced.validIds().size());
    assertThat(sum(metrics, "bankstream_rules_version")).isEqualTo(1);
    assertThat(metrics).contains("bankstream_retries_total");
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).anyMatch(line -> line.contains("decided") && line.contains("| lag 0 |"));
    assertThat(lines)
        .as("a line with the rows written a second while records arrived")
        .anyMatch(line -> line.matches("\\[ *\\d+s\\] written [1-9][\\d,]*/s \\|.*"));
    assertThat(lines.get(lines.size() - 1))
        .startsWith("Stopped after")
        .contains(String.format("decided %,d", produced.validIds().size()));
    System.out.printf(
        "MetricsEndpointIT: %d status lines; last: %s%n",
        lines.size(), lines.get(lines.size() - 2));
  }

  /** The text of {@code /metrics} on {@code port}, or what went wrong asking for it. */
  static String scrape(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  /** The sum of the samples of {@code name} whose labels contain {@code label}; -1 for none. */
  static double sum(String metrics, String name, String label) {
    Matcher sample =
        Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
    double total = 0;
    boolean found = false;
    while (sample.find()) {
      String labels = sample.group(1) == null ? "" : sample.group(1);
      if (labels.contains(label)) {
        total += Double.parseDouble(sample.group(2));
        found = true;
      }
    }
    return found ? total : -1;
  }

  static double sum(String metrics, String name) {
    return sum(metrics, name, "");
  }
}
