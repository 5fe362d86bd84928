package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.core.stats.WindowTotals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.util.VarInt;

/**
 * The encoding of {@link WindowTotals} that {@link WindowAggregateCoder} and {@link
 * WindowSummaryCoder} both start with: count, approved and rejected (varints), the amount and the
 * approved amount (decimals, scale kept), then the rejections as a count and (rule code, count)
 * pairs in the map's order (sorted by code).
 */
final class WindowTotalsEncoding {

  private WindowTotalsEncoding() {}

  static void write(WindowTotals totals, OutputStream out) throws IOException {
    VarInt.encode(totals.count(), out);
    VarInt.encode(totals.approved(), out);
    VarInt.encode(totals.rejected(), out);
    writeDecimal(totals.amount(), out);
    writeDecimal(totals.approvedAmount(), out);
    Map<String, Long> rejections = totals.rejectionsByRule();
    writeSize(rejections.size(), out);
    for (Map.Entry<String, Long> rule : rejections.entrySet()) {
      writeString(rule.getKey(), out);
      VarInt.encode(rule.getValue(), out);
    }
  }

  /** Reads what {@link #write} wrote; the rejections come back sorted by code. */
  static WindowTotals read(InputStream in) throws IOException {
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
    return new Decoded(count, approved, rejected, amount, approvedAmount, rejections);
  }

  private record Decoded(
      long count,
      long approved,
      long rejected,
      BigDecimal amount,
      BigDecimal approvedAmount,
      Map<String, Long> rejectionsByRule)
      implements WindowTotals {}
}
