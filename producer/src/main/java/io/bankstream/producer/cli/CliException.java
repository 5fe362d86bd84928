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

  /** Exit code for input the command refuses: a bad file, an unknown version, a bad time. */
  public static final int BAD_INPUT = 2;

  private final int exitCode;

  public CliException(String message) {
    this(message, null);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = UNAVAILABLE;
  }

  private CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A refusal of what the user gave, exit code {@link #BAD_INPUT}. */
  public static CliException badInput(String message) {
    return new CliException(message, BAD_INPUT);
  }

  public int exitCode() {
    return exitCode;
  }
}
