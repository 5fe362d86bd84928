package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readBoolean;
import static io.bankstream.pipeline.coders.Encodings.readDouble;
import static io.bankstream.pipeline.coders.Encodings.readNullableDouble;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readString;
import static io.bankstream.pipeline.coders.Encodings.writeBoolean;
import static io.bankstream.pipeline.coders.Encodings.writeDouble;
import static io.bankstream.pipeline.coders.Encodings.writeNullableDouble;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeString;

import io.bankstream.model.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes a {@link Decision}: approved as a boolean; the rejecting rules as a count and their
 * codes, in order; the risk score's bits; the components as a count and (name, nullable value bits)
 * pairs in the map's order, which the record keeps sorted by name (the order {@code
 * DecisionWriter.componentsJson} writes them in); the profile; the rules version as a size.
 * Deterministic and consistent with equals: doubles are compared and written by their bits.
 */
public final class DecisionCoder extends RecordCoder<Decision> {

  private static final long serialVersionUID = 1L;
  private static final DecisionCoder INSTANCE = new DecisionCoder();

  private DecisionCoder() {
    super("Decision");
  }

  public static DecisionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(Decision value, OutputStream out) throws IOException {
    writeBoolean(value.approved(), out);
    writeSize(value.rejectedBy().size(), out);
    for (String code : value.rejectedBy()) {
      writeString(code, out);
    }
    writeDouble(value.riskScore(), out);
    writeSize(value.riskComponents().size(), out);
    for (Map.Entry<String, Double> component : value.riskComponents().entrySet()) {
      writeString(component.getKey(), out);
      writeNullableDouble(component.getValue(), out);
    }
    writeString(value.profile(), out);
    writeSize(value.rulesVersion(), out);
  }

  @Override
  public Decision decode(InputStream in) throws IOException {
    boolean approved = readBoolean(in);
    int rejections = readSize(in);
    List<String> rejectedBy = new ArrayList<>(rejections);
    for (int i = 0; i < rejections; i++) {
      rejectedBy.add(readString(in));
    }
    double riskScore = readDouble(in);
    int componentCount = readSize(in);
    Map<String, Double> components = new TreeMap<>();
    for (int i = 0; i < componentCount; i++) {
      components.put(readString(in), readNullableDouble(in));
    }
    try {
      String profile = readString(in);
      return new Decision(approved, rejectedBy, riskScore, components, profile, readSize(in));
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid Decision: " + e.getMessage(), e);
    }
  }
}
