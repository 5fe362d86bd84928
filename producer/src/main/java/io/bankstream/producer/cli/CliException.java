package io.bankstream.producer.cli;

/**
 * A failure the user can act on: an unreachable service, a missing prerequisite, a bad file. The
 * command line prints its message after {@code error:} and exits with {@link #exitCode()}, without
 * a stack trace.
 */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit code for a service that could not be reached or a missing prerequisite. */
  public static final int UNAVAILABLE = 1;

  private final int exitCode;

  public CliException(String message) {
    this(message, null);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = UNAVAILABLE;
  }

  public int exitCode() {
    return exitCode;
  }
}
