package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.Encodings.readDecimal;
import static io.bankstream.pipeline.coders.Encodings.readEnum;
import static io.bankstream.pipeline.coders.Encodings.readInstant;
import static io.bankstream.pipeline.coders.Encodings.readSize;
import static io.bankstream.pipeline.coders.Encodings.readUuid;
import static io.bankstream.pipeline.coders.Encodings.writeDecimal;
import static io.bankstream.pipeline.coders.Encodings.writeEnum;
import static io.bankstream.pipeline.coders.Encodings.writeInstant;
import static io.bankstream.pipeline.coders.Encodings.writeSize;
import static io.bankstream.pipeline.coders.Encodings.writeUuid;

import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes a {@link UserProfile}: id, home region by UF code, balance, the limits as a count and
 * (modality name, limit) pairs in the map's order (an {@code EnumMap}'s, so always the same), and
 * the creation time. Deterministic and consistent with equals.
 */
public final class UserProfileCoder extends RecordCoder<UserProfile> {

  private static final long serialVersionUID = 1L;
  private static final UserProfileCoder INSTANCE = new UserProfileCoder();

  private UserProfileCoder() {
    super("UserProfile");
  }

  public static UserProfileCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(UserProfile value, OutputStream out) throws IOException {
    writeUuid(value.id(), out);
    writeEnum(value.homeRegion(), out);
    writeDecimal(value.balance(), out);
    writeSize(value.limits().size(), out);
    for (Map.Entry<PaymentModality, BigDecimal> limit : value.limits().entrySet()) {
      writeEnum(limit.getKey(), out);
      writeDecimal(limit.getValue(), out);
    }
    writeInstant(value.createdAt(), out);
  }

  @Override
  public UserProfile decode(InputStream in) throws IOException {
    UUID id = readUuid(in);
    Region home = readEnum(Region.class, in);
    BigDecimal balance = readDecimal(in);
    int limitCount = readSize(in);
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (int i = 0; i < limitCount; i++) {
      limits.put(readEnum(PaymentModality.class, in), readDecimal(in));
    }
    try {
      return new UserProfile(id, home, balance, limits, readInstant(in));
    } catch (IllegalArgumentException e) {
      throw new CoderException("not a valid UserProfile: " + e.getMessage(), e);
    }
  }
}
