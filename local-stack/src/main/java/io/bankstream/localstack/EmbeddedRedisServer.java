package io.bankstream.localstack;

import io.bankstream.model.net.Tls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} (the binary bundled by codemonstur's embedded-redis) on loopback. The
 * binary is unpacked into, and the data saved in, a directory of the caller's, so nothing is left
 * in the system's temporary directory.
 */
final class EmbeddedRedisServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts redis-server on {@code port}, with {@code workDirectory} for its binary and its data. A
   * non-null {@code password} is required of every client from then on: it is set with {@code
   * CONFIG SET requirepass} right after start rather than passed as {@code --requirepass}, so it
   * shows on no command line ({@code ps}) and is written to no file. With {@code tls} the port
   * takes TLS connections only, without client certificates.
   */
  static EmbeddedRedisServer start(Path workDirectory, int port, String password, StackTls tls)
      throws IOException {
    Path binaries = Files.createDirectories(workDirectory.resolve("bin"));
    File executable = ExecutableProvider.newJarResourceProvider(binaries.toFile()).get();
    // Settings as arguments: the library's builder would write a config file to /tmp instead.
    List<String> command = new ArrayList<>(List.of(executable.getAbsolutePath(), "--bind", HOST));
    if (tls == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              tls.serverCertificate().toAbsolutePath().toString(),
              "--tls-key-file",
              tls.serverKey().toAbsolutePath().toString(),
              "--tls-ca-cert-file",
              tls.caCertificate().toAbsolutePath().toString(),
              "--tls-auth-clients",
              "no"));
    }
    command.addAll(
        List.of(
            "--dir",
            workDirectory.toAbsolutePath().toString(),
            // Live statistics only: bounded memory, evicting keys that carry a TTL first.
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "volatile-lru",
            // Two arguments: given as one ("60 1000") redis-server 6.2 takes it but does not
            // save on shutdown, and a restart would come back empty.
            "--save",
            "60",
            "1000",
            "--appendonly",
            "no"));
    RedisServer server = new RedisServer(port, command, false, line -> {}, line -> {});
    server.start();
    if (password != null) {
      DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder();
      if (tls != null) {
        client.ssl(true).sslSocketFactory(Tls.trusting(tls.caCertificate()));
      }
      try (Jedis redis = new Jedis(new HostAndPort(HOST, port), client.build())) {
        redis.configSet("requirepass", password);
      } catch (RuntimeException e) {
        server.stop();
        throw new IOException("could not set the Redis password: " + e.getMessage(), e);
      }
    }
    return new EmbeddedRedisServer(server, port);
  }

  int port() {
    return port;
  }

  String host() {
    return HOST;
  }

  boolean isRunning() {
    return server.isActive();
  }

  @Override
  public void close() throws IOException {
    if (server.isActive()) {
      server.stop();
    }
  }
}
