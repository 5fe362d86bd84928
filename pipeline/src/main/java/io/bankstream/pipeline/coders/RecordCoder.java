package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.requireValue;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * What every bankstream coder shares: a deterministic {@link AtomicCoder} whose {@link #encode}
 * refuses a null value (as Beam's own coders do) and then has {@link #encodeFields} write the
 * value's fields, one after another, with {@link Encodings}; {@code decode} reads them back in the
 * same order. Consistent with equals, unless made for a mutable type (an accumulator), whose
 * structural value is then its encoding, a snapshot.
 *
 * @param <T> the type encoded
 */
public abstract class RecordCoder<T> extends AtomicCoder<T> {

  private static final long serialVersionUID = 1L;

  private final String typeName;
  private final boolean consistentWithEquals;

  /** A coder for the immutable type {@code typeName}: consistent with equals. */
  protected RecordCoder(String typeName) {
    this(typeName, true);
  }

  /** A coder for {@code typeName}; {@code consistentWithEquals} false for a mutable type. */
  protected RecordCoder(String typeName, boolean consistentWithEquals) {
    this.typeName = typeName;
    this.consistentWithEquals = consistentWithEquals;
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    encodeFields(requireValue(value, typeName), out);
  }

  /** Writes the fields of {@code value}, which is not null. */
  protected abstract void encodeFields(T value, OutputStream out) throws IOException;

  @Override
  public final boolean consistentWithEquals() {
    return consistentWithEquals;
  }
}
