package io.bankstream.model.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The documented key layout of {@link RedisKeys}, with the default and a custom prefix. */
class RedisKeysTest {

  private static final Instant WINDOW_START = Instant.parse("2026-03-02T21:00:00Z");

  @Test
  void theDefaultLayoutIsTheDocumentedOne() {
    RedisKeys keys = RedisKeys.DEFAULT;

    assertThat(keys.stats(WINDOW_START, StatsKey.TOTAL))
        .isEqualTo("bankstream:stats:1772485200000:total");
    assertThat(keys.stats(WINDOW_START, new StatsKey(Dimension.REGIAO, "SP")))
        .isEqualTo("bankstream:stats:1772485200000:regiao:SP");
    assertThat(keys.stats(WINDOW_START, new StatsKey(Dimension.MODALIDADE, "PIX")))
        .isEqualTo("bankstream:stats:1772485200000:modalidade:PIX");
    assertThat(keys.statsPrefix(WINDOW_START)).isEqualTo("bankstream:stats:1772485200000:");
    assertThat(keys.windows()).isEqualTo("bankstream:windows");
    assertThat(keys.latestTransactions()).isEqualTo("bankstream:latest:transactions");
    assertThat(keys.latestTransactionsData()).isEqualTo("bankstream:latest:transactions:data");
    assertThat(keys.latestRejections()).isEqualTo("bankstream:latest:rejections");
    assertThat(keys.latestRejectionsData()).isEqualTo("bankstream:latest:rejections:data");
  }

  @Test
  void anotherPrefixMovesEveryKey() {
    RedisKeys keys = new RedisKeys("staging:bankstream");

    assertThat(keys.stats(WINDOW_START, StatsKey.TOTAL))
        .isEqualTo("staging:bankstream:stats:1772485200000:total");
    assertThat(keys.windows()).isEqualTo("staging:bankstream:windows");
    assertThat(keys.latestRejectionsData()).isEqualTo("staging:bankstream:latest:rejections:data");
  }

  @Test
  void refusesAPrefixThatWouldBreakTheLayout() {
    assertThatThrownBy(() -> new RedisKeys("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RedisKeys("bankstream:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RedisKeys("bank stream"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
