package io.bankstream.dashboard.operations;

import static io.bankstream.dashboard.history.Windows.T0;
import static io.bankstream.dashboard.history.Windows.minute;
import static io.bankstream.dashboard.testing.Fx.get;
import static io.bankstream.dashboard.testing.Fx.run;
import static io.bankstream.dashboard.testing.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.data.DeadLetter;
import io.bankstream.dashboard.data.RulesVersion;
import io.bankstream.dashboard.data.TimeRange;
import io.bankstream.dashboard.history.RangePreset;
import io.bankstream.dashboard.poll.Backoff;
import io.bankstream.dashboard.poll.PollingService;
import io.bankstream.dashboard.testing.Fx;
import io.bankstream.dashboard.testing.HeadlessToolkit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead letters' and rules version's view-model on a fake source, reads on a thread of their own
 * and results on the (headless) FX thread: a good read, the range following the preset, and a
 * source going down (the last data stays) and coming back.
 */
@ExtendWith(HeadlessToolkit.class)
class OperationsViewModelTest {

  /** A read every 20 ms; retries soon while the source is down. */
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(40));

  private static final Instant NOW = minute(12).plusSeconds(30);

  private final FakeOperationsSource source =
      new FakeOperationsSource()
          .letters(
              List.of(
                  FakeOperationsSource.letter(1, minute(5), "INVALID_JSON", "body"),
                  FakeOperationsSource.letter(2, minute(6), "MISSING_FIELD", "id_regiao")))
          .versions(List.of(new RulesVersion(4, minute(1), "ana", "PIX at night", T0)));
  private final ExecutorService reader = PollingService.singleThread("operations-test");
  private final OperationsViewModel model =
      new OperationsViewModel(source, reader, FAST, Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void stop() throws InterruptedException {
    run(model::close);
    Fx.shutDown(reader);
  }

  @Test
  void aGoodReadFillsTheChartTheTableAndTheVersion() {
    assertThat(get(() -> model.rulesVersionTextProperty().get())).isEqualTo("Rules: not read yet");

    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    assertThat(source.callers).containsOnly("bankstream-dashboard-operations-test");
    assertThat(source.ranges.get(0)).isEqualTo(new TimeRange(NOW.minusSeconds(3600), NOW));
    DeadLetterTimeline timeline = get(() -> model.timelineProperty().get());
    assertThat(timeline.counts()).containsOnlyKeys("INVALID_JSON", "MISSING_FIELD");
    assertThat(timeline.total()).isEqualTo(2);
    assertThat(get(() -> List.copyOf(model.latest())))
        .extracting(DeadLetter::id)
        .containsExactly(2L, 1L);
    assertThat(get(() -> model.rulesVersionTextProperty().get()))
        .isEqualTo(
            "Rules: version 4, in force since 2026-03-02 21:01:00 — \"PIX at night\""
                + " (published by ana)");
    assertThat(get(() -> model.statusProperty().get()))
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: connected, updated 21:12:30"
                + " (2 dead letters in the range)");
  }

  @Test
  void withoutAVersionInForceTheHeaderSaysStartUpRules() {
    source.versions(List.of(new RulesVersion(1, NOW.plusSeconds(60), "ana", "later", T0)));

    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    assertThat(get(() -> model.rulesVersionTextProperty().get()))
        .isEqualTo("Rules: the pipelines' start-up rules (no published version in force)");
  }

  @Test
  void anotherPresetReadsItsRange() {
    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    run(() -> model.presetProperty().set(RangePreset.LAST_15_MINUTES));

    waitUntil(
        "the 15 minutes read",
        () -> source.ranges.contains(new TimeRange(NOW.minusSeconds(900), NOW)));
  }

  @Test
  void aSourceGoingDownKeepsTheDataAndComesBack() {
    run(model::start);
    waitUntil("read", () -> model.connectedProperty().get());

    source.down("Connection refused");

    waitUntil("disconnected", () -> !model.connectedProperty().get());
    assertThat(get(() -> model.statusProperty().get()))
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://fake:5432/bank: disconnected (Connection refused),"
                + " retrying");
    assertThat(get(() -> model.latest().size())).isEqualTo(2);
    assertThat(get(() -> model.rulesVersionTextProperty().get())).startsWith("Rules: version 4");

    source.up();

    waitUntil("connected again", () -> model.connectedProperty().get());
  }

  @Test
  void neverReachedTheVersionIsUnknown() {
    source.down("Connection refused");

    run(model::start);

    waitUntil(
        "unknown",
        () ->
            model
                .rulesVersionTextProperty()
                .get()
                .equals("Rules: unknown (PostgreSQL not reached)"));
  }
}
