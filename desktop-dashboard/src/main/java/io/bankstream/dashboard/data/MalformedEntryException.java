package io.bankstream.dashboard.data;

/**
 * One stored entry (a statistics hash, a latest transaction's JSON, a row's rule map) that cannot
 * be read; the sources skip it and count it rather than fail the whole read.
 */
final class MalformedEntryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MalformedEntryException(String message) {
    super(message);
  }

  MalformedEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
