package io.bankstream.pipeline.coders;

import static io.bankstream.pipeline.coders.CoderChecks.checkCoder;
import static io.bankstream.pipeline.coders.CoderChecks.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.rules.PayerState;
import io.bankstream.core.rules.RulesFixtures;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.DecodedRecord;
import io.bankstream.model.Money;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.RuleCode;
import io.bankstream.model.SourcePayload;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * Round trips, determinism and equality of the coders of the pipeline's elements and state, on
 * ordinary values and on the edges: null fields, empty lists, maps and byte arrays, unicode, huge
 * and negatively scaled decimals, the first and last instants, offsets near {@code Long.MAX_VALUE}.
 */
class CodersTest {

  private static final Instant NOON = Instant.parse("2026-03-02T15:00:00.123456789Z");
  private static final UUID PAYER = UUID.fromString("0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b");
  private static final UUID RECEIVER = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
  private static final UUID EXTREME = new UUID(Long.MIN_VALUE, -1L);
  private static final BigDecimal HUGE =
      new BigDecimal(BigInteger.TEN.pow(400).add(BigInteger.ONE), 3);
  private static final BigDecimal NEGATIVE_SCALE = new BigDecimal(BigInteger.valueOf(7), -12);
  private static final String UNICODE = "transações – São Paulo 🏦 日本語";

  @Test
  void transactionsOfEveryRegionAndModality() throws Exception {
    List<Transaction> values = new ArrayList<>();
    PaymentModality[] modalities = PaymentModality.values();
    Region[] regions = Region.values();
    for (int i = 0; i < regions.length; i++) {
      values.add(
          new Transaction(
              new UUID(i, i + 1L),
              PAYER,
              RECEIVER,
              regions[i],
              modalities[i % modalities.length],
              NOON.plusSeconds(i),
              new BigDecimal(i + 1 + ".25")));
    }
    values.add(transaction(Instant.MIN, "0.01"));
    values.add(transaction(Instant.MAX, Money.MAX_AMOUNT.toPlainString()));
    values.add(
        new Transaction(
            EXTREME,
            new UUID(0, 0),
            new UUID(-1, -1),
            Region.AC,
            PaymentModality.BOLETO,
            Instant.EPOCH,
            new BigDecimal("7")));

    checkCoder(TransactionCoder.of(), values);
  }

  @Test
  void userProfilesWithExtremeBalancesAndLimits() throws Exception {
    Map<PaymentModality, BigDecimal> ordered = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      ordered.put(modality, new BigDecimal("1000.00"));
    }
    Map<PaymentModality, BigDecimal> reversed = new LinkedHashMap<>();
    for (int i = PaymentModality.values().length - 1; i >= 0; i--) {
      reversed.put(PaymentModality.values()[i], new BigDecimal("1000.00"));
    }
    Map<PaymentModality, BigDecimal> odd = new EnumMap<>(PaymentModality.class);
    odd.put(PaymentModality.PIX, HUGE);
    odd.put(PaymentModality.TED, NEGATIVE_SCALE);
    odd.put(PaymentModality.DOC, BigDecimal.ZERO);
    odd.put(PaymentModality.BOLETO, new BigDecimal("0.000000001"));

    checkCoder(
        UserProfileCoder.of(),
        List.of(
            user(PAYER, Region.SP, "1000.00", ordered, NOON),
            user(PAYER, Region.SP, "1000.0", ordered, NOON),
            user(EXTREME, Region.TO, "0", odd, Instant.MIN),
            new UserProfile(RECEIVER, Region.RS, HUGE, odd, Instant.MAX),
            new UserProfile(RECEIVER, Region.AP, NEGATIVE_SCALE, ordered, Instant.EPOCH)),
        List.of(
            user(PAYER, Region.SP, "1000.00", ordered, NOON),
            user(PAYER, Region.SP, "1000.00", reversed, NOON)));
  }

  @Test
  void ledgerEntriesWithAndWithoutATotal() throws Exception {
    checkCoder(
        LedgerEntryCoder.of(),
        List.of(
            new LedgerEntry(payer("100.00"), new BigDecimal("25.50")),
            new LedgerEntry(payer("100.00"), null),
            new LedgerEntry(payer("100.00"), HUGE.negate()),
            new LedgerEntry(payer("0.00"), NEGATIVE_SCALE)));
  }

  @Test
  void decisionsKeepEveryFieldAndTheComponentsSortedByName() throws Exception {
    Map<String, Double> components = new HashMap<>();
    components.put("hour", 0.0);
    components.put("distance", 0.3333333333333333);
    components.put("amount", 1.0);
    Map<String, Double> oddComponents = new LinkedHashMap<>();
    oddComponents.put("", -0.0);
    oddComponents.put("distância", Double.NaN);
    oddComponents.put("nothing", null);
    oddComponents.put("tiny", Double.MIN_VALUE);
    oddComponents.put("huge", Double.POSITIVE_INFINITY);
    Map<String, Double> reversed = new LinkedHashMap<>();
    reversed.put("hour", 0.0);
    reversed.put("distance", 0.3333333333333333);
    reversed.put("amount", 1.0);
    Decision rejected = new Decision(false, RuleCode.codes(), 0.87, components, "default", 0);

    checkCoder(
        DecisionCoder.of(),
        List.of(
            new Decision(true, List.of(), 0.0, Map.of(), "default", 0),
            new Decision(true, List.of(), -0.0, Map.of(), "default", 0),
            new Decision(true, List.of(), 0.25, components, "seed", 0),
            rejected,
            new Decision(false, List.of("RISCO"), Double.NaN, oddComponents, UNICODE, 0),
            new Decision(false, List.of("SALDO"), Double.MAX_VALUE, Map.of(), "", 0)),
        List.of(rejected, new Decision(false, RuleCode.codes(), 0.87, reversed, "default", 0)));

    // DecisionWriter writes the components as JSON in the map's order: sorted by name.
    assertThat(roundTrip(DecisionCoder.of(), rejected).riskComponents().keySet())
        .containsExactly("amount", "distance", "hour");
  }

  @Test
  void sourceRecordsWithNullEmptyAndLargeFields() throws Exception {
    byte[] json = "{\"id_transacao\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    checkCoder(
        SourceRecordCoder.of(),
        List.of(
            new SourceRecord("bank_transactions", 0, 0, null, json, null),
            new SourceRecord("bank_transactions", 0, 0, new byte[0], json, null),
            new SourceRecord("bank_transactions", 0, 0, new byte[] {1}, json, NOON),
            new SourceRecord("bank_transactions", 3, 42, new byte[] {1}, new byte[0], NOON),
            new SourceRecord(UNICODE, Integer.MAX_VALUE, Long.MAX_VALUE, json, json, Instant.MAX),
            new SourceRecord("", -1, Long.MAX_VALUE - 1, null, null, Instant.MIN),
            new SourceRecord("t", Integer.MIN_VALUE, Long.MIN_VALUE, null, new byte[70_000], null)),
        List.of(
            new SourceRecord("t", 1, 2, new byte[] {9}, json, NOON),
            new SourceRecord(
                "t", 1, 2, new byte[] {9}, json.clone(), Instant.parse(NOON.toString()))));
  }

  @Test
  void parsedTransactionsBeforeAndAfterEnrichment() throws Exception {
    SourceRecord source =
        new SourceRecord("bank_transactions", 1, Long.MAX_VALUE, null, new byte[0], null);
    Transaction transaction = transaction(NOON, "50.00");
    ParsedTransaction parsed = new ParsedTransaction(transaction, source, null);

    checkCoder(
        ParsedTransactionCoder.of(),
        List.of(
            parsed,
            parsed.withPayer(new LedgerEntry(payer("100.00"), new BigDecimal("10.00"))),
            parsed.withPayer(new LedgerEntry(payer("100.00"), null)),
            new ParsedTransaction(
                transaction(Instant.MAX, "9.99"),
                new SourceRecord(UNICODE, 0, 0, new byte[] {0, -1}, new byte[] {1}, Instant.MIN),
                new LedgerEntry(payer("0"), HUGE))));
  }

  @Test
  void decidedTransactionsWithAndWithoutAKafkaTimestamp() throws Exception {
    Decision approved = new Decision(true, List.of(), 0.1, Map.of("amount", 0.1), "default", 0);
    Decision rejected =
        new Decision(
            false,
            List.of("SALDO", "VELOCIDADE"),
            0.9,
            Map.of("hour", 1.0, "amount", 0.8),
            "seed",
            0);
    byte[] json = " { \"valor_transacao\" : 50.0 } ".getBytes(StandardCharsets.UTF_8);
    SourceRecord read = new SourceRecord("bank_transactions", 0, 7, new byte[] {1}, json, NOON);
    checkCoder(
        DecidedTransactionCoder.of(),
        List.of(
            new DecidedTransaction(transaction(NOON, "50.00"), read, approved, NOON.plusMillis(3)),
            new DecidedTransaction(
                transaction(NOON, "50.00"),
                new SourceRecord("bank_transactions", 0, 7, new byte[] {1}, json, null),
                approved,
                NOON.plusMillis(3)),
            new DecidedTransaction(
                transaction(NOON, "50.00"),
                new SourceRecord("bank_transactions", 0, 7, null, json, NOON),
                approved,
                NOON.plusMillis(3)),
            new DecidedTransaction(transaction(NOON, "50.00"), read, rejected, NOON.plusMillis(3)),
            new DecidedTransaction(
                transaction(Instant.MIN, "0.01"),
                new SourceRecord(
                    UNICODE, Integer.MAX_VALUE, Long.MAX_VALUE, null, new byte[0], Instant.MAX),
                rejected,
                Instant.MAX)),
        List.of(
            new DecidedTransaction(transaction(NOON, "50.00"), read, approved, NOON.plusMillis(3)),
            new DecidedTransaction(
                transaction(NOON, "50.00"),
                new SourceRecord("bank_transactions", 0, 7, new byte[] {1}, json.clone(), NOON),
                approved,
                NOON.plusMillis(3))));

    // The write step's dead letters need the record's bytes as they came in.
    assertThat(
            roundTrip(
                    DecidedTransactionCoder.of(),
                    new DecidedTransaction(transaction(NOON, "50.00"), read, approved, NOON))
                .source()
                .value())
        .isEqualTo(json);
  }

  @Test
  void decodeResultsValidAndInvalidOfEveryReason() throws Exception {
    List<DecodeResult> values = new ArrayList<>();
    values.add(DecodeResult.valid(transaction(NOON, "50.00")));
    values.add(DecodeResult.valid(transaction(Instant.MAX, "0.01")));
    for (ContractViolation.Reason reason : ContractViolation.Reason.values()) {
      values.add(DecodeResult.invalid(new ContractViolation("valor_transacao", reason, UNICODE)));
    }
    values.add(
        DecodeResult.invalid(
            new ContractViolation(
                ContractViolation.DOCUMENT, ContractViolation.Reason.MISSING, "")));

    checkCoder(DecodeResultCoder.of(), values);
  }

  @Test
  void sourcePayloadsAndDecodedRecordsKeepTheBytesAndTheirDecoding() throws Exception {
    TransactionCodec codec = new TransactionCodec();
    byte[] valid = codec.encode(transaction(NOON, "50.00"));
    byte[] spaced =
        (" " + new String(valid, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] invalid = "{\"id_transacao\": 12}".getBytes(StandardCharsets.UTF_8);
    List<SourcePayload> payloads =
        List.of(
            SourcePayload.decode(valid, codec),
            SourcePayload.decode(spaced, codec),
            SourcePayload.decode(invalid, codec),
            SourcePayload.decode(null, codec),
            SourcePayload.decode(new byte[70_000], codec));
    checkCoder(
        SourcePayloadCoder.of(),
        payloads,
        List.of(SourcePayload.decode(valid, codec), SourcePayload.decode(valid.clone(), codec)));

    List<DecodedRecord> records = new ArrayList<>();
    for (SourcePayload payload : payloads) {
      records.add(
          new DecodedRecord(
              new SourceRecord(
                  "bank_transactions", 0, records.size(), new byte[] {1}, payload.bytes(), NOON),
              payload.decoded()));
    }
    records.add(
        DecodedRecord.decode(
            new SourceRecord(UNICODE, -1, Long.MAX_VALUE, null, null, Instant.MIN), codec));
    checkCoder(DecodedRecordCoder.of(), records);
  }

  @Test
  void deadLettersWithOptionalFieldsMissing() throws Exception {
    String longMessage = "é".repeat(100_000);
    checkCoder(
        DeadLetterCoder.of(),
        List.of(
            new DeadLetter(
                "bank_transactions",
                0,
                5,
                null,
                null,
                null,
                "ParseTransactions",
                "MALFORMED_JSON",
                null,
                "not JSON"),
            new DeadLetter(
                "bank_transactions",
                0,
                5,
                new byte[0],
                new byte[0],
                null,
                "ParseTransactions",
                "MALFORMED_JSON",
                null,
                "not JSON"),
            new DeadLetter(
                "bank_transactions",
                0,
                5,
                new byte[] {1, 2},
                new byte[] {3},
                NOON,
                "EnrichTransactions",
                "UNKNOWN_USER",
                "id_usuario_pagador",
                UNICODE),
            new DeadLetter(
                UNICODE,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                null,
                new byte[] {0},
                Instant.MAX,
                "",
                "",
                "",
                longMessage),
            new DeadLetter(
                "t", -1, Long.MIN_VALUE, null, new byte[0], Instant.MIN, "s", "r", UNICODE, "")));
  }

  @Test
  void payerStatesFromNewToExtreme() throws Exception {
    Map<PaymentModality, Double> usual = new EnumMap<>(PaymentModality.class);
    usual.put(PaymentModality.PIX, 3.912023005428146);
    usual.put(PaymentModality.BOLETO, -0.0);
    usual.put(PaymentModality.TED, Double.MAX_VALUE);
    Map<PaymentModality, Double> usualReversed = new LinkedHashMap<>();
    usualReversed.put(PaymentModality.TED, Double.MAX_VALUE);
    usualReversed.put(PaymentModality.BOLETO, -0.0);
    usualReversed.put(PaymentModality.PIX, 3.912023005428146);
    List<Instant> times = List.of(NOON, NOON.plusSeconds(1), NOON.plusNanos(1));
    PayerState.Recent first =
        new PayerState.Recent(NOON, new BigDecimal("10.00"), Region.AC, PaymentModality.PIX, true);
    PayerState.Recent second =
        new PayerState.Recent(
            NOON.plusSeconds(1), new BigDecimal("0.01"), Region.TO, PaymentModality.BOLETO, false);
    PayerState busy =
        new PayerState(
            new BigDecimal("1000.00"),
            new BigDecimal("150.00"),
            times,
            usual,
            List.of(first, second));

    checkCoder(
        PayerStateCoder.of(),
        List.of(
            PayerState.initial(payer("1000.00")),
            PayerState.initial(payer("0")),
            busy,
            new PayerState(
                HUGE,
                NEGATIVE_SCALE,
                List.of(Instant.MIN, Instant.MAX),
                Map.of(PaymentModality.DOC, Double.MIN_VALUE),
                List.of()),
            new PayerState(NEGATIVE_SCALE, BigDecimal.ZERO, List.of(), Map.of(), List.of(second))),
        List.of(
            busy,
            new PayerState(
                new BigDecimal("1000.00"),
                new BigDecimal("150.00"),
                List.of(NOON.plusSeconds(1), NOON.plusNanos(1), NOON),
                usualReversed,
                List.of(second, first))));
  }

  @Test
  void enumsTravelByNameNotByOrdinal() throws Exception {
    byte[] encoded = CoderUtils.encodeToByteArray(TransactionCoder.of(), transaction(NOON, "1.00"));
    // After three UUIDs (48 bytes): the region's UF code, then the modality's name, each after
    // its length.
    assertThat(new String(encoded, 48, 7, StandardCharsets.UTF_8)).isEqualTo("\u0002SP\u0003PIX");
  }

  @Test
  void aTruncatedOrForeignEncodingFailsToDecode() throws Exception {
    byte[] encoded = CoderUtils.encodeToByteArray(TransactionCoder.of(), transaction(NOON, "1.00"));
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 3);
    assertThatThrownBy(() -> TransactionCoder.of().decode(new ByteArrayInputStream(truncated)))
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(EOFException.class);
    encoded[49] = 'X'; // the region "SP" becomes "XP", which is no UF
    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(TransactionCoder.of(), encoded))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("no Region named XP");
  }

  private static Transaction transaction(Instant eventTime, String amount) {
    return new Transaction(
        UUID.nameUUIDFromBytes(eventTime.toString().getBytes(StandardCharsets.UTF_8)),
        PAYER,
        RECEIVER,
        Region.SP,
        PaymentModality.PIX,
        eventTime,
        new BigDecimal(amount));
  }

  private static UserProfile payer(String balance) {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, new BigDecimal("500.00"));
    }
    return user(PAYER, Region.SP, balance, limits, NOON);
  }

  private static UserProfile user(
      UUID id, Region home, String balance, Map<PaymentModality, BigDecimal> limits, Instant at) {
    return new UserProfile(id, home, new BigDecimal(balance), limits, at);
  }

  @Test
  void aPayerStateSurvivesItsCoderAsTheApprovalStepStoresIt() throws CoderException {
    RulesFixtures.Session session =
        new RulesFixtures.Session(RulesFixtures.defaultEngine(), RulesFixtures.aPayer().build());
    session.submit(RulesFixtures.aTransaction().amount("100.00"));
    session.submit(RulesFixtures.aTransaction().modality(PaymentModality.TED).amount("900.00"));

    PayerState state = session.state();
    assertThat(CoderChecks.roundTrip(PayerStateCoder.of(), state)).isEqualTo(state);
  }

  @Test
  void aLongHistoryOfEveryUfAndModalityKeepsEachEntryInAboutTenBytes() throws Exception {
    List<PayerState.Recent> entries = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      entries.add(
          new PayerState.Recent(
              NOON.plusMillis(4_321L * i),
              BigDecimal.valueOf(1 + i * 977L % 500_000, 2),
              Region.values()[i % Region.values().length],
              PaymentModality.values()[i % PaymentModality.values().length],
              i % 3 != 0));
    }
    PayerState full =
        new PayerState(new BigDecimal("1000.00"), BigDecimal.ZERO, List.of(), Map.of(), entries);

    checkCoder(PayerStateCoder.of(), List.of(full));
    assertThat(CoderChecks.roundTrip(PayerStateCoder.of(), full).history())
        .containsExactlyElementsOf(entries);
    assertThat(CoderUtils.encodeToByteArray(PayerStateCoder.of(), full)).hasSizeLessThan(12_000);
  }

  @Test
  void aHistoryOutOfOrderOrWithAnUnknownIndexFailsToDecode() throws Exception {
    Instant whole = Instant.parse("2026-12-05T15:00:00Z"); // no nanoseconds: one byte
    PayerState.Recent early =
        new PayerState.Recent(whole, new BigDecimal("1.00"), Region.SP, PaymentModality.PIX, true);
    PayerState.Recent late =
        new PayerState.Recent(
            whole.plusSeconds(1), new BigDecimal("2.00"), Region.SP, PaymentModality.PIX, true);
    byte[] encoded =
        CoderUtils.encodeToByteArray(
            PayerStateCoder.of(),
            new PayerState(
                BigDecimal.TEN, BigDecimal.ZERO, List.of(), Map.of(), List.of(early, late)));
    // The last entry is (seconds since the one before, nanos, centavos, UF index, modality index
    // and approved), one byte each here: 1, 0, 400 as zigzag (two bytes), 0, 1.
    byte[] backDated = encoded.clone();
    backDated[backDated.length - 6] = 1; // zigzag 1 is minus one second
    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(PayerStateCoder.of(), backDated))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("earlier than the one before it");
    byte[] noSuchUf = encoded.clone();
    noSuchUf[noSuchUf.length - 2] = 5;
    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(PayerStateCoder.of(), noSuchUf))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("no UF or modality at its index");
  }
}
