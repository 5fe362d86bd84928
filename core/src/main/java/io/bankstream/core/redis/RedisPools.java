package io.bankstream.core.redis;

import io.bankstream.model.net.Tls;
import java.nio.file.Path;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * How bankstream configures a Jedis pool, for the pipeline's writers ({@link RedisConfig#pooled})
 * and the dashboard's reader alike: each connection authenticated when there is a password, on TLS
 * if asked, named, with one timeout for connecting and for each reply; at most a fixed number of
 * connections, none opened ahead, and no JMX bean per pool. What differs (the database, how a
 * broken connection is found) the caller adds to what these return.
 */
public final class RedisPools {

  private RedisPools() {}

  /** {@link #client(String, boolean, String, String, Duration)} trusting the JVM's trust store. */
  public static DefaultJedisClientConfig.Builder client(
      String password, boolean ssl, String clientName, Duration timeout) {
    return client(password, ssl, null, clientName, timeout);
  }

  /**
   * A connection's settings: {@code password} (null or empty: none), TLS if {@code ssl}, named
   * {@code clientName}, {@code timeout} to connect and for each reply. Over TLS the server's
   * certificate must be signed by a CA of {@code caFile} (PEM; null: the JVM's trust store) and
   * name the host connected to: Jedis checks no host name unless told to.
   *
   * @throws IllegalArgumentException naming {@code caFile} when it cannot be read
   */
  public static DefaultJedisClientConfig.Builder client(
      String password, boolean ssl, String caFile, String clientName, Duration timeout) {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .password(password == null || password.isEmpty() ? null : password)
            .ssl(ssl)
            .clientName(clientName)
            .connectionTimeoutMillis((int) timeout.toMillis())
            .socketTimeoutMillis((int) timeout.toMillis());
    if (ssl) {
      client.sslParameters(Tls.verifyingHostName());
      if (caFile != null && !caFile.isBlank()) {
        client.sslSocketFactory(Tls.trusting(Path.of(caFile)));
      }
    }
    return client;
  }

  /**
   * A pool of at most {@code maxConnections}, none kept open while idle beyond that nor opened
   * ahead, a borrower waiting up to {@code maxWait} for one; without JMX (many pools per JVM).
   */
  public static ConnectionPoolConfig pool(int maxConnections, Duration maxWait) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMinIdle(0);
    pool.setMaxWait(maxWait);
    pool.setJmxEnabled(false);
    return pool;
  }
}
