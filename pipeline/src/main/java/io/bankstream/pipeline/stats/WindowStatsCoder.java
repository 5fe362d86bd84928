package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.stats.StatsKey;
import io.bankstream.pipeline.coders.RecordCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link WindowStats} pane: the group by its text ({@link StatsKey#toString()}, e.g.
 * {@code regiao:SP}: the dimension by its stable code), the window's start and end, the summary
 * with {@link WindowSummaryCoder}, the timing and the pane index (varint). Deterministic and
 * consistent with equals.
 */
public final class WindowStatsCoder extends RecordCoder<WindowStats> {

  private static final long serialVersionUID = 1L;
  private static final WindowStatsCoder INSTANCE = new WindowStatsCoder();
  private static final WindowSummaryCoder SUMMARY = WindowSummaryCoder.of();

  private WindowStatsCoder() {
    super("WindowStats");
  }

  public static WindowStatsCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(WindowStats value, OutputStream out) throws IOException {
    writeString(value.key().toString(), out);
    writeInstant(value.windowStart(), out);
    writeInstant(value.windowEnd(), out);
    SUMMARY.encode(value.summary(), out);
    writeString(value.timing(), out);
    VarInt.encode(value.paneIndex(), out);
  }

  @Override
  public WindowStats decode(InputStream in) throws IOException {
    StatsKey key;
    String text = readString(in);
    try {
      key = StatsKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a statistics key: " + text, e);
    }
    Instant start = readInstant(in);
    Instant end = readInstant(in);
    return new WindowStats(
        key, start, end, SUMMARY.decode(in), readString(in), VarInt.decodeLong(in));
  }
}
