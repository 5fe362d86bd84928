package io.bankstream.cluster;

/** Thrown when a cluster's daemons did not come up; the message says which, and its log's end. */
public final class ClusterStartException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  ClusterStartException(String message) {
    super(message);
  }

  ClusterStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
