package io.bankstream.dashboard.data;

import java.time.Instant;
import java.util.Objects;

/**
 * A published rules version (a row of {@code versoes_regras}, without its content).
 *
 * @param version its number, from 1
 * @param effectiveFrom the event time from which it decides ({@code vigente_desde})
 * @param publishedBy who published it
 * @param comment why
 * @param publishedAt when it was published
 */
public record RulesVersion(
    int version, Instant effectiveFrom, String publishedBy, String comment, Instant publishedAt) {

  public RulesVersion {
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(publishedBy, "publishedBy");
    Objects.requireNonNull(comment, "comment");
  }
}
