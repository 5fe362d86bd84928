package io.bankstream.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1: checked free before a daemon is started, or picked free.
 *
 * <p>A daemon binds its port seconds after the check, in a JVM of its own, so a port picked free
 * must not be one the kernel is about to hand out: a port from the ephemeral range (what {@code
 * bind(0)} and every outgoing connection get) was seen taken by a connection in between, and the
 * JobManager then failed with "Could not start rest endpoint". Free ports are therefore drawn below
 * that range.
 */
final class Ports {

  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 200;

  private Ports() {}

  /**
   * {@code port} if nothing listens on it; if it is 0, a free port below the kernel's ephemeral
   * range.
   *
   * @throws PortInUseException naming {@code what} and {@code option} if it is taken
   */
  static int claim(String what, int port, String option) {
    if (port != 0) {
      if (!free(port)) {
        throw new PortInUseException(what, port, option);
      }
      return port;
    }
    int ceiling = ephemeralLow();
    for (int i = 0; i < ATTEMPTS; i++) {
      int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
      if (free(candidate)) {
        return candidate;
      }
    }
    throw new PortInUseException(what, 0, option);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the daemons themselves do: a port whose last connections linger in TIME_WAIT is free;
      // one with a listener is not.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The low end of the kernel's ephemeral ports (Linux: 32768 by default). */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > LOWEST + 1_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
