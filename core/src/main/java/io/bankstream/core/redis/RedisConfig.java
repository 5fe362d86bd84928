package io.bankstream.core.redis;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Where and how the pipeline connects to Redis: host, port, password, TLS and database number. It
 * is serialisable because it travels inside the Beam DoFns, which call {@link #pooled()} in their
 * {@code @Setup}; {@link #toString()} never shows the password.
 *
 * @param host the server's host name or address
 * @param port its port, 1 to 65535
 * @param password the {@code requirepass} password, from the environment or a file; null (or empty)
 *     when the server has none
 * @param ssl whether to connect with TLS (the server's certificate must name {@code host})
 * @param database the logical database, 0 or more
 * @param caFile a PEM file of the CA certificates to trust over TLS; null for the JVM's trust store
 */
public record RedisConfig(
    String host, int port, String password, boolean ssl, int database, String caFile)
    implements Serializable {

  /** Redis's default port. */
  public static final int DEFAULT_PORT = 6379;

  /** How long connecting, and then each reply, may take before the attempt fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** How long borrowing a pooled connection waits when all of them are in use. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /** The most connections one pool opens. */
  public static final int MAX_CONNECTIONS = 8;

  /** The name the pool's connections show in {@code CLIENT LIST}. */
  public static final String CLIENT_NAME = "bankstream-pipeline";

  public RedisConfig {
    Objects.requireNonNull(host, "host");
    // An empty password means none: AUTH "" would fail against a server without one.
    password = password == null || password.isEmpty() ? null : password;
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("database must not be negative: " + database);
    }
    caFile = caFile == null || caFile.isBlank() ? null : caFile;
  }

  /** A server whose TLS certificate, if any, the JVM's trust store vouches for. */
  public RedisConfig(String host, int port, String password, boolean ssl, int database) {
    this(host, port, password, ssl, database, null);
  }

  /** A server on {@code host:port} without password or TLS, database 0. */
  public static RedisConfig of(String host, int port) {
    return new RedisConfig(host, port, null, false, 0);
  }

  /**
   * Opens a pool of at most {@link #MAX_CONNECTIONS} connections to this server, each
   * authenticated, switched to {@link #database()} and named {@link #CLIENT_NAME}. No connection is
   * opened until the first command, so a worker that starts while Redis is down does not fail its
   * setup; the writers retry instead. The caller closes the pool.
   */
  public JedisPooled pooled() {
    DefaultJedisClientConfig client =
        RedisPools.client(password, ssl, caFile, CLIENT_NAME, TIMEOUT).database(database).build();
    ConnectionPoolConfig pool = RedisPools.pool(MAX_CONNECTIONS, MAX_WAIT);
    // Idle connections are checked in the background; a broken one found in use is discarded.
    pool.setTestWhileIdle(true);
    return new JedisPooled(pool, new HostAndPort(host, port), client);
  }

  /** Host, port, TLS and database; the password only as present or not. */
  @Override
  public String toString() {
    return "RedisConfig[host="
        + host
        + ", port="
        + port
        + ", password="
        + (password == null ? "<none>" : "***")
        + ", ssl="
        + ssl
        + ", database="
        + database
        + (caFile == null ? "" : ", caFile=" + caFile)
        + "]";
  }
}
