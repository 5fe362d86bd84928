package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readNullableDouble;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.requireValue;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeNullableDouble;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.core.stats.WindowSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link WindowSummary}: count, approved and rejected (varints), the amounts (decimals),
 * the rejections as a count and (rule code, count) pairs sorted by code, and the three latency
 * percentiles as nullable double bits. Deterministic and consistent with equals.
 */
public final class WindowSummaryCoder extends AtomicCoder<WindowSummary> {

  private static final long serialVersionUID = 1L;
  private static final WindowSummaryCoder INSTANCE = new WindowSummaryCoder();

  private WindowSummaryCoder() {}

  public static WindowSummaryCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WindowSummary value, OutputStream out) throws IOException {
    requireValue(value, "WindowSummary");
    VarInt.encode(value.count(), out);
    VarInt.encode(value.approved(), out);
    VarInt.encode(value.rejected(), out);
    writeDecimal(value.amount(), out);
    writeDecimal(value.approvedAmount(), out);
    writeSize(value.rejectionsByRule().size(), out);
    for (Map.Entry<String, Long> rule : value.rejectionsByRule().entrySet()) {
      writeString(rule.getKey(), out);
      VarInt.encode(rule.getValue(), out);
    }
    writeNullableDouble(value.latencyP50Ms(), out);
    writeNullableDouble(value.latencyP95Ms(), out);
    writeNullableDouble(value.latencyP99Ms(), out);
  }

  @Override
  public WindowSummary decode(InputStream in) throws IOException {
    long count = VarInt.decodeLong(in);
    long approved = VarInt.decodeLong(in);
    long rejected = VarInt.decodeLong(in);
    BigDecimal amount = readDecimal(in);
    BigDecimal approvedAmount = readDecimal(in);
    int ruleCount = readSize(in);
    Map<String, Long> rejections = new TreeMap<>();
    for (int i = 0; i < ruleCount; i++) {
      rejections.put(readString(in), VarInt.decodeLong(in));
    }
    Double p50 = readNullableDouble(in);
    Double p95 = readNullableDouble(in);
    Double p99 = readNullableDouble(in);
    try {
      return new WindowSummary(
          count, approved, rejected, amount, approvedAmount, rejections, p50, p95, p99);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CoderException("not a valid WindowSummary: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
