package io.bankstream.pipeline;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What the pipeline sets on the DirectRunner. The only class of the pipeline that names the
 * DirectRunner's types, and loaded only when it is the runner: the Flink and Spark jars leave the
 * DirectRunner out (the pipeline module declares it optional).
 */
public final class DirectRunnerSettings {

  private static final String DIRECT_RUNNER = "org.apache.beam.runners.direct.DirectRunner";

  private DirectRunnerSettings() {}

  /** Whether {@code options} name the DirectRunner (by name: its class may be absent). */
  public static boolean isDirect(PipelineOptions options) {
    return options.getRunner().getName().equals(DIRECT_RUNNER);
  }

  /** {@code run} returns once the pipeline runs, as it does on a cluster. */
  static void returnAtOnce(PipelineOptions options) {
    options.as(DirectOptions.class).setBlockOnRun(false);
  }

  /**
   * Turns off the immutability and encodability checks (they re-encode every element and slow the
   * DirectRunner several times) unless the arguments set them: they are for tests.
   */
  public static void preferSpeed(PipelineOptions options, String[] args) {
    String all = String.join(" ", args);
    DirectOptions direct = options.as(DirectOptions.class);
    if (!all.contains("--enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!all.contains("--enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
  }
}
