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
 * immutable, ascending by event time, held in chunks of {@value #CHUNK} entries, each chunk
 * parallel primitive arrays, rather than as a list of {@link Recent} objects.
 *
 * <p>Written by hand because it is most of the pipeline's state and of its work per record. At the
 * defaults' one-hour limits a payer making a transaction every five seconds keeps 720 entries, and
 * an hour's soak at 2,000/s over 10,000 payers held 7.2 million. As objects (a record, an {@code
 * Instant}, a {@code BigDecimal}) an entry was about 100 bytes on the heap, and every record copied
 * its payer's list and sorted it twice. Here an entry is 22 bytes; a transaction in event-time
 * order, the usual case, copies only the last chunk and the array of chunks (the older chunks are
 * shared with the state before, never written again), so the state that a record replaces, which a
 * young collection often sees still alive and promotes, is under 1 KB, not the whole history;
 * entries that leave the window are dropped a chunk at a time; a limit's window is found by binary
 * search. A back-dated transaction rebuilds the chunks. No collection library keeps a record's
 * fields in parallel arrays behind a persistent {@code List}.
 *
 * <p>It is a {@code List<Recent>} like any other: {@link #get} builds the entry it is asked for,
 * and it equals any list of the same entries. Amounts are kept in centavos, so an entry's amount
 * always comes back at scale 2. The accessors by index ({@link #epochSecond}, {@link #centavos},
 * ...) read an entry without building it, for the state's coder.
 */
public final class LimitHistory extends AbstractList<Recent> implements RandomAccess, Serializable {

  /** Entries per chunk: every chunk but the last holds exactly this many. */
  static final int CHUNK = 32;

  private static final long serialVersionUID = 1L;
  private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);
  private static final LimitHistory EMPTY = new LimitHistory(new Chunk[0], 0, 0);
  private static final Region[] REGIONS = Region.values();
  private static final PaymentModality[] MODALITIES = PaymentModality.values();

  // Entry i is slot (start + i) of the chunks laid end to end; the slots before start are dropped.
  private final Chunk[] chunks;
  private final int start;
  private final int size;

  private LimitHistory(Chunk[] chunks, int start, int size) {
    this.chunks = chunks;
    this.start = start;
    this.size = size;
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
  public static LimitHistory of(List<Recent> entries) {
    if (entries instanceof LimitHistory history) {
      return history;
    }
    List<Recent> ordered = new ArrayList<>(entries);
    ordered.forEach(entry -> Objects.requireNonNull(entry, "history element"));
    ordered.sort(Comparator.comparing(Recent::eventTime));
    Chunk[] chunks = new Chunk[(ordered.size() + CHUNK - 1) >>> SHIFT];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new Chunk(Math.min(CHUNK, ordered.size() - (c << SHIFT)));
      for (int slot = 0; slot < chunks[c].length(); slot++) {
        chunks[c].write(slot, ordered.get((c << SHIFT) + slot));
      }
    }
    return new LimitHistory(chunks, 0, ordered.size());
  }

  /**
   * This history with {@code entry} added after any entry of the same event time, then only the
   * entries later than (the latest event time - {@code window}) kept, and of those at most {@code
   * maxCount}, the latest.
   */
  LimitHistory plus(Recent entry, Duration window, int maxCount) {
    int at = upperBound(entry.eventTime());
    Instant latest = at == size ? entry.eventTime() : instant(size - 1);
    Instant horizon = latest.minus(window);
    // Of the size + 1 entries in order, the first kept: the first later than the horizon, with
    // at most maxCount from it to the end.
    int notLater = upperBound(horizon) + (entry.eventTime().isAfter(horizon) ? 0 : 1);
    int first = Math.max(notLater, size + 1 - maxCount);
    return at == size ? append(entry, first) : rebuilt(entry, at, first);
  }

  /** This history's entries from {@code first} on, then {@code entry}, the latest. */
  private LimitHistory append(Recent entry, int first) {
    int end = start + size;
    int dropped = (start + first) >>> SHIFT;
    int used = (end + CHUNK - 1) >>> SHIFT;
    boolean fresh = (end & (CHUNK - 1)) == 0;
    Chunk[] next = Arrays.copyOfRange(chunks, dropped, fresh ? used + 1 : used);
    Chunk last = new Chunk(fresh ? 1 : chunks[used - 1].length() + 1);
    if (!fresh) {
      last.copy(0, chunks[used - 1], 0, last.length() - 1);
    }
    last.write(last.length() - 1, entry);
    next[next.length - 1] = last;
    return new LimitHistory(next, (start + first) & (CHUNK - 1), size + 1 - first);
  }

  /** Entries {@code first} to {@code size} of this history with {@code entry} put at {@code at}. */
  private LimitHistory rebuilt(Recent entry, int at, int first) {
    int kept = size + 1 - first;
    Chunk[] next = new Chunk[(kept + CHUNK - 1) >>> SHIFT];
    for (int c = 0; c < next.length; c++) {
      next[c] = new Chunk(Math.min(CHUNK, kept - (c << SHIFT)));
    }
    for (int to = 0, from = first; from <= size; from++, to++) {
      Chunk chunk = next[to >>> SHIFT];
      int slot = to & (CHUNK - 1);
      if (from == at) {
        chunk.write(slot, entry);
      } else {
        int source = start + (from < at ? from : from - 1);
        chunk.copy(slot, chunks[source >>> SHIFT], source & (CHUNK - 1), 1);
      }
    }
    return new LimitHistory(next, 0, kept);
  }

  /**
   * The sum of the approved amounts in ({@code fromExclusive}, {@code toInclusive}] of {@code
   * limit}'s modality.
   */
  BigDecimal approvedSum(
      Instant fromExclusive, Instant toInclusive, RulesConfig.AggregateLimit limit) {
    long sum = 0;
    for (int i = upperBound(fromExclusive), end = upperBound(toInclusive); i < end; i++) {
      if (approved(i) && limit.covers(modality(i))) {
        sum = Math.addExact(sum, centavos(i));
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
        into.add(region(i));
      }
    }
  }

  @Override
  public Recent get(int index) {
    Objects.checkIndex(index, size);
    return new Recent(
        instant(index),
        BigDecimal.valueOf(centavos(index), Money.SCALE),
        region(index),
        modality(index),
        approved(index));
  }

  @Override
  public int size() {
    return size;
  }

  /** Entry {@code index}'s event time: its seconds since the epoch. */
  public long epochSecond(int index) {
    int slot = start + index;
    return chunks[slot >>> SHIFT].seconds[slot & (CHUNK - 1)];
  }

  /** Entry {@code index}'s event time: its nanoseconds within the second. */
  public int nano(int index) {
    int slot = start + index;
    return chunks[slot >>> SHIFT].nanos[slot & (CHUNK - 1)];
  }

  /** Entry {@code index}'s amount in centavos. */
  public long centavos(int index) {
    int slot = start + index;
    return chunks[slot >>> SHIFT].cents[slot & (CHUNK - 1)];
  }

  /** Entry {@code index}'s UF. */
  public Region region(int index) {
    int slot = start + index;
    return REGIONS[chunks[slot >>> SHIFT].regions[slot & (CHUNK - 1)]];
  }

  /** Entry {@code index}'s modality. */
  public PaymentModality modality(int index) {
    return MODALITIES[kind(index) >>> 1];
  }

  /** Whether entry {@code index} was approved. */
  public boolean approved(int index) {
    return (kind(index) & 1) == 1;
  }

  @Override
  public boolean equals(Object other) {
    if (other instanceof LimitHistory that) {
      if (size != that.size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (epochSecond(i) != that.epochSecond(i)
            || nano(i) != that.nano(i)
            || centavos(i) != that.centavos(i)
            || region(i) != that.region(i)
            || kind(i) != that.kind(i)) {
          return false;
        }
      }
      return true;
    }
    return super.equals(other);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  private byte kind(int index) {
    int slot = start + index;
    return chunks[slot >>> SHIFT].kinds[slot & (CHUNK - 1)];
  }

  private Instant instant(int index) {
    return Instant.ofEpochSecond(epochSecond(index), nano(index));
  }

  /** The index of the first entry later than {@code time}: the size if there is none. */
  private int upperBound(Instant time) {
    long second = time.getEpochSecond();
    int nano = time.getNano();
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      long middleSecond = epochSecond(middle);
      if (middleSecond < second || (middleSecond == second && nano(middle) <= nano)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * Builds a history entry by entry in event-time order, as a coder reads one, without a {@link
   * Recent} for each.
   */
  public static final class Builder {

    private final List<Chunk> chunks = new ArrayList<>();
    private int size;
    private long lastSecond;
    private int lastNano;

    /**
     * Adds the latest entry.
     *
     * @throws IllegalArgumentException if it is not a valid instant or is earlier than the last
     */
    public Builder add(
        long epochSecond,
        int nano,
        long centavos,
        Region region,
        PaymentModality modality,
        boolean approved) {
      try {
        Instant.ofEpochSecond(epochSecond, nano);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "history entry " + size + ": not an instant: " + epochSecond + " s " + nano + " ns", e);
      }
      if (nano < 0 || nano > 999_999_999) {
        throw new IllegalArgumentException("history entry " + size + ": " + nano + " ns");
      }
      if (size > 0
          && (epochSecond < lastSecond || (epochSecond == lastSecond && nano < lastNano))) {
        throw new IllegalArgumentException(
            "history entry " + size + " is earlier than the one before it");
      }
      int slot = size & (CHUNK - 1);
      if (slot == 0) {
        chunks.add(new Chunk(CHUNK));
      }
      Chunk chunk = chunks.get(chunks.size() - 1);
      chunk.seconds[slot] = epochSecond;
      chunk.nanos[slot] = nano;
      chunk.cents[slot] = centavos;
      chunk.regions[slot] = (byte) Objects.requireNonNull(region, "region").ordinal();
      chunk.kinds[slot] =
          (byte) (Objects.requireNonNull(modality, "modality").ordinal() << 1 | (approved ? 1 : 0));
      lastSecond = epochSecond;
      lastNano = nano;
      size++;
      return this;
    }

    /** The history of the entries added. */
    public LimitHistory build() {
      Chunk[] built = chunks.toArray(new Chunk[0]);
      int inLast = size & (CHUNK - 1);
      if (inLast != 0) {
        // Every chunk holds exactly the entries it has: the next append copies the last one.
        Chunk last = new Chunk(inLast);
        last.copy(0, built[built.length - 1], 0, inLast);
        built[built.length - 1] = last;
      }
      return size == 0 ? EMPTY : new LimitHistory(built, 0, size);
    }
  }

  /**
   * Up to {@value #CHUNK} entries as parallel arrays; written only while its history is being
   * built, then shared by every later history that still holds its entries.
   */
  private static final class Chunk implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] seconds;
    private final int[] nanos;
    private final long[] cents;
    private final byte[] regions;
    // The modality's ordinal shifted left by one, ORed with 1 when the transaction was approved.
    private final byte[] kinds;

    Chunk(int length) {
      seconds = new long[length];
      nanos = new int[length];
      cents = new long[length];
      regions = new byte[length];
      kinds = new byte[length];
    }

    int length() {
      return seconds.length;
    }

    void write(int slot, Recent entry) {
      seconds[slot] = entry.eventTime().getEpochSecond();
      nanos[slot] = entry.eventTime().getNano();
      cents[slot] = centavosOf(entry.amount());
      regions[slot] = (byte) entry.region().ordinal();
      kinds[slot] = (byte) (entry.modality().ordinal() << 1 | (entry.approved() ? 1 : 0));
    }

    void copy(int slot, Chunk from, int fromSlot, int count) {
      System.arraycopy(from.seconds, fromSlot, seconds, slot, count);
      System.arraycopy(from.nanos, fromSlot, nanos, slot, count);
      System.arraycopy(from.cents, fromSlot, cents, slot, count);
      System.arraycopy(from.regions, fromSlot, regions, slot, count);
      System.arraycopy(from.kinds, fromSlot, kinds, slot, count);
    }
  }

  private static long centavosOf(BigDecimal amount) {
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
