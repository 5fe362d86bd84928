package io.bankstream.pipeline.stats;

import io.bankstream.core.stats.WindowAggregate;
import io.bankstream.core.stats.WindowTotals;
import io.bankstream.pipeline.coders.RecordCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes a {@link WindowAggregate}: its totals with {@link WindowTotalsEncoding} (counts, amounts,
 * rejections per rule), then the latency with {@link LatencyHistogramCoder}. Deterministic; a
 * mutable accumulator, so not {@link #consistentWithEquals()} (see {@link LatencyHistogramCoder}).
 */
public final class WindowAggregateCoder extends RecordCoder<WindowAggregate> {

  private static final long serialVersionUID = 1L;
  private static final WindowAggregateCoder INSTANCE = new WindowAggregateCoder();
  private static final LatencyHistogramCoder LATENCY = LatencyHistogramCoder.of();

  private WindowAggregateCoder() {
    super("WindowAggregate", false);
  }

  public static WindowAggregateCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(WindowAggregate value, OutputStream out) throws IOException {
    WindowTotalsEncoding.write(value, out);
    LATENCY.encode(value.latency(), out);
  }

  @Override
  public WindowAggregate decode(InputStream in) throws IOException {
    WindowTotals totals = WindowTotalsEncoding.read(in);
    return new WindowAggregate(totals, LATENCY.decode(in));
  }
}
