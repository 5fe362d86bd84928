package io.bankstream.pipeline.report;

import io.bankstream.core.startup.Startup;
import io.bankstream.pipeline.BankstreamPipeline;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.options.PipelineSettings;
import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline's report from its options ({@code --statusEverySeconds}, {@code --metricsPort}): the
 * glue between {@link BankstreamPipeline#main} and this package.
 */
public final class Reports {

  private Reports() {}

  /** The status of the pipeline of {@code options}, reading from {@code startOffsets}. */
  public static PipelineStatus open(
      BankstreamOptions options,
      PipelineSettings settings,
      Map<TopicPartition, Long> startOffsets) {
    return PipelineStatus.open(
        new PipelineStatus.Target(
            options.getBootstrapServers(),
            settings.kafkaClientConfig(),
            options.getTopic(),
            Startup.startFrom(options.getStartFrom()),
            settings.postgres()),
        startOffsets);
  }

  /**
   * Starts the status lines and the metrics of {@code started}, printing to {@code out}; says where
   * the metrics are served.
   */
  public static StatusReporter start(
      BankstreamOptions options, BankstreamPipeline.Started started, PrintStream out) {
    StatusReporter reporter = start(options, started.status(), out);
    reporter.attach(started.result());
    return reporter;
  }

  /**
   * Starts the status lines and the metrics of {@code status} before the pipeline's result is known
   * ({@link StatusReporter#attach} gives it); says where the metrics are served.
   */
  public static StatusReporter start(
      BankstreamOptions options, PipelineStatus status, PrintStream out) {
    PipelineMetrics metrics = PipelineMetrics.serve(options.getMetricsPort());
    if (metrics.port() > 0) {
      out.printf("Prometheus metrics: http://127.0.0.1:%d/metrics%n", metrics.port());
    }
    return StatusReporter.start(status, metrics, null, options.getStatusEverySeconds(), out);
  }
}
