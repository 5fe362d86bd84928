package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link LiveSource} opened on its first read rather than when built, so that opening it (which
 * may connect, or read a password file) happens on the poller's thread and never on the UI thread.
 * A failure to open is reported as {@link SourceUnavailableException} and tried again on the next
 * read. Until open, {@link #describe()} is the address it will open.
 */
final class LazyLiveSource implements LiveSource {

  private final Supplier<LiveSource> opener;
  private final String address;
  private LiveSource delegate;
  private boolean closed;

  LazyLiveSource(Supplier<LiveSource> opener, String address) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.address = Objects.requireNonNull(address, "address");
  }

  @Override
  public LiveSnapshot read(int windows) throws SourceUnavailableException {
    return open().read(windows);
  }

  @Override
  public synchronized String describe() {
    return delegate == null ? address : delegate.describe();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (delegate != null) {
      delegate.close();
      delegate = null;
    }
  }

  private synchronized LiveSource open() throws SourceUnavailableException {
    if (closed) {
      throw new SourceUnavailableException(address + " is closed", null);
    }
    if (delegate == null) {
      try {
        delegate = Objects.requireNonNull(opener.get(), "the live source factory returned null");
      } catch (RuntimeException e) {
        throw new SourceUnavailableException(
            "cannot open " + address + ": " + Objects.toString(e.getMessage(), e.toString()), e);
      }
    }
    return delegate;
  }
}
