package io.bankstream.pipeline.options;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.pipeline.BankstreamPipeline;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

/**
 * The runners' defaults: added when the runner is Flink or Spark and the arguments do not set them,
 * never over an option the user gave. Flink is on the test classpath, so its defaults are checked
 * through the options the pipeline reads; Spark's through the list they are added from.
 */
class RunnerDefaultsTest {

  private static final String SPARK = "org.apache.beam.runners.spark.SparkRunner";

  private static final String FLINK = "org.apache.beam.runners.flink.FlinkRunner";

  @Test
  void flinkGetsTheBundleDefaultsWhenNotGiven() {
    FlinkPipelineOptions flink =
        BankstreamPipeline.parseOptions(new String[] {"--runner=FlinkRunner", "--streaming=true"})
            .as(FlinkPipelineOptions.class);
    assertThat(flink.getMaxBundleTimeMills())
        .isEqualTo(value(RunnerDefaults.FLINK, "maxBundleTimeMills"));
    assertThat(flink.getMaxBundleSize()).isEqualTo(value(RunnerDefaults.FLINK, "maxBundleSize"));
    // Not Beam's own streaming default, else the default would change nothing.
    assertThat(flink.getMaxBundleTimeMills()).isNotEqualTo(1000L);
  }

  @Test
  void aBundleOptionTheUserGivesWinsAndTheOtherDefaultStays() {
    FlinkPipelineOptions flink =
        BankstreamPipeline.parseOptions(
                new String[] {"--runner=FlinkRunner", "--maxBundleSize=5000"})
            .as(FlinkPipelineOptions.class);
    assertThat(flink.getMaxBundleSize()).isEqualTo(5000L);
    assertThat(flink.getMaxBundleTimeMills())
        .isEqualTo(value(RunnerDefaults.FLINK, "maxBundleTimeMills"));

    FlinkPipelineOptions both =
        BankstreamPipeline.parseOptions(
                new String[] {
                  "--maxBundleTimeMills=1000", "--runner=FlinkRunner", "--maxBundleSize=1000"
                })
            .as(FlinkPipelineOptions.class);
    assertThat(both.getMaxBundleTimeMills()).isEqualTo(1000L);
    assertThat(both.getMaxBundleSize()).isEqualTo(1000L);
  }

  @Test
  void theDirectRunnerGetsNoneOfThem() {
    FlinkPipelineOptions direct =
        BankstreamPipeline.parseOptions(new String[] {"--streaming=true"})
            .as(FlinkPipelineOptions.class);
    // Beam's own streaming defaults, untouched.
    assertThat(direct.getMaxBundleTimeMills()).isEqualTo(1000L);
    assertThat(direct.getMaxBundleSize()).isEqualTo(1000L);
    assertThat(RunnerDefaults.missing("org.apache.beam.runners.direct.DirectRunner", List.of()))
        .isEmpty();
  }

  @Test
  void sparkGetsItsDefaultsUnlessGiven() {
    assertThat(RunnerDefaults.missing(SPARK, List.of("--runner=SparkRunner")))
        .isEqualTo(RunnerDefaults.SPARK);
    for (String option : RunnerDefaults.SPARK) {
      String name = option.substring(0, option.indexOf('='));
      List<String> missing = RunnerDefaults.missing(SPARK, List.of(name + "=7"));
      assertThat(missing).hasSize(RunnerDefaults.SPARK.size() - 1);
      assertThat(missing).noneMatch(added -> added.startsWith(name + "="));
    }
  }

  @Test
  void onlyTheWholeNameCounts() {
    // --maxBundleSizeX is not --maxBundleSize; a bare --maxBundleSize is.
    assertThat(RunnerDefaults.missing(FLINK, List.of("--maxBundleSizeX=1")))
        .isEqualTo(RunnerDefaults.FLINK);
    assertThat(RunnerDefaults.missing(FLINK, List.of("--maxBundleSize", "--maxBundleTimeMills=5")))
        .isEmpty();
  }

  /** The value of {@code --name=value} in {@code defaults}. */
  private static long value(List<String> defaults, String name) {
    return defaults.stream()
        .filter(option -> option.startsWith("--" + name + "="))
        .map(option -> Long.parseLong(option.substring(name.length() + 3)))
        .findFirst()
        .orElseThrow();
  }
}
