package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readNullableDouble;
import static io.bankstream.pipeline.coders.Encodings.writeNullableDouble;

import io.bankstream.core.stats.WindowSummary;
import io.bankstream.core.stats.WindowTotals;
import io.bankstream.pipeline.coders.RecordCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes a {@link WindowSummary}: its totals with {@link WindowTotalsEncoding} (counts, amounts,
 * rejections per rule), then the three latency percentiles as nullable double bits. Deterministic
 * and consistent with equals.
 */
public final class WindowSummaryCoder extends RecordCoder<WindowSummary> {

  private static final long serialVersionUID = 1L;
  private static final WindowSummaryCoder INSTANCE = new WindowSummaryCoder();

  private WindowSummaryCoder() {
    super("WindowSummary");
  }

  public static WindowSummaryCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(WindowSummary value, OutputStream out) throws IOException {
    WindowTotalsEncoding.write(value, out);
    writeNullableDouble(value.latencyP50Ms(), out);
    writeNullableDouble(value.latencyP95Ms(), out);
    writeNullableDouble(value.latencyP99Ms(), out);
  }

  @Override
  public WindowSummary decode(InputStream in) throws IOException {
    WindowTotals totals = WindowTotalsEncoding.read(in);
    Double p50 = readNullableDouble(in);
    Double p95 = readNullableDouble(in);
    Double p99 = readNullableDouble(in);
    try {
      return new WindowSummary(totals, p50, p95, p99);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CoderException("not a valid WindowSummary: " + e.getMessage(), e);
    }
  }
}
