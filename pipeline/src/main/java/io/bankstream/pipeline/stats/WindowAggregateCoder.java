package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.requireValue;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.core.stats.WindowAggregate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link WindowAggregate}: count, approved and rejected (varints), the amount and the
 * approved amount (decimals, scale kept), the rejections as a count and (rule code, count) pairs
 * sorted by code, then the latency with {@link LatencyHistogramCoder}. Deterministic; a mutable
 * accumulator, so not {@link #consistentWithEquals()} (see {@link LatencyHistogramCoder}).
 */
public final class WindowAggregateCoder extends AtomicCoder<WindowAggregate> {

  private static final long serialVersionUID = 1L;
  private static final WindowAggregateCoder INSTANCE = new WindowAggregateCoder();
  private static final LatencyHistogramCoder LATENCY = LatencyHistogramCoder.of();

  private WindowAggregateCoder() {}

  public static WindowAggregateCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WindowAggregate value, OutputStream out) throws IOException {
    requireValue(value, "WindowAggregate");
    VarInt.encode(value.count(), out);
    VarInt.encode(value.approved(), out);
    VarInt.encode(value.rejected(), out);
    writeDecimal(value.amount(), out);
    writeDecimal(value.approvedAmount(), out);
    Map<String, Long> rejections = value.rejectionsByRule();
    writeSize(rejections.size(), out);
    for (Map.Entry<String, Long> rule : rejections.entrySet()) {
      writeString(rule.getKey(), out);
      VarInt.encode(rule.getValue(), out);
    }
    LATENCY.encode(value.latency(), out);
  }

  @Override
  public WindowAggregate decode(InputStream in) throws IOException {
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
    return new WindowAggregate(
        count, approved, rejected, amount, approvedAmount, rejections, LATENCY.decode(in));
  }
}
