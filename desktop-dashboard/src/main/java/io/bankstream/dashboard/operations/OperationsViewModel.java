package io.bankstream.dashboard.operations;

import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.data.OperationsSource;
import io.bankstream.dashboard.data.RulesVersion;
import io.bankstream.dashboard.data.SourceUnavailableException;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.history.RangePreset;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of the dead-letters tab and of the rules version in the header, read from an {@link
 * OperationsSource} (PostgreSQL) by a {@link PollingService} on the {@code reader} executor: after
 * {@link #start()}, every {@link Backoff#period()}, the dead letters of the chosen range (a preset
 * ending at the read) counted by reason over time ({@link DeadLetterTimeline}), the {@value
 * #LATEST} newest dead letters, and the rules version in force at the read. A failed read turns
 * {@link #connectedProperty()} false and says why in {@link #statusProperty()}; the last data stays
 * and the reads go on with the backoff's retry delays. Use it on the FX thread.
 */
public final class OperationsViewModel {

  /** How many of the newest dead letters the table lists. */
  public static final int LATEST = 50;

  /** The ranges offered: the history's presets but the custom one. */
  public static final List<RangePreset> PRESETS =
      List.of(
          RangePreset.LAST_15_MINUTES,
          RangePreset.LAST_HOUR,
          RangePreset.LAST_24_HOURS,
          RangePreset.LAST_7_DAYS);

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final PollingService<Fetched> reads;
  private final Clock clock;
  private OperationsSource source;
  private boolean started;

  private final ObjectProperty<RangePreset> preset =
      new SimpleObjectProperty<>(this, "preset", RangePreset.LAST_HOUR);
  private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
  private final ReadOnlyObjectWrapper<DeadLetterTimeline> timeline =
      new ReadOnlyObjectWrapper<>(this, "timeline");
  private final ReadOnlyObjectWrapper<Optional<RulesVersion>> rulesVersion =
      new ReadOnlyObjectWrapper<>(this, "rulesVersion");
  private final ReadOnlyStringWrapper rulesVersionText =
      new ReadOnlyStringWrapper(this, "rulesVersionText", "Rules: not read yet");
  private final ObservableList<DeadLetter> latest = FXCollections.observableArrayList();

  /**
   * @param source where to read
   * @param reader runs the reads, one at a time ({@link PollingService#singleThread})
   * @param backoff how often to read, and to retry while the source fails
   * @param clock "now" of each read, and the zone of the times shown
   */
  public OperationsViewModel(
      OperationsSource source, Executor reader, Backoff backoff, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reads =
        new PollingService<>(
            reader,
            backoff,
            () -> {
              OperationsSource from = this.source;
              RangePreset chosen = preset.get();
              return () -> fetch(from, chosen);
            });
    reads.setOnSucceeded(event -> apply(reads.getValue()));
    reads.setOnFailed(event -> applyFailure(PollingService.reason(reads.getException())));
    status.set(label(source) + ": connecting...");
    preset.addListener(
        (observable, before, now) -> {
          if (started) {
            reads.restartNow();
          }
        });
  }

  /** Reads now, then on schedule. */
  public void start() {
    started = true;
    reads.restartNow();
  }

  /** Changes the period and the retry delays from the next read on. */
  public void setBackoff(Backoff backoff) {
    reads.setBackoff(backoff);
  }

  /**
   * Reads from {@code next} from now on (at once, when started); the previous source is closed
   * after its read in flight, on the reader.
   */
  public void replaceSource(OperationsSource next) {
    Objects.requireNonNull(next, "next");
    reads.cancel();
    reads.closeAfterReads(source);
    source = next;
    connected.set(false);
    status.set(label(next) + ": connecting...");
    if (started) {
      reads.restartNow();
    }
  }

  /** Stops reading and closes the source after the read in flight, on the reader. */
  public void close() {
    started = false;
    reads.cancel();
    reads.closeAfterReads(source);
  }

  /** One read, on the reader thread. */
  private Fetched fetch(OperationsSource from, RangePreset chosen)
      throws SourceUnavailableException {
    Instant now = clock.instant();
    TimeRange range = chosen.endingAt(now);
    Duration bucket = DeadLetterTimeline.bucketFor(range);
    DeadLetterTimeline counted =
        DeadLetterTimeline.of(from.deadLetterCounts(range, bucket), range, bucket);
    return new Fetched(counted, from.latestDeadLetters(LATEST), from.activeRulesVersion(now), now);
  }

  private void apply(Fetched fetched) {
    timeline.set(fetched.timeline());
    latest.setAll(fetched.latest());
    rulesVersion.set(fetched.version());
    rulesVersionText.set(describe(fetched.version()));
    connected.set(true);
    long total = fetched.timeline().total();
    status.set(
        label(source)
            + ": connected, updated "
            + CLOCK.withZone(clock.getZone()).format(fetched.at())
            + " ("
            + total
            + (total == 1 ? " dead letter" : " dead letters")
            + " in the range)");
  }

  private void applyFailure(String reason) {
    connected.set(false);
    status.set(label(source) + ": disconnected (" + reason + "), retrying");
    if (rulesVersion.get() == null) {
      rulesVersionText.set("Rules: unknown (PostgreSQL not reached)");
    }
  }

  /**
   * The header's line: {@code Rules: version 3, in force since 2026-12-05 14:00:00 — "comment"
   * (published by ana)}, or the start-up rules when no version is in force.
   */
  String describe(Optional<RulesVersion> version) {
    if (version.isEmpty()) {
      return "Rules: the pipelines' start-up rules (no published version in force)";
    }
    RulesVersion active = version.get();
    return "Rules: version "
        + active.version()
        + ", in force since "
        + DATE_TIME.withZone(clock.getZone()).format(active.effectiveFrom())
        + " — \""
        + active.comment()
        + "\" (published by "
        + active.publishedBy()
        + ")";
  }

  private static String label(OperationsSource source) {
    return "PostgreSQL " + source.describe();
  }

  /** What one read brought. */
  private record Fetched(
      DeadLetterTimeline timeline,
      List<DeadLetter> latest,
      Optional<RulesVersion> version,
      Instant at) {}

  /** The range of the dead letters' chart: a preset ending at each read. */
  public ObjectProperty<RangePreset> presetProperty() {
    return preset;
  }

  /** Whether the last read reached the database. */
  public ReadOnlyBooleanProperty connectedProperty() {
    return connected.getReadOnlyProperty();
  }

  /** For the status bar: the source, connected or not, and when the data shown was read. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The dead letters of the range by reason over time; null before the first read. */
  public ReadOnlyObjectProperty<DeadLetterTimeline> timelineProperty() {
    return timeline.getReadOnlyProperty();
  }

  /** The rules version in force at the last read (empty: none); null before the first read. */
  public ReadOnlyObjectProperty<Optional<RulesVersion>> rulesVersionProperty() {
    return rulesVersion.getReadOnlyProperty();
  }

  /** The rules version in force, in words, for the header. */
  public ReadOnlyStringProperty rulesVersionTextProperty() {
    return rulesVersionText.getReadOnlyProperty();
  }

  /** The newest dead letters, newest first. */
  public ObservableList<DeadLetter> latest() {
    return latest;
  }
}
