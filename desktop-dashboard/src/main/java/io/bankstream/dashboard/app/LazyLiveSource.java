package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.LiveSnapshot;
import io.bankstream.dashboard.data.LiveSource;
import io.bankstream.dashboard.data.SourceUnavailableException;
import java.util.function.Supplier;

/**
 * A {@link LiveSource} opened on its first read rather than when built, so that opening it (which
 * may connect, or read a password file) happens on the reader thread and never on the UI thread. A
 * failure to open is reported as {@link SourceUnavailableException} and tried again on the next
 * read. Until open, {@link #describe()} is the address it will open.
 */
final class LazyLiveSource extends Lazy<LiveSource> implements LiveSource {

  LazyLiveSource(Supplier<LiveSource> opener, String address) {
    super(opener, address, "live", LiveSource::describe, LiveSource::close);
  }

  @Override
  public LiveSnapshot read(int windows) throws SourceUnavailableException {
    return open().read(windows);
  }
}
