package io.bankstream.dashboard.testing;

import io.bankstream.dashboard.data.SourceUnavailableException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the fake data sources share: an address to describe, an outage that {@link #down} starts and
 * {@link #up} ends, during which {@link #check} fails with its reason, a call held until the test
 * lets it go ({@link #holdNextCall}), the threads that called it, and whether it was closed.
 */
public abstract class FakeSource implements AutoCloseable {

  private final String address;
  private volatile String downReason;
  private volatile boolean closed;
  private final AtomicReference<Hold> hold = new AtomicReference<>();

  /** The name of the thread of every call, in order. */
  public final List<String> callers = new CopyOnWriteArrayList<>();

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

  /**
   * Makes the next call wait until {@code release} completes, even when its thread is interrupted
   * (as a socket read does); returns what completes once that call waits.
   */
  public CompletableFuture<Void> holdNextCall(CompletableFuture<Void> release) {
    Hold next = new Hold(new CompletableFuture<>(), release);
    hold.set(next);
    return next.reached();
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

  /**
   * Waits while the call is held, then fails with the reason given to {@link #down}, while down.
   */
  protected void check() throws SourceUnavailableException {
    callers.add(Thread.currentThread().getName());
    Hold held = hold.getAndSet(null);
    if (held != null) {
      held.reached().complete(null);
      held.release().join(); // join() ignores interrupts
    }
    String reason = downReason;
    if (reason != null) {
      throw new SourceUnavailableException(reason, null);
    }
  }

  private record Hold(CompletableFuture<Void> reached, CompletableFuture<Void> release) {}
}
