package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBoolean;
import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readDouble;
import static io.bankstream.pipeline.coders.Encodings.readEnum;
import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.writeBoolean;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeDouble;
import static io.bankstream.pipeline.coders.Encodings.writeEnum;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeSize;

import io.bankstream.core.rules.PayerState;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes the approval step's per-payer {@link PayerState}: baseline and approved total (decimals),
 * the recent event times as a count and instants (ascending, as the state keeps them), the usual
 * log amounts as a count and (modality name, value bits) pairs in the map's enum order, then the
 * limits' history as a count and (event time, amount, UF name, modality name, approved) entries,
 * ascending. UFs and modalities go by name, so a state stored before a modality was added or
 * reordered still reads. Deterministic and consistent with equals.
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
    writeSize(value.history().size(), out);
    for (PayerState.Recent entry : value.history()) {
      writeInstant(entry.eventTime(), out);
      writeDecimal(entry.amount(), out);
      writeEnum(entry.region(), out);
      writeEnum(entry.modality(), out);
      writeBoolean(entry.approved(), out);
    }
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
    int historyCount = readSize(in);
    List<PayerState.Recent> history = new ArrayList<>(historyCount);
    for (int i = 0; i < historyCount; i++) {
      history.add(
          new PayerState.Recent(
              readInstant(in),
              readDecimal(in),
              readEnum(Region.class, in),
              readEnum(PaymentModality.class, in),
              readBoolean(in)));
    }
    try {
      return new PayerState(baseline, approved, times, usual, history);
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid PayerState: " + e.getMessage(), e);
    }
  }
}
