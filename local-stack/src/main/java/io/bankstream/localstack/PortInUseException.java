package io.bankstream.localstack;

/**
 * Thrown when a port the local stack was asked to use is already taken. Names the service, the port
 * and the setting that changes it, so the message alone tells the user what to do.
 */
public final class PortInUseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String service;
  private final int port;

  PortInUseException(String service, int port) {
    this(service, port, null);
  }

  /** {@code cause}: the server's own failure to bind, when the port was taken after the check. */
  PortInUseException(String service, int port, Throwable cause) {
    super(service + " port " + port + " on 127.0.0.1 is already in use", cause);
    this.service = service;
    this.port = port;
  }

  /** The service that wanted the port: {@code Kafka}, {@code Kafka controller}, ... */
  public String service() {
    return service;
  }

  public int port() {
    return port;
  }

  /** The command-line option of {@code ./bankstream stack} and {@code demo} that sets this port. */
  public String option() {
    return switch (service) {
      case "Kafka" -> "--kafka-port";
      case "Kafka controller" -> "--kafka-controller-port";
      case "PostgreSQL" -> "--postgres-port";
      default -> "--redis-port";
    };
  }
}
