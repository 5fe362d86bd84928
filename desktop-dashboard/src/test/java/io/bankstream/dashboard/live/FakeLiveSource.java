package io.bankstream.dashboard.live;

import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.testing.FakeSource;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live source in memory: answers the snapshot it was last given; {@link #down} makes reads fail
 * with a reason until {@link #up}.
 */
public final class FakeLiveSource extends FakeSource implements LiveSource {

  private volatile LiveSnapshot snapshot;
  public final AtomicInteger reads = new AtomicInteger();
  public volatile int lastWindowsAsked;

  public FakeLiveSource(String address, LiveSnapshot snapshot) {
    super(address);
    this.snapshot = snapshot;
  }

  public FakeLiveSource(LiveSnapshot snapshot) {
    this("redis://fake:6379", snapshot);
  }

  public void answer(LiveSnapshot next) {
    snapshot = next;
  }

  @Override
  public LiveSnapshot read(int windows) throws SourceUnavailableException {
    reads.incrementAndGet();
    lastWindowsAsked = windows;
    check();
    return snapshot;
  }

  /** An empty snapshot read at {@code readAt}. */
  public static LiveSnapshot empty(Instant readAt) {
    return new LiveSnapshot(readAt, List.of(), List.of(), List.of(), List.of(), List.of());
  }
}
