package io.bankstream.dashboard.operations;

import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.data.DeadLetterCount;
import io.bankstream.dashboard.data.OperationsSource;
import io.bankstream.dashboard.data.RulesVersion;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.testing.FakeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An operations source in memory: dead letters (counted per reason and bucket like the contract
 * says, within the range asked) and rules versions (the highest-numbered one in force at "now");
 * {@link #down} makes every call fail until {@link #up}.
 */
public final class FakeOperationsSource extends FakeSource implements OperationsSource {

  private volatile List<DeadLetter> letters = List.of();
  private volatile List<RulesVersion> versions = List.of();
  public final List<TimeRange> ranges = new CopyOnWriteArrayList<>();

  public FakeOperationsSource() {
    super("jdbc:postgresql://fake:5432/bank");
  }

  public FakeOperationsSource letters(List<DeadLetter> rows) {
    letters = List.copyOf(rows);
    return this;
  }

  public FakeOperationsSource versions(List<RulesVersion> rows) {
    versions = List.copyOf(rows);
    return this;
  }

  @Override
  public List<DeadLetterCount> deadLetterCounts(TimeRange range, Duration bucket)
      throws SourceUnavailableException {
    check();
    ranges.add(range);
    long size = bucket.toSeconds();
    List<DeadLetterCount> counts = new ArrayList<>();
    for (DeadLetter letter : letters) {
      if (letter.failedAt().isBefore(range.from()) || !letter.failedAt().isBefore(range.to())) {
        continue;
      }
      Instant start =
          Instant.ofEpochSecond(Math.floorDiv(letter.failedAt().getEpochSecond(), size) * size);
      counts.add(new DeadLetterCount(start, letter.reason(), 1));
    }
    return counts;
  }

  @Override
  public List<DeadLetter> latestDeadLetters(int limit) throws SourceUnavailableException {
    check();
    return letters.stream()
        .sorted((a, b) -> b.failedAt().compareTo(a.failedAt()))
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<RulesVersion> activeRulesVersion(Instant now) throws SourceUnavailableException {
    check();
    return versions.stream()
        .filter(version -> !version.effectiveFrom().isAfter(now))
        .max((a, b) -> Integer.compare(a.version(), b.version()));
  }

  /** A dead letter of {@code reason} failed at {@code at}, on {@code field}. */
  public static DeadLetter letter(long id, Instant at, String reason, String field) {
    return new DeadLetter(
        id,
        at,
        "parse",
        reason,
        field,
        reason + " in " + field,
        "bank_transactions",
        0,
        id,
        "{\"id_transacao\":\"tx-" + id + "\"}");
  }
}
