package io.bankstream.pipeline.report;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's numbers for Prometheus, served by the Prometheus Java client's HTTP server at
 * {@code http://<host>:<port>/metrics} of the pipeline's JVM. Fed by the {@link StatusReporter}
 * from each {@link StatusSnapshot} (what the database holds: the same on every runner) and from
 * Beam's counters where the runner gives them while running. The names are listed in
 * docs/metrics.md. Counters only grow: each takes the increase since the last snapshot.
 */
public final class PipelineMetrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineMetrics.class);

  /** Bounds of the write latency histogram, in seconds: 5 ms to a minute. */
  private static final double[] LATENCY_BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter decisions =
      Counter.builder()
          .name("bankstream_decisions_total")
          .help("Transactions decided and written to transacoes by this run, per decision.")
          .labelNames("decision")
          .register(registry);
  private final Counter rejections =
      Counter.builder()
          .name("bankstream_rejections_total")
          .help("Rejected transactions per rule that rejected them (motivos_rejeicao).")
          .labelNames("rule")
          .register(registry);
  private final Counter deadLetters =
      Counter.builder()
          .name("bankstream_dead_letters_total")
          .help("Records written to dead_letters by this run, per reason.")
          .labelNames("reason")
          .register(registry);
  private final Counter retries =
      Counter.builder()
          .name("bankstream_retries_total")
          .help("Retried writes to PostgreSQL and Redis (Beam counter bankstream/retries).")
          .register(registry);
  private final Gauge lag =
      Gauge.builder()
          .name("bankstream_lag_records")
          .help("Records in the topic that the database does not hold yet.")
          .register(registry);
  private final Gauge kafkaUnreachable =
      Gauge.builder()
          .name("bankstream_kafka_unreachable_seconds")
          .help(
              "How long Kafka has not answered the status' end offsets query; 0 while it answers.")
          .register(registry);
  private final Counter kafkaOutages =
      Counter.builder()
          .name("bankstream_kafka_outages_total")
          .help("Times Kafka stopped answering the status' end offsets query.")
          .register(registry);
  private final Gauge rulesVersion =
      Gauge.builder()
          .name("bankstream_rules_version")
          .help("The newest rules version in force (versoes_regras), 0 for none.")
          .register(registry);
  private final Histogram writeLatency =
      Histogram.builder()
          .name("bankstream_write_latency_seconds")
          .help("From the Kafka append (horario_kafka) to the row's write (horario_gravacao).")
          .classicUpperBounds(LATENCY_BOUNDS)
          .classicOnly()
          .register(registry);
  private final Map<String, Long> published = new HashMap<>();
  private final HTTPServer server;

  private PipelineMetrics(int port) {
    this.server = port <= 0 ? null : bind(port, registry);
  }

  /**
   * Metrics served on {@code port} of every interface, or kept unserved (a WARN line) when the port
   * cannot be bound; {@code port} 0 serves none.
   */
  public static PipelineMetrics serve(int port) {
    return new PipelineMetrics(port);
  }

  private static HTTPServer bind(int port, PrometheusRegistry registry) {
    try {
      return HTTPServer.builder().port(port).registry(registry).buildAndStart();
    } catch (IOException e) {
      LOG.warn(
          "Prometheus metrics not served: port {} cannot be bound ({}); choose another with"
              + " --metricsPort, or 0 for none",
          port,
          e.toString());
      return null;
    }
  }

  /** The port the metrics are served on, or 0 when none. */
  public int port() {
    return server == null ? 0 : server.getPort();
  }

  /** A write latency, in milliseconds, of one row. */
  public void observeWriteLatency(double millis) {
    writeLatency.observe(millis / 1000.0);
  }

  /** Publishes {@code status}: counters move by what grew since the last one. */
  public void update(StatusSnapshot status) {
    increase(decisions, "approved", status.approved());
    increase(decisions, "rejected", status.rejected());
    status.rejectionsByRule().forEach((rule, count) -> increase(rejections, rule, count));
    status.deadLettersByReason().forEach((reason, count) -> increase(deadLetters, reason, count));
    status.lag().ifPresent(lag::set);
    kafkaUnreachable.set(
        status.kafkaUnreachable() == null ? 0 : status.kafkaUnreachable().toMillis() / 1000.0);
    long outagesBefore = published.getOrDefault("kafkaOutages", 0L);
    if (status.kafkaOutages() > outagesBefore) {
      kafkaOutages.inc(status.kafkaOutages() - outagesBefore);
      published.put("kafkaOutages", status.kafkaOutages());
    }
    rulesVersion.set(status.rulesVersion());
  }

  /** Publishes Beam's {@code bankstream/retries} counter, read from the runner. */
  public void updateRetries(long total) {
    long before = published.getOrDefault("retries", 0L);
    if (total > before) {
      retries.inc(total - before);
      published.put("retries", total);
    }
  }

  private void increase(Counter counter, String label, long total) {
    String key = counter.getPrometheusName() + "/" + label;
    long before = published.getOrDefault(key, 0L);
    if (total > before) {
      counter.labelValues(label).inc(total - before);
      published.put(key, total);
    } else if (!published.containsKey(key)) {
      counter.labelValues(label); // A series at 0 from the start, so rates see its first rise.
      published.put(key, 0L);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
