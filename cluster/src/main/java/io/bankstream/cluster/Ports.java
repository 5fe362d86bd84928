package io.bankstream.cluster;

import io.bankstream.model.net.LoopbackPorts;

/**
 * A daemon's port on 127.0.0.1: checked free before the daemon starts, or picked free below the
 * kernel's ephemeral range (see {@link LoopbackPorts} for why).
 */
final class Ports {

  private Ports() {}

  /**
   * {@code port} if nothing listens on it; if it is 0, a free port.
   *
   * @throws PortInUseException naming {@code what} and {@code option} if it is taken
   */
  static int claim(String what, int port, String option) {
    if (port == 0) {
      return LoopbackPorts.pickFree().orElseThrow(() -> new PortInUseException(what, 0, option));
    }
    if (!LoopbackPorts.isFree(port)) {
      throw new PortInUseException(what, port, option);
    }
    return port;
  }
}
