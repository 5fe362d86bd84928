package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readDouble;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.writeDouble;
import static io.bankstream.pipeline.coders.Encodings.writeSize;

import io.bankstream.core.stats.LatencyHistogram;
import io.bankstream.pipeline.coders.RecordCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link LatencyHistogram} sparsely: how many slots hold values (a varint, 0 for an empty
 * histogram, which ends there), each such slot's index and count (varints, ascending), then the
 * exact minimum and maximum as double bits. The count is the slots' sum. A window's histogram
 * touches a few dozen of its 312 slots, so this is a fraction of the dense array.
 *
 * <p>Deterministic, and its encodings are equal exactly when the histograms are equal; but a
 * histogram is a mutable accumulator, so {@link #consistentWithEquals()} stays false and its
 * structural value is its encoding, a snapshot.
 */
public final class LatencyHistogramCoder extends RecordCoder<LatencyHistogram> {

  private static final long serialVersionUID = 1L;
  private static final LatencyHistogramCoder INSTANCE = new LatencyHistogramCoder();

  private LatencyHistogramCoder() {
    super("LatencyHistogram", false);
  }

  public static LatencyHistogramCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(LatencyHistogram value, OutputStream out) throws IOException {
    int used = 0;
    for (int slot = 0; slot < LatencyHistogram.SLOTS; slot++) {
      if (value.slotCount(slot) != 0) {
        used++;
      }
    }
    writeSize(used, out);
    if (used == 0) {
      return;
    }
    for (int slot = 0; slot < LatencyHistogram.SLOTS; slot++) {
      long slotCount = value.slotCount(slot);
      if (slotCount != 0) {
        VarInt.encode(slot, out);
        VarInt.encode(slotCount, out);
      }
    }
    writeDouble(value.min(), out);
    writeDouble(value.max(), out);
  }

  @Override
  public LatencyHistogram decode(InputStream in) throws IOException {
    int used = readSize(in);
    if (used == 0) {
      return new LatencyHistogram();
    }
    long[] slotCounts = new long[LatencyHistogram.SLOTS];
    for (int i = 0; i < used; i++) {
      int slot = VarInt.decodeInt(in);
      if (slot < 0 || slot >= LatencyHistogram.SLOTS) {
        throw new CoderException("not a latency histogram slot: " + slot);
      }
      slotCounts[slot] = VarInt.decodeLong(in);
    }
    double min = readDouble(in);
    double max = readDouble(in);
    try {
      return LatencyHistogram.restore(slotCounts, min, max);
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid LatencyHistogram: " + e.getMessage(), e);
    }
  }
}
