package io.bankstream.dashboard.data;

/**
 * One stored entry (a statistics hash, a row's rule map) that cannot be read; the sources skip it
 * and count it rather than fail the whole read, as they do with a latest transaction's JSON that
 * {@link io.bankstream.model.stats.LatestTransaction#fromJson} refuses.
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
