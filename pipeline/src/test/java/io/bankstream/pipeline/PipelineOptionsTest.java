package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.options.PipelineSettings;
import org.junit.jupiter.api.Test;

/** How {@link BankstreamPipeline} reads its options and refuses bad ones, naming them. */
class PipelineOptionsTest {

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingItsOption() {
    assertThatThrownBy(
            () ->
                BankstreamPipeline.parseOptions(
                    new String[] {"--topic=t", "--windowSeconds=abc", "--redisPort=6380"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--windowSeconds=abc: ")
        .hasMessageContaining("abc");
  }

  @Test
  void anUnknownOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> BankstreamPipeline.parseOptions(new String[] {"--nosuch=1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuch");
  }

  @Test
  void goodOptionsAreRead() {
    BankstreamOptions options =
        BankstreamPipeline.parseOptions(new String[] {"--windowSeconds=30", "--detach=true"});
    assertThat(options.getWindowSeconds()).isEqualTo(30);
    assertThat(options.getDetach()).isTrue();
  }

  @Test
  void theSeedsRedisLayoutIsOffByDefaultAndItsCapMustBePositive() {
    BankstreamOptions defaults = BankstreamPipeline.parseOptions(new String[] {});
    assertThat(defaults.getSeedRedisLayout()).isFalse();
    assertThat(defaults.getSeedRedisRecent()).isEqualTo(100);
    assertThat(defaults.getSeedRedisTtlMinutes()).isEqualTo(120);

    BankstreamOptions noCap =
        BankstreamPipeline.parseOptions(
            new String[] {"--seedRedisLayout=true", "--seedRedisRecent=0"});
    assertThatThrownBy(() -> PipelineSettings.from(noCap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--seedRedisRecent must be at least 1, was 0");
    BankstreamOptions noTtl =
        BankstreamPipeline.parseOptions(new String[] {"--seedRedisTtlMinutes=0"});
    assertThatThrownBy(() -> PipelineSettings.from(noTtl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--seedRedisTtlMinutes must be at least 1, was 0");
  }

  @Test
  void detachIsRefusedOnTheDirectRunnerBeforeAnyServiceIsAsked() {
    BankstreamOptions options =
        BankstreamPipeline.parseOptions(
            new String[] {"--detach=true", "--bootstrapServers=127.0.0.1:1"});
    assertThatThrownBy(() -> BankstreamPipeline.run(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--detach needs a cluster");
  }
}
