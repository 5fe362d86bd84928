package io.bankstream.dashboard.testing;

import io.bankstream.dashboard.data.SourceUnavailableException;

/**
 * What the fake data sources share: an address to describe, an outage that {@link #down} starts and
 * {@link #up} ends, during which {@link #check} fails with its reason, and whether it was closed.
 */
public abstract class FakeSource implements AutoCloseable {

  private final String address;
  private volatile String downReason;
  private volatile boolean closed;

  protected FakeSource(String address) {
    this.address = address;
  }

  /** Makes every call fail with {@code reason} until {@link #up}. */
  public void down(String reason) {
    downReason = reason;
  }

  public void up() {
    downReason = null;
  }

  public boolean closed() {
    return closed;
  }

  public String describe() {
    return address;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Fails with the reason given to {@link #down}, while down. */
  protected void check() throws SourceUnavailableException {
    String reason = downReason;
    if (reason != null) {
      throw new SourceUnavailableException(reason, null);
    }
  }
}
