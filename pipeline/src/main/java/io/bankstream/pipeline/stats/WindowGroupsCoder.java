package io.bankstream.pipeline.stats;

import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.core.stats.WindowAggregate;
import io.bankstream.core.stats.WindowGroups;
import io.bankstream.pipeline.coders.RecordCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Encodes {@link WindowGroups}, the statistics step's partials, accumulator and per-window state: a
 * count, then each group's key ({@code total}, {@code regiao:SP}, ...) and its {@link
 * WindowAggregateCoder aggregate}, sorted by key. Deterministic; a mutable accumulator, so not
 * {@link #consistentWithEquals()} (see {@link LatencyHistogramCoder}).
 */
public final class WindowGroupsCoder extends RecordCoder<WindowGroups> {

  private static final long serialVersionUID = 1L;
  private static final WindowGroupsCoder INSTANCE = new WindowGroupsCoder();
  private static final WindowAggregateCoder AGGREGATE = WindowAggregateCoder.of();

  private WindowGroupsCoder() {
    super("WindowGroups", false);
  }

  public static WindowGroupsCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(WindowGroups value, OutputStream out) throws IOException {
    Map<String, WindowAggregate> groups = value.groups();
    writeSize(groups.size(), out);
    for (Map.Entry<String, WindowAggregate> group : groups.entrySet()) {
      writeString(group.getKey(), out);
      AGGREGATE.encode(group.getValue(), out);
    }
  }

  @Override
  public WindowGroups decode(InputStream in) throws IOException {
    WindowGroups value = new WindowGroups();
    int groupCount = readSize(in);
    for (int i = 0; i < groupCount; i++) {
      value.groups().put(readString(in), AGGREGATE.decode(in));
    }
    return value;
  }
}
