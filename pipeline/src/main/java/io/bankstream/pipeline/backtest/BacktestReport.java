package io.bankstream.pipeline.backtest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backtest's findings over a range, built by adding {@link Outcome}s and merging partial
 * reports in any order: every count is a sum and the examples kept are the ones with the smallest
 * ids, so every runner ends with the same report. Serializable: the accumulator of one {@code
 * Combine.globally} in a bounded run, which no state outlives.
 */
public final class BacktestReport implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Decisions per side: index 0 recorded, 1 replayed, 2 candidate. */
  static final int RECORDED = 0;

  static final int REPLAYED = 1;
  static final int CANDIDATE = 2;

  private final int examplesKept;
  long transactions;
  final long[] rejected = new long[3];
  long replayDiffers;
  long toRejected;
  long toApproved;

  /** Per code: [flips whose candidate adds it, flips whose candidate drops it]. */
  final TreeMap<String, long[]> flipsByRule = new TreeMap<>();

  /** Per UF and per modality: [to rejected, to approved]. */
  final TreeMap<String, long[]> flipsByUf = new TreeMap<>();

  final TreeMap<String, long[]> flipsByModality = new TreeMap<>();

  /** Per label: [records, rejected as recorded, replayed, by the candidate]. */
  final TreeMap<String, long[]> byLabel = new TreeMap<>();

  /** Per recorded rules version: how many of the range's transactions it decided. */
  final TreeMap<Integer, Long> byVersion = new TreeMap<>();

  final List<Outcome> flipExamples = new ArrayList<>();
  final List<Outcome> replayExamples = new ArrayList<>();

  /** An empty report keeping {@code examplesKept} examples of each kind. */
  public BacktestReport(int examplesKept) {
    this.examplesKept = examplesKept;
  }

  /** Adds one transaction's outcome. */
  public void add(Outcome outcome) {
    transactions++;
    byVersion.merge(outcome.version(), 1L, Long::sum);
    count(outcome.recorded(), RECORDED);
    count(outcome.replayed(), REPLAYED);
    count(outcome.candidate(), CANDIDATE);
    if (outcome.label() != null) {
      long[] label = byLabel.computeIfAbsent(outcome.label(), key -> new long[4]);
      label[0]++;
      label[1 + RECORDED] += outcome.recorded().isEmpty() ? 0 : 1;
      label[1 + REPLAYED] += outcome.replayed().isEmpty() ? 0 : 1;
      label[1 + CANDIDATE] += outcome.candidate().isEmpty() ? 0 : 1;
    }
    if (outcome.replayDiffers()) {
      replayDiffers++;
      keep(replayExamples, outcome);
    }
    if (outcome.flips()) {
      boolean nowRejected = !outcome.candidate().isEmpty();
      int direction = nowRejected ? 0 : 1;
      if (nowRejected) {
        toRejected++;
      } else {
        toApproved++;
      }
      outcome.candidate().stream()
          .filter(code -> !outcome.replayed().contains(code))
          .forEach(code -> flipsByRule.computeIfAbsent(code, key -> new long[2])[0]++);
      outcome.replayed().stream()
          .filter(code -> !outcome.candidate().contains(code))
          .forEach(code -> flipsByRule.computeIfAbsent(code, key -> new long[2])[1]++);
      flipsByUf.computeIfAbsent(outcome.region(), key -> new long[2])[direction]++;
      flipsByModality.computeIfAbsent(outcome.modality(), key -> new long[2])[direction]++;
      keep(flipExamples, outcome);
    }
  }

  /** Adds everything of {@code other} to this report. */
  public void merge(BacktestReport other) {
    transactions += other.transactions;
    for (int side = 0; side < rejected.length; side++) {
      rejected[side] += other.rejected[side];
    }
    replayDiffers += other.replayDiffers;
    toRejected += other.toRejected;
    toApproved += other.toApproved;
    mergeCounts(flipsByRule, other.flipsByRule);
    mergeCounts(flipsByUf, other.flipsByUf);
    mergeCounts(flipsByModality, other.flipsByModality);
    mergeCounts(byLabel, other.byLabel);
    other.byVersion.forEach((version, count) -> byVersion.merge(version, count, Long::sum));
    other.flipExamples.forEach(example -> keep(flipExamples, example));
    other.replayExamples.forEach(example -> keep(replayExamples, example));
  }

  /** How many transactions the range held. */
  public long transactions() {
    return transactions;
  }

  /** How many the candidate rejects that the replayed version approves. */
  public long toRejected() {
    return toRejected;
  }

  /** How many the candidate approves that the replayed version rejects. */
  public long toApproved() {
    return toApproved;
  }

  /** How many the replay of the recorded version decides otherwise than recorded. */
  public long replayDiffers() {
    return replayDiffers;
  }

  /** The recorded rules versions of the range, with how many transactions each decided. */
  public Map<Integer, Long> byVersion() {
    return byVersion;
  }

  /** The flips kept as examples, by id. */
  public List<Outcome> flipExamples() {
    return List.copyOf(flipExamples);
  }

  /** Per rule code: [flips the candidate adds it to, flips it drops it from]. */
  public Map<String, long[]> flipsByRule() {
    return flipsByRule;
  }

  /**
   * Precision and recall of one side against the labels: of the labelled records it rejects, the
   * share labelled fraud; of those labelled fraud, the share it rejects. NaN without such records.
   */
  public double[] precisionRecall(int side) {
    long rejectedLabelled = 0;
    long rejectedFraud = 0;
    long fraud = 0;
    for (Map.Entry<String, long[]> label : byLabel.entrySet()) {
      boolean isFraud = label.getKey().startsWith("fraud:");
      rejectedLabelled += label.getValue()[1 + side];
      if (isFraud) {
        fraud += label.getValue()[0];
        rejectedFraud += label.getValue()[1 + side];
      }
    }
    return new double[] {
      rejectedLabelled == 0 ? Double.NaN : (double) rejectedFraud / rejectedLabelled,
      fraud == 0 ? Double.NaN : (double) rejectedFraud / fraud
    };
  }

  private void count(List<String> codes, int side) {
    rejected[side] += codes.isEmpty() ? 0 : 1;
  }

  private void keep(List<Outcome> examples, Outcome outcome) {
    examples.add(outcome);
    examples.sort(Comparator.comparing(Outcome::id));
    if (examples.size() > examplesKept) {
      examples.remove(examples.size() - 1);
    }
  }

  private static void mergeCounts(TreeMap<String, long[]> into, TreeMap<String, long[]> from) {
    from.forEach(
        (key, counts) -> {
          long[] target = into.computeIfAbsent(key, k -> new long[counts.length]);
          for (int i = 0; i < counts.length; i++) {
            target[i] += counts[i];
          }
        });
  }
}
