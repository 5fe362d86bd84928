package io.bankstream.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1: checked free before a daemon is started, or picked free. */
final class Ports {

  private Ports() {}

  /**
   * {@code port} if nothing listens on it, a free port if it is 0.
   *
   * @throws PortInUseException naming {@code what} and {@code option} if it is taken
   */
  static int claim(String what, int port, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the daemons themselves do: a port whose last connections linger in TIME_WAIT is free;
      // one with a listener is not.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new PortInUseException(what, port, option);
    }
  }
}
