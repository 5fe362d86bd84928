package io.bankstream.dashboard.data;

/** Reads the live statistics (Redis). Blocking; called off the UI thread. */
public interface LiveSource extends AutoCloseable {

  /**
   * The statistics of the newest {@code windows} windows and the latest transactions.
   *
   * @throws SourceUnavailableException when the store cannot be reached or answers with an error
   */
  LiveSnapshot read(int windows) throws SourceUnavailableException;

  /** Where it reads from, for the status bar: {@code redis://127.0.0.1:6379}. */
  String describe();

  @Override
  void close();
}
