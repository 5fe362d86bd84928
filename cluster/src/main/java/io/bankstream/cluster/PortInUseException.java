package io.bankstream.cluster;

/**
 * Thrown when a port a cluster was asked to use is already taken. Names the daemon, the port and
 * the command-line option that changes it, so the message alone tells the user what to do.
 */
public final class PortInUseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String option;

  PortInUseException(String what, int port, String option) {
    super(what + " port " + port + " on 127.0.0.1 is already in use");
    this.option = option;
  }

  /** The option of {@code ./bankstream cluster} that sets this port, e.g. {@code --rest-port}. */
  public String option() {
    return option;
  }
}
