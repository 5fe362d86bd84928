package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How the running pipeline reports itself from the JVM that started it (the DirectRunner's, Flink
 * embedded's and Spark local's, or the client of a cluster submission that is not detached): a
 * status line every few seconds, a summary at the end, and Prometheus metrics on an HTTP port.
 */
public interface ReportOptions extends PipelineOptions {

  @Description(
      "Seconds between two status lines (decided, approved share, dead letters, lag, rules"
          + " version, write latency p99); 0 prints none and no summary.")
  @Default.Integer(5)
  int getStatusEverySeconds();

  void setStatusEverySeconds(int value);

  @Description(
      "Port of the Prometheus endpoint (http://<host>:<port>/metrics) in the pipeline's JVM; 0"
          + " serves none. A port in use is a warning, not an error.")
  @Default.Integer(9464)
  int getMetricsPort();

  void setMetricsPort(int value);
}
