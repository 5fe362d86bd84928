package io.bankstream.core.startup;

import io.bankstream.core.redis.RedisConfig;
import io.bankstream.model.net.Tls;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the pipeline checks at start, before it builds its graph, so that credentials or TLS
 * settings that cannot work are refused at once with one message naming the option, instead of a
 * pipeline that retries for ever: Kafka refusing the login from {@code --kafkaConfigFile}, Redis
 * refusing (or requiring) a password, PostgreSQL refusing the login or the {@code sslmode}, and a
 * TLS handshake with any of them failing (a certificate not trusted, or not naming the host). A
 * service that is merely down is not refused: Kafka and Redis are then left to the steps' own
 * retries, PostgreSQL to the migration's wait. Messages carry the servers' and drivers' words,
 * never a password.
 */
public final class StartupChecks {

  private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

  /** How long the checks wait for Kafka and Redis to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private StartupChecks() {}

  /**
   * Asks Kafka at {@code bootstrapServers} to describe its cluster with {@code clientConfig} (the
   * properties of {@code --kafkaConfigFile}).
   *
   * @throws IllegalArgumentException when Kafka refuses the login, or the properties are invalid
   */
  public static void checkKafka(String bootstrapServers, Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      Optional<String> tls = Tls.failure(cause);
      if (tls.isPresent()) {
        throw new IllegalArgumentException(
            "TLS with Kafka at "
                + bootstrapServers
                + " failed: "
                + tls.get()
                + " (check the ssl.* settings of --kafkaConfigFile and the host names of"
                + " --bootstrapServers)",
            cause);
      }
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        throw new IllegalArgumentException(
            "Kafka at "
                + bootstrapServers
                + " refused authentication: "
                + cause.getMessage()
                + " (check security.protocol and the sasl.* or ssl.* settings of"
                + " --kafkaConfigFile)",
            cause);
      }
      LOG.warn(
          "Kafka at {} did not answer at start ({}); the reader keeps trying",
          bootstrapServers,
          cause == null ? e.toString() : cause.toString());
    } catch (TimeoutException e) {
      LOG.warn(
          "Kafka at {} did not answer within {} s at start; the reader keeps trying",
          bootstrapServers,
          TIMEOUT.toSeconds());
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "--kafkaConfigFile: Kafka client settings refused: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka", e);
    }
  }

  /**
   * Pings Redis with {@code config}'s password and TLS.
   *
   * @throws IllegalArgumentException when Redis refuses the password or requires one not given
   */
  public static void checkRedis(RedisConfig config) {
    try (JedisPooled redis = config.pooled()) {
      redis.ping();
    } catch (RuntimeException e) {
      Optional<String> tls = config.ssl() ? Tls.failure(e) : Optional.empty();
      if (tls.isPresent()) {
        throw new IllegalArgumentException(
            "TLS with Redis at "
                + config.host()
                + ":"
                + config.port()
                + " failed: "
                + tls.get()
                + " (check --redisCaFile and --redisHost)",
            e);
      }
      Optional<String> refusal = authenticationRefusal(e);
      if (refusal.isPresent()) {
        String hint =
            config.password() == null
                ? "it requires a password: set BANKSTREAM_REDIS_PASSWORD or --redisPasswordFile"
                : "check the password of BANKSTREAM_REDIS_PASSWORD or --redisPasswordFile";
        throw new IllegalArgumentException(
            "Redis at "
                + config.host()
                + ":"
                + config.port()
                + " refused the connection: "
                + refusal.get()
                + " ("
                + hint
                + ")",
            e);
      }
      if (!isConnectionFailure(e)) {
        throw new IllegalArgumentException(
            "Redis at " + config.host() + ":" + config.port() + " answered: " + e.getMessage(), e);
      }
      LOG.warn(
          "Redis at {}:{} did not answer at start ({}); the statistics writers keep trying",
          config.host(),
          config.port(),
          e.toString());
    }
  }

  /** The server's reply when {@code error} is an authentication refusal (NOAUTH, WRONGPASS...). */
  public static Optional<String> authenticationRefusal(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage() == null ? "" : cause.getMessage();
      if (cause instanceof JedisAccessControlException
          || (cause instanceof JedisDataException
              && (message.startsWith("NOAUTH")
                  || message.startsWith("WRONGPASS")
                  || message.startsWith("ERR AUTH")
                  || message.contains("invalid password")))) {
        return Optional.of(message);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JedisConnectionException || cause instanceof java.io.IOException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Why PostgreSQL refused the connection for good, or empty when {@code error} may pass (the
   * server is down or starting): a refused login ({@code 28xxx}), an unknown database ({@code
   * 3D000}), a connection refused as such ({@code 08004}: among others, {@code sslmode} requiring
   * TLS of a server without it), or a TLS handshake that failed (a certificate not trusted or not
   * naming the host: {@link Tls#failure}).
   */
  public static Optional<String> permanentPostgresRefusal(Throwable error) {
    Optional<String> tls = Tls.failure(error);
    if (tls.isPresent()) {
      return Optional.of("TLS failed: " + tls.get());
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("28") || state.equals("3D000") || state.equals("08004")) {
          return Optional.of(sql.getMessage() + " (SQLState " + state + ")");
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
