package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How the launching process relates to the job once it is submitted. */
public interface SubmitOptions extends PipelineOptions {

  @Description(
      "Return as soon as the job is submitted and leave it running on the cluster (a Flink session"
          + " cluster with --attachedMode=false, as deploy/flink-run.sh submits). Without"
          + " it, the launching process follows the job and cancels it on Ctrl-C. Refused on the"
          + " DirectRunner, whose job runs inside the launching process.")
  @Default.Boolean(false)
  boolean getDetach();

  void setDetach(boolean value);
}
