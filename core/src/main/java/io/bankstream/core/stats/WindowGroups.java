package io.bankstream.core.stats;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every group's {@link WindowAggregate} of one window: overall, per UF, per modality and per rules
 * version, keyed by {@link StatsKey#toString()}. Mutable; one object aggregates a whole window, so
 * a runner keeps one accumulator per window rather than one per group.
 */
public final class WindowGroups implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TreeMap<String, WindowAggregate> groups = new TreeMap<>();

  /** Adds {@code decided} to its four groups. */
  public void add(DecidedTransaction decided) {
    aggregate(StatsKey.TOTAL).add(decided);
    aggregate(new StatsKey(Dimension.REGIAO, decided.transaction().region().code())).add(decided);
    aggregate(new StatsKey(Dimension.MODALIDADE, decided.transaction().modality().name()))
        .add(decided);
    aggregate(new StatsKey(Dimension.VERSAO, Integer.toString(decided.decision().rulesVersion())))
        .add(decided);
  }

  /** Adds every group of {@code other} to this one's. */
  public void merge(WindowGroups other) {
    other.groups.forEach(
        (key, aggregate) ->
            groups.computeIfAbsent(key, k -> new WindowAggregate()).merge(aggregate));
  }

  /** The groups, by {@link StatsKey#toString()}. */
  public Map<String, WindowAggregate> groups() {
    return groups;
  }

  private WindowAggregate aggregate(StatsKey key) {
    return groups.computeIfAbsent(key.toString(), k -> new WindowAggregate());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WindowGroups that && groups.equals(that.groups);
  }

  @Override
  public int hashCode() {
    return groups.hashCode();
  }
}
