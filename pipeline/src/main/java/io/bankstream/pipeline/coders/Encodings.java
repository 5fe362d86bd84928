package io.bankstream.pipeline.coders;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The field encodings every bankstream coder is made of, each self-delimiting (Beam's nested
 * context), so that fields simply follow one another on the stream. Strings, byte arrays and
 * decimals go through Beam's own coders; the rest is written here, without boxing:
 *
 * <ul>
 *   <li>string: {@link StringUtf8Coder}, a varint length and the UTF-8 bytes;
 *   <li>bytes: {@link ByteArrayCoder}, a varint length and the bytes;
 *   <li>decimal: {@link BigDecimalCoder}, the scale as a varint and the unscaled value's two's
 *       complement bytes, so scale and value come back exactly ({@code 1.0} stays {@code 1.0});
 *   <li>instant: the epoch second as a zigzag varint (5 bytes today, 10 at most) and the nanosecond
 *       of the second as a varint, so every {@link Instant} from {@code MIN} to {@code MAX} comes
 *       back exactly;
 *   <li>UUID: its two halves as big-endian 8-byte longs;
 *   <li>double: {@link Double#doubleToLongBits}, big-endian: the bits {@link Double#equals} and
 *       records compare (so {@code -0.0} stays {@code -0.0}, and every NaN is the one NaN);
 *   <li>boolean: one byte, 0 or 1; a nullable value is the boolean "present", then the value;
 *   <li>enum constant: its name as a string, never its ordinal, so reordering or adding constants
 *       keeps what was stored (the per-payer state outlives deployments) readable.
 * </ul>
 *
 * <p>Each encoding is a function of the value alone, so the coders built from them are
 * deterministic wherever their value's iteration order is (sorted or enum-ordered maps).
 */
public final class Encodings {

  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

  private Encodings() {}

  public static void writeString(String value, OutputStream out) throws IOException {
    STRING.encode(value, out);
  }

  public static String readString(InputStream in) throws IOException {
    return STRING.decode(in);
  }

  public static void writeNullableString(String value, OutputStream out) throws IOException {
    if (writePresence(value, out)) {
      writeString(value, out);
    }
  }

  public static String readNullableString(InputStream in) throws IOException {
    return readBoolean(in) ? readString(in) : null;
  }

  public static void writeBytes(byte[] value, OutputStream out) throws IOException {
    BYTES.encode(value, out);
  }

  public static byte[] readBytes(InputStream in) throws IOException {
    return BYTES.decode(in);
  }

  public static void writeNullableBytes(byte[] value, OutputStream out) throws IOException {
    if (writePresence(value, out)) {
      writeBytes(value, out);
    }
  }

  public static byte[] readNullableBytes(InputStream in) throws IOException {
    return readBoolean(in) ? readBytes(in) : null;
  }

  public static void writeDecimal(BigDecimal value, OutputStream out) throws IOException {
    DECIMAL.encode(value, out);
  }

  public static BigDecimal readDecimal(InputStream in) throws IOException {
    return DECIMAL.decode(in);
  }

  public static void writeNullableDecimal(BigDecimal value, OutputStream out) throws IOException {
    if (writePresence(value, out)) {
      writeDecimal(value, out);
    }
  }

  public static BigDecimal readNullableDecimal(InputStream in) throws IOException {
    return readBoolean(in) ? readDecimal(in) : null;
  }

  public static void writeInstant(Instant value, OutputStream out) throws IOException {
    writeZigZag(value.getEpochSecond(), out);
    VarInt.encode(value.getNano(), out);
  }

  public static Instant readInstant(InputStream in) throws IOException {
    long seconds = readZigZag(in);
    int nanos = VarInt.decodeInt(in);
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (RuntimeException e) {
      throw new CoderException("not an instant: " + seconds + " s " + nanos + " ns", e);
    }
  }

  public static void writeNullableInstant(Instant value, OutputStream out) throws IOException {
    if (writePresence(value, out)) {
      writeInstant(value, out);
    }
  }

  public static Instant readNullableInstant(InputStream in) throws IOException {
    return readBoolean(in) ? readInstant(in) : null;
  }

  public static void writeUuid(UUID value, OutputStream out) throws IOException {
    writeFixedLong(value.getMostSignificantBits(), out);
    writeFixedLong(value.getLeastSignificantBits(), out);
  }

  public static UUID readUuid(InputStream in) throws IOException {
    long high = readFixedLong(in);
    return new UUID(high, readFixedLong(in));
  }

  public static void writeDouble(double value, OutputStream out) throws IOException {
    writeFixedLong(Double.doubleToLongBits(value), out);
  }

  public static double readDouble(InputStream in) throws IOException {
    return Double.longBitsToDouble(readFixedLong(in));
  }

  public static void writeNullableDouble(Double value, OutputStream out) throws IOException {
    if (writePresence(value, out)) {
      writeDouble(value, out);
    }
  }

  public static Double readNullableDouble(InputStream in) throws IOException {
    return readBoolean(in) ? readDouble(in) : null;
  }

  public static void writeBoolean(boolean value, OutputStream out) throws IOException {
    out.write(value ? 1 : 0);
  }

  public static boolean readBoolean(InputStream in) throws IOException {
    int b = in.read();
    if (b == 0 || b == 1) {
      return b == 1;
    }
    if (b < 0) {
      throw new EOFException("end of stream where a boolean was expected");
    }
    throw new CoderException("not a boolean: " + b);
  }

  /** Writes whether {@code value} is present and returns it: the prefix of a nullable field. */
  public static boolean writePresence(Object value, OutputStream out) throws IOException {
    boolean present = value != null;
    writeBoolean(present, out);
    return present;
  }

  /** Writes the constant's name (see the class comment: names, never ordinals). */
  public static void writeEnum(Enum<?> value, OutputStream out) throws IOException {
    writeString(value.name(), out);
  }

  public static <E extends Enum<E>> E readEnum(Class<E> type, InputStream in) throws IOException {
    String name = readString(in);
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new CoderException("no " + type.getSimpleName() + " named " + name, e);
    }
  }

  /** A count of elements that follow (a list's or a map's size), as a varint. */
  public static void writeSize(int size, OutputStream out) throws IOException {
    VarInt.encode(size, out);
  }

  public static int readSize(InputStream in) throws IOException {
    int size = VarInt.decodeInt(in);
    if (size < 0) {
      throw new CoderException("negative size: " + size);
    }
    return size;
  }

  /** A long of any sign in as few bytes as its magnitude needs (zigzag, then varint). */
  public static void writeZigZag(long value, OutputStream out) throws IOException {
    VarInt.encode((value << 1) ^ (value >> 63), out);
  }

  public static long readZigZag(InputStream in) throws IOException {
    long zigzag = VarInt.decodeLong(in);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  public static void writeFixedLong(long value, OutputStream out) throws IOException {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }

  public static long readFixedLong(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("end of stream within an 8-byte long");
      }
      value = (value << 8) | b;
    }
    return value;
  }

  /** Fails encoding a null where a coder's value is required, as Beam's own coders do. */
  public static <T> T requireValue(T value, String type) throws CoderException {
    if (value == null) {
      throw new CoderException("cannot encode a null " + type);
    }
    return value;
  }
}
