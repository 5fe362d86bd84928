package io.bankstream.pipeline.coders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * The properties every bankstream coder must have, checked with Beam's {@link CoderProperties}:
 * each value decodes to an equal value in both contexts and among other elements of a list, equal
 * values encode alike (deterministic), different values encode differently (so structural values
 * agree with equals), and the coder is serializable, equal to its copy and refuses null.
 */
public final class CoderChecks {

  private CoderChecks() {}

  /**
   * Checks {@code coder} against {@code values}, which should be pairwise different, and against
   * {@code equalPairs}, pairs of equal values built in different ways.
   */
  @SafeVarargs
  public static <T> void checkCoder(Coder<T> coder, List<T> values, List<T>... equalPairs)
      throws Exception {
    assertThatCode(coder::verifyDeterministic).doesNotThrowAnyException();
    CoderProperties.coderSerializable(coder);
    Coder<T> copy = SerializableUtils.clone(coder);
    assertThat(copy).isEqualTo(coder).hasSameHashCodeAs(coder);

    for (T value : values) {
      CoderProperties.coderDecodeEncodeEqual(coder, value);
      CoderProperties.structuralValueDecodeEncodeEqual(coder, value);
      // A distinct but equal instance, as a runner holds after a copy.
      CoderProperties.coderDeterministic(coder, value, roundTrip(coder, value));
    }
    for (List<T> pair : equalPairs) {
      assertThat(pair.get(0)).isEqualTo(pair.get(1));
      CoderProperties.coderDeterministic(coder, pair.get(0), pair.get(1));
      CoderProperties.coderConsistentWithEquals(coder, pair.get(0), pair.get(1));
      CoderProperties.structuralValueConsistentWithEquals(coder, pair.get(0), pair.get(1));
    }
    for (T first : values) {
      for (T second : values) {
        // Encodings are equal exactly when values are, for every coder here (even the mutable
        // accumulators', whose consistentWithEquals() is false only so their structural value is a
        // snapshot).
        CoderProperties.coderConsistentWithEquals(coder, first, second);
        CoderProperties.structuralValueConsistentWithEquals(coder, first, second);
      }
    }
    // Nested among others: each value must read exactly its own bytes.
    CoderProperties.coderDecodeEncodeContentsInSameOrder(ListCoder.of(coder), values);
    assertThatThrownBy(() -> coder.encode(null, new ByteArrayOutputStream()))
        .isInstanceOf(CoderException.class);
  }

  /** {@code value} encoded and decoded again. */
  public static <T> T roundTrip(Coder<T> coder, T value) throws CoderException {
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, value));
  }
}
