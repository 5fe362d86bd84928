package io.bankstream.producer.traffic;

import static io.bankstream.producer.traffic.TrafficFixtures.NOON;
import static io.bankstream.producer.traffic.TrafficFixtures.TWO_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MalformedRecordTest {

  private static final int USERS = 200;
  private static final int PER_KIND = 100;
  private static final TransactionCodec CODEC = new TransactionCodec();

  private static final List<UserProfile> users =
      TrafficFixtures.users(TrafficFixtures.USER_SEED, USERS);
  private static final Map<UUID, UserProfile> usersById = TrafficFixtures.byId(users);

  @ParameterizedTest
  @EnumSource(value = MalformedKind.class, names = "UNKNOWN_USER", mode = EnumSource.Mode.EXCLUDE)
  void theCodecRejectsEachKindWithItsReason(MalformedKind kind) {
    TransactionGenerator generator = generator();
    for (int i = 0; i < PER_KIND; i++) {
      GeneratedRecord record = generator.generateMalformed(kind);
      DecodeResult decoded = CODEC.decode(record.value());
      assertThat(decoded.violationIfInvalid())
          .as("%s: %s", kind, record)
          .map(ContractViolation::reason)
          .isEqualTo(kind.expectedReason());
      assertThat(record.transaction()).isNull();
      assertThat(record.label()).isEqualTo("malformed:" + kind.name().toLowerCase(Locale.ROOT));
      assertThat(record.isMalformed()).isTrue();
      assertThat(usersById).containsKey(UUID.fromString(record.key()));
    }
  }

  @Test
  void anUnknownUserIsValidForTheCodecButNoGeneratedUser() {
    TransactionGenerator generator = generator();
    assertThat(MalformedKind.UNKNOWN_USER.expectedReason()).isEmpty();
    for (int i = 0; i < PER_KIND; i++) {
      GeneratedRecord record = generator.generateMalformed(MalformedKind.UNKNOWN_USER);
      assertThat(CODEC.decode(record.value()).transactionIfValid()).contains(record.transaction());
      assertThat(record.value()).isEqualTo(CODEC.encode(record.transaction()));
      assertThat(usersById).doesNotContainKey(record.transaction().payerId());
      assertThat(usersById).containsKey(record.transaction().receiverId());
      assertThat(record.key()).isEqualTo(record.transaction().payerId().toString());
      assertThat(record.label()).isEqualTo("malformed:unknown_user");
    }
  }

  @Test
  void missingFieldRemovesEachOfTheSevenFieldsInTurn() {
    TransactionGenerator generator = generator();
    Set<String> missing = new HashSet<>();
    for (int i = 0; i < PER_KIND; i++) {
      GeneratedRecord record = generator.generateMalformed(MalformedKind.MISSING_FIELD);
      missing.add(CODEC.decode(record.value()).violationIfInvalid().orElseThrow().field());
    }
    assertThat(missing).containsExactlyInAnyOrderElementsOf(TransactionCodec.CONTRACT_FIELDS);
  }

  @Test
  void notUtf8IsNotUtf8() {
    byte[] value = generator().generateMalformed(MalformedKind.NOT_UTF8).value();
    assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)))
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void theStreamMixesEveryKindAndEveryOtherRecordIsValid() {
    TransactionGenerator generator =
        TrafficFixtures.generator(users, NOON, 20_000, TWO_SECONDS, 0.1, 0.2);
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      GeneratedRecord record = generator.next();
      labels.add(record.label());
      DecodeResult decoded = CODEC.decode(record.value());
      if (record.isMalformed()) {
        assertThat(decoded.isValid())
            .isEqualTo(record.label().equals(MalformedKind.UNKNOWN_USER.label()));
      } else {
        assertThat(decoded.transactionIfValid()).contains(record.transaction());
      }
    }
    for (MalformedKind kind : MalformedKind.values()) {
      assertThat(labels).contains(kind.label());
    }
  }

  @Test
  void valueIsCopiedInAndOut() {
    GeneratedRecord record = generator().next();
    byte[] value = record.value();
    value[0] = 'x';
    assertThat(record.value()[0]).isEqualTo((byte) '{');
    assertThat(record.keyBytes()).isEqualTo(record.key().getBytes(StandardCharsets.UTF_8));
    assertThat(new String(record.labelBytes(), StandardCharsets.UTF_8)).isEqualTo("normal");
    assertThat(record.toString()).contains("normal");
  }

  private static TransactionGenerator generator() {
    return TrafficFixtures.generator(users, NOON, 20_000, TWO_SECONDS, 0, 0);
  }
}
