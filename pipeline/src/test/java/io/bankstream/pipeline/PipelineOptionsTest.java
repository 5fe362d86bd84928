package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.options.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aRedisCaFileNeedsTlsAndMustBeACertificateFile(@TempDir Path directory) throws Exception {
    BankstreamOptions noTls =
        BankstreamPipeline.parseOptions(new String[] {"--redisCaFile=/etc/ca.pem"});
    assertThatThrownBy(() -> PipelineSettings.from(noTls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--redisCaFile needs --redisSsl=true");

    Path missing = directory.resolve("missing.pem");
    BankstreamOptions noFile =
        BankstreamPipeline.parseOptions(
            new String[] {"--redisSsl=true", "--redisCaFile=" + missing});
    assertThatThrownBy(() -> PipelineSettings.from(noFile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--redisCaFile: cannot read the CA file " + missing);

    Path empty = Files.writeString(directory.resolve("empty.pem"), "");
    BankstreamOptions noCertificate =
        BankstreamPipeline.parseOptions(new String[] {"--redisSsl=true", "--redisCaFile=" + empty});
    assertThatThrownBy(() -> PipelineSettings.from(noCertificate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--redisCaFile: no certificate in " + empty);
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
