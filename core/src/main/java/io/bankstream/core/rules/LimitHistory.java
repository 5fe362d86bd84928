package io.bankstream.core.rules;

import io.bankstream.core.rules.PayerState.Recent;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The payer's transactions that the aggregate limits measure ({@link PayerState#history()}):
 * immutable, ascending by event time, stored as parallel primitive arrays rather than a list of
 * {@link Recent} objects.
 *
 * <p>Written by hand because its size is the pipeline's state: at the defaults' one-hour limits a
 * payer making a transaction every five seconds keeps 720 entries, and an hour's soak at 2,000/s
 * over 10,000 payers held 7.2 million of them. As objects (a record, an {@code Instant}, a {@code
 * BigDecimal}) that was about 100 bytes each on the heap, copied and sorted twice for every record
 * and grew the runner's heap by 2 GB in the hour; here an entry is 22 bytes, a new transaction in
 * event-time order is appended with one copy and no sort, and a limit's window is found by binary
 * search. No collection library keeps parallel arrays of a record's fields behind a {@code List}.
 *
 * <p>It is a {@code List<Recent>} like any other: {@link #get} builds the entry it is asked for,
 * and it equals any list of the same entries. Amounts are kept in centavos, so an entry's amount
 * always comes back at scale 2.
 */
final class LimitHistory extends AbstractList<Recent> implements RandomAccess, Serializable {

  private static final long serialVersionUID = 1L;
  private static final LimitHistory EMPTY =
      new LimitHistory(new long[0], new int[0], new long[0], new byte[0], new byte[0]);
  private static final Region[] REGIONS = Region.values();
  private static final PaymentModality[] MODALITIES = PaymentModality.values();

  private final long[] seconds;
  private final int[] nanos;
  private final long[] cents;
  private final byte[] regions;
  // The modality's ordinal shifted left by one, ORed with 1 when the transaction was approved.
  private final byte[] kinds;

  private LimitHistory(long[] seconds, int[] nanos, long[] cents, byte[] regions, byte[] kinds) {
    this.seconds = seconds;
    this.nanos = nanos;
    this.cents = cents;
    this.regions = regions;
    this.kinds = kinds;
  }

  /** No transaction. */
  static LimitHistory empty() {
    return EMPTY;
  }

  /**
   * {@code entries} ascending by event time, those with equal times in their given order; {@code
   * entries} itself if it is a {@code LimitHistory}.
   *
   * @throws IllegalArgumentException if an amount has more than two decimals or more centavos than
   *     a {@code long} holds
   */
  static LimitHistory of(List<Recent> entries) {
    if (entries instanceof LimitHistory history) {
      return history;
    }
    List<Recent> ordered = new ArrayList<>(entries);
    ordered.forEach(entry -> Objects.requireNonNull(entry, "history element"));
    ordered.sort(Comparator.comparing(Recent::eventTime));
    int size = ordered.size();
    LimitHistory history =
        new LimitHistory(
            new long[size], new int[size], new long[size], new byte[size], new byte[size]);
    for (int i = 0; i < size; i++) {
      history.write(i, ordered.get(i));
    }
    return history;
  }

  /**
   * This history with {@code entry} added after any entry of the same event time, then only the
   * entries later than (the latest event time - {@code window}) kept, and of those at most {@code
   * maxCount}, the latest.
   */
  LimitHistory plus(Recent entry, Duration window, int maxCount) {
    int size = size();
    int at = upperBound(entry.eventTime());
    Instant latest = at == size ? entry.eventTime() : instant(size - 1);
    Instant horizon = latest.minus(window);
    // Of the size + 1 entries in order, the first kept: the first later than the horizon, with
    // at most maxCount from it to the end.
    int notLater = upperBound(horizon) + (entry.eventTime().isAfter(horizon) ? 0 : 1);
    int first = Math.max(notLater, size + 1 - maxCount);
    int kept = size + 1 - first;
    LimitHistory next =
        new LimitHistory(
            new long[kept], new int[kept], new long[kept], new byte[kept], new byte[kept]);
    int to = 0;
    for (int from = first; from <= size; from++) {
      if (from < at) {
        next.copy(to++, this, from);
      } else if (from == at) {
        next.write(to++, entry);
      } else {
        next.copy(to++, this, from - 1);
      }
    }
    return next;
  }

  /**
   * The sum of the approved amounts in ({@code fromExclusive}, {@code toInclusive}] of {@code
   * limit}'s modality.
   */
  BigDecimal approvedSum(
      Instant fromExclusive, Instant toInclusive, RulesConfig.AggregateLimit limit) {
    long sum = 0;
    for (int i = upperBound(fromExclusive), end = upperBound(toInclusive); i < end; i++) {
      if ((kinds[i] & 1) == 1 && limit.covers(modality(i))) {
        sum = Math.addExact(sum, cents[i]);
      }
    }
    return BigDecimal.valueOf(sum, Money.SCALE);
  }

  /**
   * How many entries in ({@code fromExclusive}, {@code toInclusive}] are of {@code limit}'s
   * modality.
   */
  int count(Instant fromExclusive, Instant toInclusive, RulesConfig.AggregateLimit limit) {
    int count = 0;
    for (int i = upperBound(fromExclusive), end = upperBound(toInclusive); i < end; i++) {
      if (limit.covers(modality(i))) {
        count++;
      }
    }
    return count;
  }

  /**
   * Adds to {@code into} the UFs of the entries in ({@code fromExclusive}, {@code toInclusive}] of
   * {@code limit}'s modality.
   */
  void addRegions(
      Instant fromExclusive,
      Instant toInclusive,
      RulesConfig.AggregateLimit limit,
      EnumSet<Region> into) {
    for (int i = upperBound(fromExclusive), end = upperBound(toInclusive); i < end; i++) {
      if (limit.covers(modality(i))) {
        into.add(REGIONS[regions[i]]);
      }
    }
  }

  @Override
  public Recent get(int index) {
    Objects.checkIndex(index, size());
    return new Recent(
        instant(index),
        BigDecimal.valueOf(cents[index], Money.SCALE),
        REGIONS[regions[index]],
        modality(index),
        (kinds[index] & 1) == 1);
  }

  @Override
  public int size() {
    return seconds.length;
  }

  @Override
  public boolean equals(Object other) {
    if (other instanceof LimitHistory that) {
      return Arrays.equals(seconds, that.seconds)
          && Arrays.equals(nanos, that.nanos)
          && Arrays.equals(cents, that.cents)
          && Arrays.equals(regions, that.regions)
          && Arrays.equals(kinds, that.kinds);
    }
    return super.equals(other);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  private Instant instant(int index) {
    return Instant.ofEpochSecond(seconds[index], nanos[index]);
  }

  private PaymentModality modality(int index) {
    return MODALITIES[kinds[index] >>> 1];
  }

  /** The index of the first entry later than {@code time}: the size if there is none. */
  private int upperBound(Instant time) {
    long second = time.getEpochSecond();
    int nano = time.getNano();
    int low = 0;
    int high = size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (seconds[middle] < second || (seconds[middle] == second && nanos[middle] <= nano)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void write(int index, Recent entry) {
    seconds[index] = entry.eventTime().getEpochSecond();
    nanos[index] = entry.eventTime().getNano();
    cents[index] = centavos(entry.amount());
    regions[index] = (byte) entry.region().ordinal();
    kinds[index] = (byte) (entry.modality().ordinal() << 1 | (entry.approved() ? 1 : 0));
  }

  private void copy(int index, LimitHistory from, int source) {
    seconds[index] = from.seconds[source];
    nanos[index] = from.nanos[source];
    cents[index] = from.cents[source];
    regions[index] = from.regions[source];
    kinds[index] = from.kinds[source];
  }

  private static long centavos(BigDecimal amount) {
    try {
      return amount
          .setScale(Money.SCALE, RoundingMode.UNNECESSARY)
          .unscaledValue()
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "history amount must have at most two decimals and fit in a long of centavos: " + amount,
          e);
    }
  }
}
