package io.bankstream.dashboard.live;

import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live source in memory: answers the snapshot it was last given; {@link #down} makes reads fail
 * with a reason until {@link #up}.
 */
public final class FakeLiveSource implements LiveSource {

  private final String address;
  private volatile LiveSnapshot snapshot;
  private volatile String downReason;
  private volatile boolean closed;
  public final AtomicInteger reads = new AtomicInteger();
  public volatile int lastWindowsAsked;

  public FakeLiveSource(String address, LiveSnapshot snapshot) {
    this.address = address;
    this.snapshot = snapshot;
  }

  public FakeLiveSource(LiveSnapshot snapshot) {
    this("redis://fake:6379", snapshot);
  }

  public void answer(LiveSnapshot next) {
    snapshot = next;
  }

  public void down(String reason) {
    downReason = reason;
  }

  public void up() {
    downReason = null;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public LiveSnapshot read(int windows) throws SourceUnavailableException {
    reads.incrementAndGet();
    lastWindowsAsked = windows;
    String reason = downReason;
    if (reason != null) {
      throw new SourceUnavailableException(reason, null);
    }
    return snapshot;
  }

  @Override
  public String describe() {
    return address;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** An empty snapshot read at {@code readAt}. */
  public static LiveSnapshot empty(Instant readAt) {
    return new LiveSnapshot(readAt, List.of(), List.of(), List.of(), List.of(), List.of());
  }
}
