package io.bankstream.bench.floor;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.LatestTransaction;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One of the capped "latest" lists of the live view ({@code latest:transactions} or {@code
 * latest:rejections}), kept in memory so that Redis is told only what changed. It holds the {@code
 * cap} newest transactions offered, newest by decision time in epoch ms and then by id, as a Redis
 * sorted set ranks them, which is what the pipeline's capped script leaves in Redis; an id offered
 * again takes its new place. {@link #changes()} says which ids Redis must add (with their score and
 * {@link LatestTransaction} JSON, made only then) and which it must drop, since the last {@link
 * #written()}. A list of rejections takes only rejected transactions.
 *
 * <p>{@link #seed} starts it from what Redis already holds (a previous run's list), so ids that
 * fall out of the cap are dropped from Redis too, and the list stays bounded across runs.
 */
final class LatestList {

  /** What Redis must do to hold this list: ids to add with score and JSON, ids to drop. */
  record Changes(Map<String, Double> scores, Map<String, String> json, List<String> removed) {
    boolean isEmpty() {
      return scores.isEmpty() && removed.isEmpty();
    }
  }

  /** An entry; {@code row} is null for one seeded from Redis, whose JSON Redis already has. */
  private record Entry(long score, String id, DecidedTransaction row) {}

  private static final Comparator<Entry> OLDEST_FIRST =
      Comparator.comparingLong(Entry::score).thenComparing(Entry::id);

  private final int cap;
  private final boolean rejectedOnly;
  private final TreeSet<Entry> newest = new TreeSet<>(OLDEST_FIRST);
  private final Map<String, Entry> byId = new HashMap<>();
  private final Set<String> stored = new HashSet<>();
  private final Map<String, Entry> toAdd = new LinkedHashMap<>();
  private final Set<String> toRemove = new HashSet<>();

  /**
   * @param cap how many ids the list keeps, at least 1
   * @param rejectedOnly true for the list of rejections
   */
  LatestList(int cap, boolean rejectedOnly) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1: " + cap);
    }
    this.cap = cap;
    this.rejectedOnly = rejectedOnly;
  }

  /**
   * Offers a batch's transactions, newest last (the order they were decided in): it is walked from
   * the end, so once the list is full the older ones cost one comparison each.
   */
  void offerAll(List<DecidedTransaction> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      DecidedTransaction row = batch.get(i);
      if (rejectedOnly && row.decision().approved()) {
        continue;
      }
      long score = row.decidedAt().toEpochMilli();
      if (newest.size() >= cap && score < newest.first().score()) {
        continue;
      }
      put(new Entry(score, row.transaction().id().toString(), row), true);
    }
  }

  /** Adds what Redis already holds: ids with their scores, known to be stored. */
  void seed(Map<String, Double> stored) {
    stored.forEach(
        (id, score) -> {
          this.stored.add(id);
          if (!byId.containsKey(id)) {
            put(new Entry(score.longValue(), id, null), false);
          }
        });
  }

  /** What Redis must change since the last {@link #written()}. */
  Changes changes() {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, String> json = new LinkedHashMap<>();
    for (Entry entry : toAdd.values()) {
      scores.put(entry.id(), (double) entry.score());
      json.put(entry.id(), LatestTransaction.of(entry.row()).toJson());
    }
    return new Changes(scores, json, List.copyOf(toRemove));
  }

  /** Records that Redis now holds the {@link #changes()} last asked for. */
  void written() {
    stored.addAll(toAdd.keySet());
    stored.removeAll(toRemove);
    toAdd.clear();
    toRemove.clear();
  }

  /** The ids held, oldest first. */
  List<String> ids() {
    return newest.stream().map(Entry::id).toList();
  }

  private void put(Entry entry, boolean mustWrite) {
    Entry previous = byId.put(entry.id(), entry);
    if (previous != null) {
      newest.remove(previous);
    }
    newest.add(entry);
    if (mustWrite) {
      toAdd.put(entry.id(), entry);
      toRemove.remove(entry.id());
    }
    while (newest.size() > cap) {
      Entry dropped = newest.pollFirst();
      byId.remove(dropped.id());
      toAdd.remove(dropped.id());
      if (stored.contains(dropped.id())) {
        toRemove.add(dropped.id());
      }
    }
  }
}
