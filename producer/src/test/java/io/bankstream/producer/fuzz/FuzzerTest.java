package io.bankstream.producer.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import io.bankstream.producer.traffic.UserGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FuzzerTest {

  private static final Instant START = Instant.parse("2026-03-02T15:00:00Z");
  private static final List<UserProfile> USERS =
      new UserGenerator(new Random(5)).generate(200, START);
  private static final int PER_MUTATION = 400;
  private static final TransactionCodec CODEC = new TransactionCodec();

  @Test
  void theSameSeedGivesTheSameBytes() {
    List<GeneratedRecord> first = take(traffic(1, 0.5), 5_000);
    List<GeneratedRecord> second = take(traffic(1, 0.5), 5_000);
    List<GeneratedRecord> otherSeed = take(traffic(2, 0.5), 5_000);

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void theShareIsFuzzedAndEveryMutationOccurs() {
    FuzzedTraffic traffic = traffic(3, 0.5);
    List<GeneratedRecord> records = take(traffic, 20_000);

    long fuzzed = records.stream().filter(FuzzerTest::isFuzzed).count();
    assertThat(fuzzed / 20_000.0).isBetween(0.48, 0.52);
    Set<String> labels = records.stream().map(GeneratedRecord::label).collect(Collectors.toSet());
    for (Mutation mutation : Mutation.values()) {
      assertThat(labels).contains(mutation.label());
    }
    assertThat(traffic.countsByLabel().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(20_000);
    assertThat(take(traffic(3, 0), 5_000)).noneMatch(FuzzerTest::isFuzzed);
  }

  @Test
  void everyRecordCarriesWhatTheCodecDecodesFromIt() {
    for (GeneratedRecord record : take(traffic(4, 1), 10_000)) {
      DecodeResult decoded = CODEC.decode(record.value());
      assertThat(record.transaction())
          .as("%s", record)
          .isEqualTo(decoded.transactionIfValid().orElse(null));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Mutation.class,
      names = {
        "TRUNCATION",
        "DEEP_NESTING",
        "INVALID_UTF8",
        "EMPTY_VALUE",
        "EMPTY_RECORD",
        "DUPLICATE_FIELD",
        "OVERSIZED"
      })
  void mutationsThatAlwaysBreakTheContract(Mutation mutation) {
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    for (Mutated m : mutate(mutation, 6)) {
      ContractViolation violation =
          CODEC.decode(m.record().value()).violationIfInvalid().orElseThrow();
      reasons.merge(violation.reason(), 1, Integer::sum);
      assertThat(m.record().label()).isEqualTo(mutation.label());
      assertThat(m.record().transaction()).isNull();
    }
    Set<Reason> expected =
        switch (mutation) {
          case TRUNCATION, DEEP_NESTING, INVALID_UTF8 -> Set.of(Reason.MALFORMED_JSON);
          case EMPTY_VALUE ->
              Set.of(
                  Reason.INVALID_UUID,
                  Reason.UNKNOWN_REGION,
                  Reason.UNKNOWN_MODALITY,
                  Reason.INVALID_TIMESTAMP,
                  Reason.WRONG_TYPE);
          case EMPTY_RECORD -> Set.of(Reason.MALFORMED_JSON, Reason.NOT_AN_OBJECT, Reason.MISSING);
          case DUPLICATE_FIELD -> Set.of(Reason.DUPLICATE_FIELD);
          case OVERSIZED -> Set.of(Reason.TOO_LARGE_PAYLOAD);
          default -> throw new IllegalArgumentException(mutation.name());
        };
    assertThat(expected).containsAll(reasons.keySet());
  }

  @Test
  void truncationKeepsAPrefixAndReachesTheEmptyValue() {
    boolean empty = false;
    for (Mutated m : mutate(Mutation.TRUNCATION, 7)) {
      byte[] value = m.record().value();
      assertThat(value.length).isLessThan(m.base().value().length);
      assertThat(Arrays.copyOf(m.base().value(), value.length)).isEqualTo(value);
      empty |= value.length == 0;
    }
    assertThat(empty).isTrue();
  }

  @Test
  void deepNestingGoesThousandsOfLevelsDeep() {
    int deepest = 0;
    for (Mutated m : mutate(Mutation.DEEP_NESTING, 8)) {
      String text = new String(m.record().value(), StandardCharsets.UTF_8);
      deepest = Math.max(deepest, (int) text.chars().filter(c -> c == '[' || c == '{').count());
    }
    assertThat(deepest).isGreaterThanOrEqualTo(20_000);
  }

  @Test
  void stillValidMutationsKeepTheTransaction() {
    for (Mutated m : mutate(Mutation.EXTRA_FIELDS, 9)) {
      assertThat(m.record().transaction()).isEqualTo(m.base().transaction());
      assertThat(m.record().value().length).isGreaterThan(m.base().value().length);
    }
    for (Mutated m : mutate(Mutation.EMPTY_KEY, 10)) {
      assertThat(m.record().key()).isEmpty();
      assertThat(m.record().value()).isEqualTo(m.base().value());
      assertThat(m.record().transaction()).isEqualTo(m.base().transaction());
    }
  }

  @Test
  void hugeNumbersAreValidOnlyAtTheLargestAmount() {
    Set<Reason> reasons = new java.util.HashSet<>();
    int valid = 0;
    for (Mutated m : mutate(Mutation.HUGE_NUMBER, 11)) {
      DecodeResult decoded = CODEC.decode(m.record().value());
      if (decoded.isValid()) {
        valid++;
        assertThat(m.record().transaction().amount()).isEqualByComparingTo("9999999999999.99");
      } else {
        reasons.add(decoded.violationIfInvalid().orElseThrow().reason());
      }
    }
    assertThat(valid).isPositive();
    assertThat(reasons)
        .contains(
            Reason.AMOUNT_TOO_LARGE,
            Reason.TOO_MANY_DECIMALS,
            Reason.NOT_POSITIVE,
            Reason.TIMESTAMP_OUT_OF_RANGE,
            Reason.MALFORMED_JSON);
  }

  @Test
  void farTimesAreValidInsideTheContractsRangeOnly() {
    int valid = 0;
    int invalid = 0;
    for (Mutated m : mutate(Mutation.FAR_TIME, 12)) {
      if (m.record().transaction() == null) {
        invalid++;
      } else {
        valid++;
        Instant time = m.record().transaction().eventTime();
        assertThat(time)
            .isBetween(
                TransactionCodec.EARLIEST_EVENT_TIME,
                TransactionCodec.EVENT_TIME_LIMIT.minusMillis(1));
        assertThat(Duration.between(START, time).abs()).isGreaterThan(Duration.ofDays(3_000));
      }
    }
    assertThat(valid).isPositive();
    assertThat(invalid).isPositive();
  }

  @Test
  void controlCharactersReachTheKeyAndTheStrings() {
    boolean inKey = false;
    boolean validWithControl = false;
    for (Mutated m : mutate(Mutation.CONTROL_CHARACTERS, 13)) {
      String key = m.record().key();
      if (!key.equals(m.base().key())) {
        inKey = true;
        assertThat(key.charAt(key.length() - 1)).isLessThan((char) 0x20);
      } else if (m.record().transaction() != null) {
        validWithControl = true;
      }
    }
    assertThat(inKey).isTrue();
    assertThat(validWithControl).as("an escaped control character in an extra field").isTrue();
  }

  @Test
  void duplicateIdsAndResentRecordsReuseARememberedValidRecord() {
    Fuzzer fuzzer = new Fuzzer(new Random(14));
    TransactionGenerator generator = generator(14);
    GeneratedRecord first = validRecord(generator);
    assertThat(fuzzer.mutate(first, Mutation.DUPLICATE_ID).label())
        .as("nothing remembered yet")
        .isEqualTo(Mutation.EMPTY_KEY.label());
    List<GeneratedRecord> published = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      GeneratedRecord record = generator.next();
      if (record.transaction() != null) {
        fuzzer.remember(record);
        published.add(record);
      }
    }
    Set<java.util.UUID> ids =
        published.stream().map(r -> r.transaction().id()).collect(Collectors.toSet());
    for (int i = 0; i < 100; i++) {
      GeneratedRecord duplicate = fuzzer.mutate(validRecord(generator), Mutation.DUPLICATE_ID);
      assertThat(duplicate.transaction()).isNotNull();
      assertThat(ids).contains(duplicate.transaction().id());
      assertThat(published).doesNotContain(duplicate);
      GeneratedRecord resent = fuzzer.mutate(validRecord(generator), Mutation.RESENT);
      assertThat(published)
          .anySatisfy(
              p -> {
                assertThat(p.value()).isEqualTo(resent.value());
                assertThat(p.key()).isEqualTo(resent.key());
              });
    }
  }

  @Test
  void onlyValidRecordsAreMutated() {
    GeneratedRecord broken = new GeneratedRecord("k", new byte[] {'{'}, "malformed:bad_json", null);
    assertThatThrownBy(() -> new Fuzzer(new Random(1)).mutate(broken))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FuzzedTraffic(generator(1), new Fuzzer(new Random(1)), null, 0.5))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new FuzzedTraffic(generator(1), new Fuzzer(new Random(1)), new Random(1), 1.5))
        .hasMessageContaining("fuzzShare");
  }

  private record Mutated(GeneratedRecord base, GeneratedRecord record) {}

  private static List<Mutated> mutate(Mutation mutation, long seed) {
    Fuzzer fuzzer = new Fuzzer(new Random(seed));
    TransactionGenerator generator = generator(seed);
    List<Mutated> out = new ArrayList<>();
    while (out.size() < PER_MUTATION) {
      GeneratedRecord base = generator.next();
      if (base.transaction() != null) {
        out.add(new Mutated(base, fuzzer.mutate(base, mutation)));
      }
    }
    return out;
  }

  private static GeneratedRecord validRecord(TransactionGenerator generator) {
    GeneratedRecord record = generator.next();
    while (record.transaction() == null) {
      record = generator.next();
    }
    return record;
  }

  private static boolean isFuzzed(GeneratedRecord record) {
    return record.label().startsWith(Mutation.LABEL_PREFIX);
  }

  private static List<GeneratedRecord> take(FuzzedTraffic traffic, int count) {
    List<GeneratedRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(traffic.next());
    }
    return records;
  }

  private static FuzzedTraffic traffic(long seed, double share) {
    return new FuzzedTraffic(
        generator(seed), new Fuzzer(new Random(seed + 1)), new Random(seed + 2), share);
  }

  private static TransactionGenerator generator(long seed) {
    EventClock clock =
        EventClock.simulated(
            START, 100_000, Duration.ofSeconds(2), TrafficModel.defaults(), new Random(seed));
    return new TransactionGenerator(
        USERS, TrafficModel.defaults(), clock, new Random(seed), 0.05, 0.01);
  }
}
