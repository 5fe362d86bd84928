package io.bankstream.model.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for servers this project starts: checked free before a server binds them, or
 * picked free.
 *
 * <p>A server binds its port a while after the check (after other servers start, or in a JVM of its
 * own), so a port picked free must not be one the kernel is about to hand out: a port from the
 * ephemeral range (what {@code bind(0)} and every outgoing connection get) was seen taken by a
 * connection in between, twice: Flink's JobManager then failed with "Could not start rest
 * endpoint", and the embedded Kafka with "Socket server failed to bind". Free ports are therefore
 * drawn below that range. No library picks ports this way; the JDK's {@code bind(0)} is the race.
 */
public final class LoopbackPorts {

  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 200;

  private LoopbackPorts() {}

  /** Whether a server could bind {@code port} on 127.0.0.1 now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the servers themselves do: a port whose last connections linger in TIME_WAIT is free;
      // one with a listener is not.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A free port below the kernel's ephemeral range, or empty if none was found. */
  public static OptionalInt pickFree() {
    int ceiling = ephemeralLow();
    for (int i = 0; i < ATTEMPTS; i++) {
      int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
      if (isFree(candidate)) {
        return OptionalInt.of(candidate);
      }
    }
    return OptionalInt.empty();
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
