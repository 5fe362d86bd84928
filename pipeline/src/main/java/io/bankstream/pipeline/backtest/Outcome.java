package io.bankstream.pipeline.backtest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the backtest found for one transaction in its range: the codes that rejected it as recorded,
 * as the recorded version decides it in the replay, and as the candidate decides it (each empty
 * when approved). Serializable: it only travels from the replay to the report, within one bounded
 * run.
 *
 * @param id the transaction's id
 * @param eventTime its event time
 * @param region its UF code
 * @param modality its modality
 * @param amount its amount
 * @param label the producer's label, null if none
 * @param version the rules version recorded as having decided it
 * @param recorded the codes recorded
 * @param replayed the codes of the recorded version, replayed
 * @param candidate the codes of the candidate
 */
public record Outcome(
    String id,
    Instant eventTime,
    String region,
    String modality,
    BigDecimal amount,
    String label,
    int version,
    List<String> recorded,
    List<String> replayed,
    List<String> candidate)
    implements Serializable {

  public Outcome {
    recorded = List.copyOf(recorded);
    replayed = List.copyOf(replayed);
    candidate = List.copyOf(candidate);
  }

  /** Whether the candidate decides otherwise than the replayed recorded version. */
  public boolean flips() {
    return replayed.isEmpty() != candidate.isEmpty();
  }

  /** Whether the replay of the recorded version decides otherwise than what was recorded. */
  public boolean replayDiffers() {
    return replayed.isEmpty() != recorded.isEmpty();
  }

  /** Whether the producer labelled it as fraud. */
  public boolean fraud() {
    return label != null && label.startsWith("fraud:");
  }
}
