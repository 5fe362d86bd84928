package io.bankstream.dashboard.data;

/** A data source could not be reached or failed to answer; the message says which and why. */
public final class SourceUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
