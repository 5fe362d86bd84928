package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readDouble;
import static io.bankstream.pipeline.coders.Encodings.readEnum;
import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readZigZag;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeDouble;
import static io.bankstream.pipeline.coders.Encodings.writeEnum;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeZigZag;

import io.bankstream.core.rules.LimitHistory;
import io.bankstream.core.rules.PayerState;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes the approval step's per-payer {@link PayerState}: baseline and approved total (decimals),
 * the recent event times as a count and instants (ascending, as the state keeps them), the usual
 * log amounts as a count and (modality name, value bits) pairs in the map's enum order, then the
 * limits' history, ascending (see {@link #writeHistory}). UFs and modalities go by name, so a state
 * stored before a modality was added or reordered still reads. Deterministic and consistent with
 * equals.
 */
public final class PayerStateCoder extends RecordCoder<PayerState> {

  private static final long serialVersionUID = 1L;
  private static final PayerStateCoder INSTANCE = new PayerStateCoder();

  private PayerStateCoder() {
    super("PayerState");
  }

  public static PayerStateCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(PayerState value, OutputStream out) throws IOException {
    writeDecimal(value.baselineBalance(), out);
    writeDecimal(value.approvedTotal(), out);
    writeSize(value.recentEventTimes().size(), out);
    for (Instant time : value.recentEventTimes()) {
      writeInstant(time, out);
    }
    writeSize(value.usualLogAmounts().size(), out);
    for (Map.Entry<PaymentModality, Double> usual : value.usualLogAmounts().entrySet()) {
      writeEnum(usual.getKey(), out);
      writeDouble(usual.getValue(), out);
    }
    writeHistory(LimitHistory.of(value.history()), out);
  }

  @Override
  public PayerState decode(InputStream in) throws IOException {
    BigDecimal baseline = readDecimal(in);
    BigDecimal approved = readDecimal(in);
    int timeCount = readSize(in);
    List<Instant> times = new ArrayList<>(timeCount);
    for (int i = 0; i < timeCount; i++) {
      times.add(readInstant(in));
    }
    int usualCount = readSize(in);
    Map<PaymentModality, Double> usual = new EnumMap<>(PaymentModality.class);
    for (int i = 0; i < usualCount; i++) {
      usual.put(readEnum(PaymentModality.class, in), readDouble(in));
    }
    LimitHistory history = readHistory(in);
    try {
      return new PayerState(baseline, approved, times, usual, history);
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid PayerState: " + e.getMessage(), e);
    }
  }

  /**
   * The history as its size, then the UFs and the modalities it holds by name (each a count and
   * names, in order of first appearance), then per entry: the seconds since the previous entry's
   * (zigzag; the first's since the epoch), the nanoseconds, the amount in centavos (zigzag), the
   * UF's index in its table, and the modality's index in its table times two plus one if approved.
   * Read straight from the history's arrays: a checkpoint writes every payer's history, and at the
   * defaults' one-hour limits that is millions of entries, about 10 bytes each this way.
   */
  private static void writeHistory(LimitHistory history, OutputStream out) throws IOException {
    int size = history.size();
    writeSize(size, out);
    if (size == 0) {
      return;
    }
    // Each table, and each value's index in it by ordinal (-1 until seen): no search per entry.
    List<Region> regions = new ArrayList<>();
    List<PaymentModality> modalities = new ArrayList<>();
    int[] regionAt = unseen(Region.values().length);
    int[] modalityAt = unseen(PaymentModality.values().length);
    for (int i = 0; i < size; i++) {
      addOnce(regions, regionAt, history.region(i));
      addOnce(modalities, modalityAt, history.modality(i));
    }
    writeTable(regions, out);
    writeTable(modalities, out);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      writeZigZag(history.epochSecond(i) - previous, out);
      previous = history.epochSecond(i);
      writeSize(history.nano(i), out);
      writeZigZag(history.centavos(i), out);
      writeSize(regionAt[history.region(i).ordinal()], out);
      writeSize(
          modalityAt[history.modality(i).ordinal()] << 1 | (history.approved(i) ? 1 : 0), out);
    }
  }

  private static LimitHistory readHistory(InputStream in) throws IOException {
    int size = readSize(in);
    LimitHistory.Builder history = new LimitHistory.Builder();
    if (size == 0) {
      return history.build();
    }
    List<Region> regions = readTable(Region.class, in);
    List<PaymentModality> modalities = readTable(PaymentModality.class, in);
    long second = 0;
    for (int i = 0; i < size; i++) {
      second += readZigZag(in);
      int nano = readSize(in);
      long centavos = readZigZag(in);
      int region = readSize(in);
      int kind = readSize(in);
      if (region >= regions.size() || kind >>> 1 >= modalities.size()) {
        throw new CoderException("history entry " + i + ": no UF or modality at its index");
      }
      try {
        history.add(
            second,
            nano,
            centavos,
            regions.get(region),
            modalities.get(kind >>> 1),
            (kind & 1) == 1);
      } catch (IllegalArgumentException e) {
        throw new CoderException("not a valid PayerState: " + e.getMessage(), e);
      }
    }
    return history.build();
  }

  private static int[] unseen(int values) {
    int[] at = new int[values];
    Arrays.fill(at, -1);
    return at;
  }

  private static <E extends Enum<E>> void addOnce(List<E> table, int[] at, E value) {
    if (at[value.ordinal()] < 0) {
      at[value.ordinal()] = table.size();
      table.add(value);
    }
  }

  private static void writeTable(List<? extends Enum<?>> table, OutputStream out)
      throws IOException {
    writeSize(table.size(), out);
    for (Enum<?> value : table) {
      writeEnum(value, out);
    }
  }

  private static <E extends Enum<E>> List<E> readTable(Class<E> type, InputStream in)
      throws IOException {
    int count = readSize(in);
    List<E> table = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      table.add(readEnum(type, in));
    }
    return table;
  }
}
