package io.bankstream.dashboard.data;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the pipeline set aside and how it decides (PostgreSQL): the dead letters ({@code
 * dead_letters}) counted by reason over time and the latest of them, and the rules version in force
 * ({@code versoes_regras}). Blocking; called off the UI thread.
 */
public interface OperationsSource extends AutoCloseable {

  /**
   * The dead letters that failed in {@code range}, counted per reason and per bucket of {@code
   * bucket} (buckets start at multiples of it since the epoch), by bucket then reason; buckets
   * without dead letters are left out.
   */
  List<DeadLetterCount> deadLetterCounts(TimeRange range, Duration bucket)
      throws SourceUnavailableException;

  /** The {@code limit} newest dead letters, newest first. */
  List<DeadLetter> latestDeadLetters(int limit) throws SourceUnavailableException;

  /**
   * The rules version in force at {@code now}: the highest-numbered one whose effective time is at
   * or before it; empty when none is (the pipelines decide with their start-up rules).
   */
  Optional<RulesVersion> activeRulesVersion(Instant now) throws SourceUnavailableException;

  /** Where it reads from, for the status bar. */
  String describe();

  @Override
  void close();
}
