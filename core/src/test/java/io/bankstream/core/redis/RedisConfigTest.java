package io.bankstream.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.stats.RedisKeys;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** {@link RedisConfig}'s checks and secrecy, and which Redis errors the writer retries. */
class RedisConfigTest {

  @Test
  void toStringNeverShowsThePassword() {
    RedisConfig config = new RedisConfig("redis.internal", 6380, "s3cr3t-Pa55", true, 2);

    assertThat(config.toString())
        .doesNotContain("s3cr3t-Pa55")
        .contains("redis.internal", "6380", "password=***", "ssl=true", "database=2");
    assertThat(RedisConfig.of("localhost", 6379).toString()).contains("password=<none>");
  }

  @Test
  void anEmptyPasswordMeansNone() {
    assertThat(new RedisConfig("localhost", 6379, "", false, 0).password()).isNull();
  }

  @Test
  void refusesBadValues() {
    assertThatThrownBy(() -> RedisConfig.of(" ", 6379))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisConfig.of("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RedisConfig("localhost", 6379, null, false, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isSerializableForTheDoFns() throws Exception {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(new RedisConfig("localhost", 6379, "x", false, 0));
      out.writeObject(RedisKeys.DEFAULT);
    }
  }

  @Test
  void connectionFailuresAndLoadingAreTransientOtherErrorsAreNot() {
    assertThat(RedisStatsWriter.isTransient(new JedisConnectionException("refused"))).isTrue();
    assertThat(
            RedisStatsWriter.isTransient(
                new JedisException("pool", new JedisConnectionException("refused"))))
        .isTrue();
    assertThat(
            RedisStatsWriter.isTransient(
                new JedisDataException("LOADING Redis is loading the dataset in memory")))
        .isTrue();
    assertThat(
            RedisStatsWriter.isTransient(
                new JedisDataException(
                    "WRONGTYPE Operation against a key holding the wrong kind of value")))
        .isFalse();
    assertThat(
            RedisStatsWriter.isTransient(new JedisDataException("NOAUTH Authentication required.")))
        .isFalse();
  }
}
