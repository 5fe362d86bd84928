package io.bankstream.core.rules;

import io.bankstream.core.rules.PayerState.Recent;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the aggregate limits' history costs at the soak's load, measured, not asserted: 10,000
 * payers each making a transaction every 5 s for an hour (720 entries each, 7.2 million in all),
 * then 20 more rounds with the histories full. Prints the heap the histories hold and the time a
 * record takes to add itself, for {@link LimitHistory} and for the list of records it replaced
 * ({@link ListHistory}: a copy and a sort a record; the code before also sorted a second time in
 * {@code PayerState}'s constructor). Run it from the repository's root:
 *
 * <pre>
 * mvn -q -o test-compile -pl core -am
 * java -Xmx6g -cp core/target/test-classes:core/target/classes:model/target/classes \
 *     io.bankstream.core.rules.LimitHistoryCost
 * </pre>
 *
 * <p>A program, not a test: timings belong to the bench (docs/performance.md, "Soak").
 */
public final class LimitHistoryCost {

  private static final int PAYERS = 10_000;
  private static final int PER_PAYER = 720;
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Instant START = Instant.parse("2026-12-05T12:00:00.123Z");

  private LimitHistoryCost() {}

  public static void main(String[] args) {
    for (boolean arrays : new boolean[] {true, false}) {
      measure(arrays);
    }
  }

  private static void measure(boolean arrays) {
    String name = arrays ? "LimitHistory" : "list of records";
    Object[] histories = new Object[PAYERS];
    long before = heapInUse();
    long started = System.nanoTime();
    for (int round = 0; round < PER_PAYER; round++) {
      addRound(histories, round, arrays);
    }
    double filling = (System.nanoTime() - started) / 1e3 / PAYERS / PER_PAYER;
    long held = heapInUse() - before;
    started = System.nanoTime();
    for (int round = PER_PAYER; round < PER_PAYER + 20; round++) {
      addRound(histories, round, arrays);
    }
    double full = (System.nanoTime() - started) / 1e3 / PAYERS / 20;
    System.out.printf(
        "%s: %,d entries hold %,d MB; %.1f us a record while filling, %.1f us with %d"
            + " remembered%n",
        name, (long) PAYERS * PER_PAYER, held >> 20, filling, full, PER_PAYER);
  }

  @SuppressWarnings("unchecked")
  private static void addRound(Object[] histories, int round, boolean arrays) {
    for (int payer = 0; payer < PAYERS; payer++) {
      Recent entry =
          new Recent(
              START.plusMillis(5_000L * round + payer % 5_000),
              BigDecimal.valueOf(12_345 + round % 7, 2),
              Region.values()[payer % Region.values().length],
              PaymentModality.values()[round % PaymentModality.values().length],
              round % 5 != 0);
      if (arrays) {
        LimitHistory history =
            histories[payer] == null ? LimitHistory.empty() : (LimitHistory) histories[payer];
        histories[payer] = history.plus(entry, WINDOW, RulesConfig.AggregateLimit.MAX_COUNT);
      } else {
        List<Recent> history =
            histories[payer] == null ? List.of() : (List<Recent>) histories[payer];
        histories[payer] =
            ListHistory.plus(history, entry, WINDOW, RulesConfig.AggregateLimit.MAX_COUNT);
      }
    }
  }

  private static long heapInUse() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
