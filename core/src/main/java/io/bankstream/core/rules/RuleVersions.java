package io.bankstream.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules versions a pipeline knows, and which of them decides a transaction: the newest version
 * (the highest number) whose effective time is at or before the transaction's event time; the
 * start-up rules (version 0) when none is. So the version that decides depends on the transaction
 * alone, not on when it is processed: the same on every runner and on a replay, as long as the
 * version was loaded before the first transaction it decides arrived, which {@code rules push}
 * makes sure of by refusing an effective time sooner than {@link #MIN_LEAD} ahead.
 *
 * <p>Publishing a version with an earlier effective time than an older one's makes the older one
 * decide nothing from then on: the newer version supersedes it, as a rollback does.
 */
public final class RuleVersions {

  /**
   * How far ahead of the database's clock a published version must take effect: several times the
   * longest refresh a pipeline is allowed ({@link #MAX_REFRESH}), so that every worker has loaded
   * it before a transaction at its effective time is produced.
   */
  public static final Duration MIN_LEAD = Duration.ofSeconds(10);

  /** The longest interval between two reloads of the versions by a worker. */
  public static final Duration MAX_REFRESH = Duration.ofSeconds(2);

  private final RuleVersion startup;
  private final List<RuleVersion> published;

  /** Each version's engine, made once here: read for every transaction, by every thread. */
  private final Map<Integer, ApprovalEngine> engines = new HashMap<>();

  private RuleVersions(RuleVersion startup, List<RuleVersion> published) {
    this.startup = startup;
    List<RuleVersion> sorted = new ArrayList<>(published);
    sorted.sort(Comparator.comparingInt(RuleVersion::number).reversed());
    this.published = List.copyOf(sorted);
    engines.put(0, new ApprovalEngine(startup.rules(), 0));
    for (RuleVersion version : this.published) {
      engines.put(version.number(), new ApprovalEngine(version.rules(), version.number()));
    }
  }

  /** Only the start-up rules: every transaction is decided by them, as version 0. */
  public static RuleVersions only(RulesConfig startup) {
    return new RuleVersions(RuleVersion.startup(startup), List.of());
  }

  /**
   * The start-up rules and the published versions.
   *
   * @throws IllegalArgumentException if two versions have the same number, or one is numbered 0
   */
  public static RuleVersions of(RulesConfig startup, List<RuleVersion> published) {
    Objects.requireNonNull(startup, "startup");
    Set<Integer> numbers = new HashSet<>();
    for (RuleVersion version : published) {
      if (version.number() == 0 || !numbers.add(version.number())) {
        throw new IllegalArgumentException(
            "version " + version.number() + " is given twice or is not a published number");
      }
    }
    return new RuleVersions(RuleVersion.startup(startup), published);
  }

  /** The version that decides a transaction with event time {@code eventTime}. */
  public RuleVersion select(Instant eventTime) {
    for (RuleVersion version : published) {
      if (!version.effectiveFrom().isAfter(eventTime)) {
        return version;
      }
    }
    return startup;
  }

  /** The engine of the version that decides at {@code eventTime}. */
  public ApprovalEngine engineAt(Instant eventTime) {
    return engines.get(select(eventTime).number());
  }

  /** The highest published number, 0 when none is published. */
  public int newest() {
    return published.isEmpty() ? 0 : published.get(0).number();
  }

  /** The published versions, newest first. */
  public List<RuleVersion> published() {
    return published;
  }

  /** The start-up rules, version 0. */
  public RuleVersion startup() {
    return startup;
  }

  /** These versions with {@code version} added or replacing the one of its number. */
  public RuleVersions with(RuleVersion version) {
    List<RuleVersion> next = new ArrayList<>(published);
    next.removeIf(existing -> existing.number() == version.number());
    next.add(version);
    return new RuleVersions(startup, next);
  }

  @Override
  public String toString() {
    return "RuleVersions{newest=" + newest() + ", published=" + published.size() + "}";
  }
}
