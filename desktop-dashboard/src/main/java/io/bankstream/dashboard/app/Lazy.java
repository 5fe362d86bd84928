package io.bankstream.dashboard.app;

import io.bankstream.dashboard.data.SourceUnavailableException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A data source opened on its first use rather than when built, so that opening it (which may
 * connect, or read a password file) happens off the UI thread. A failure to open is reported as
 * {@link SourceUnavailableException} and tried again on the next use. Until open, {@link
 * #describe()} is the address it will open; once closed, it opens no more. A subclass implements
 * the source's interface by asking {@link #open()} for the source.
 *
 * @param <T> the kind of source
 */
abstract class Lazy<T extends AutoCloseable> {

  private final Supplier<? extends T> opener;
  private final String address;
  private final String kind;
  private final Function<? super T, String> describer;
  private final Consumer<? super T> closer;
  private T delegate;
  private boolean closed;

  /**
   * @param opener opens the source
   * @param address where it will read from, until open
   * @param kind what it is, for the messages: {@code live}, {@code history}
   * @param describer the open source's {@code describe()}
   * @param closer the open source's {@code close()}
   */
  protected Lazy(
      Supplier<? extends T> opener,
      String address,
      String kind,
      Function<? super T, String> describer,
      Consumer<? super T> closer) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.address = Objects.requireNonNull(address, "address");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.describer = Objects.requireNonNull(describer, "describer");
    this.closer = Objects.requireNonNull(closer, "closer");
  }

  public synchronized String describe() {
    return delegate == null ? address : describer.apply(delegate);
  }

  public synchronized void close() {
    closed = true;
    if (delegate != null) {
      closer.accept(delegate);
      delegate = null;
    }
  }

  /** The source, opened now if it is not yet. */
  protected synchronized T open() throws SourceUnavailableException {
    if (closed) {
      throw new SourceUnavailableException(address + " is closed", null);
    }
    if (delegate == null) {
      try {
        delegate =
            Objects.requireNonNull(opener.get(), "the " + kind + " source factory returned null");
      } catch (RuntimeException e) {
        throw new SourceUnavailableException(
            "cannot open " + address + ": " + Objects.toString(e.getMessage(), e.toString()), e);
      }
    }
    return delegate;
  }
}
