package io.bankstream.pipeline;

import io.bankstream.core.rules.RulesConfig;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.DecodedRecord;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.pipeline.coders.DecodedRecordCoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * Event-time scenarios for the pipeline's logic (parse, enrich, approve) on a {@link TestStream}: a
 * payer's balance across transactions, the velocity window, out-of-order and late events, and the
 * dead letters, with profiles from memory instead of PostgreSQL.
 */
public class DecideTransactionsTest {

  private static final Instant NOON_IN_SAO_PAULO = Instant.parse("2026-03-02T15:00:00Z");
  private static final java.time.Duration ONE_SECOND = java.time.Duration.ofSeconds(1);
  private static final java.time.Duration ONE_MINUTE = java.time.Duration.ofMinutes(1);
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-03-02T15:10:00Z"), ZoneOffset.UTC);
  private static final TransactionCodec CODEC = new TransactionCodec();
  private static final AtomicLong OFFSETS = new AtomicLong();

  private static final UserProfile PAYER = user("1000.00");
  private static final UserProfile RECEIVER = user("50.00");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void aPayerCannotSpendTheSameBalanceTwice() {
    TestStream<DecodedRecord> stream =
        TestStream.create(DecodedRecordCoder.of())
            .addElements(record(pix("400.00", NOON_IN_SAO_PAULO)))
            .addElements(record(pix("500.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE))))
            .addElements(record(pix("200.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE.multipliedBy(2)))))
            .addElements(record(pix("100.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE.multipliedBy(3)))))
            .addElements(record(pix("0.01", NOON_IN_SAO_PAULO.plus(ONE_MINUTE.multipliedBy(4)))))
            .advanceWatermarkToInfinity();

    PCollectionTuple outputs = decide(stream);

    PAssert.that(summaries(outputs))
        .containsInAnyOrder(
            "400.00 approved", "500.00 approved", "200.00 SALDO", "100.00 approved", "0.01 SALDO");
    PAssert.that(outputs.get(DecideTransactions.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void theEleventhTransactionInSixtySecondsIsRejected() {
    TestStream.Builder<DecodedRecord> stream = TestStream.create(DecodedRecordCoder.of());
    for (int i = 0; i < 11; i++) {
      stream =
          stream.addElements(
              record(
                  pix((i + 1) + ".00", NOON_IN_SAO_PAULO.plus(ONE_SECOND.multipliedBy(5L * i)))));
    }
    // 60 s after the first, which has left the window (t - 60 s, t]: the 2nd to the 11th are still
    // in it, and the rejected 11th counts too, as an attempt.
    stream = stream.addElements(record(pix("12.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE))));
    // Two minutes later the window is empty.
    stream =
        stream.addElements(
            record(pix("13.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE.multipliedBy(3)))));

    PCollectionTuple outputs = decide(stream.advanceWatermarkToInfinity());

    PAssert.that(summaries(outputs))
        .containsInAnyOrder(
            "1.00 approved",
            "2.00 approved",
            "3.00 approved",
            "4.00 approved",
            "5.00 approved",
            "6.00 approved",
            "7.00 approved",
            "8.00 approved",
            "9.00 approved",
            "10.00 approved",
            "11.00 VELOCIDADE",
            "12.00 VELOCIDADE",
            "13.00 approved");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void outOfOrderAndLateEventsAreDecidedNotDropped() {
    Instant late = NOON_IN_SAO_PAULO.minus(java.time.Duration.ofHours(2));
    TestStream<DecodedRecord> stream =
        TestStream.create(DecodedRecordCoder.of())
            .addElements(record(pix("100.00", NOON_IN_SAO_PAULO.plus(ONE_MINUTE))))
            // Out of order: earlier event time, later arrival.
            .addElements(record(pix("200.00", NOON_IN_SAO_PAULO)))
            .advanceWatermarkTo(
                org.joda.time.Instant.ofEpochMilli(
                    NOON_IN_SAO_PAULO.plus(ONE_MINUTE.multipliedBy(10)).toEpochMilli()))
            // Late: two hours behind the watermark, and it would overdraw the balance.
            .addElements(record(pix("800.00", late)))
            .advanceWatermarkToInfinity();

    PCollectionTuple outputs = decide(stream);

    PAssert.that(summaries(outputs))
        .containsInAnyOrder("100.00 approved", "200.00 approved", "800.00 SALDO");
    PAssert.that(outputs.get(DecideTransactions.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void badInputAndUnknownUsersBecomeDeadLettersWithTheirReason() {
    Transaction strangerPays =
        new Transaction(
            UUID.randomUUID(),
            UUID.randomUUID(),
            RECEIVER.id(),
            Region.SP,
            PaymentModality.PIX,
            NOON_IN_SAO_PAULO,
            Money.of("10"));
    TestStream<DecodedRecord> stream =
        TestStream.create(DecodedRecordCoder.of())
            .addElements(
                raw("{\"id_transacao\": 12}"),
                raw("not json"),
                record(strangerPays),
                record(pix("10.00", NOON_IN_SAO_PAULO)))
            .advanceWatermarkToInfinity();

    PCollectionTuple outputs = decide(stream);

    PAssert.that(summaries(outputs)).containsInAnyOrder("10.00 approved");
    PAssert.that(
            outputs
                .get(DecideTransactions.DEAD_LETTERS)
                .apply(
                    "DescribeDeadLetters",
                    MapElements.into(TypeDescriptors.strings())
                        .via((DeadLetter d) -> d.step() + " " + d.reason() + " " + d.field())))
        .containsInAnyOrder(
            "ParseTransactions WRONG_TYPE id_transacao",
            "ParseTransactions MALFORMED_JSON $",
            "EnrichTransactions UNKNOWN_USER id_usuario_pagador");
    PAssert.that(
            outputs
                .get(DecideTransactions.DEAD_LETTERS)
                .apply(
                    "DeadLetterPayloads",
                    MapElements.into(TypeDescriptors.strings())
                        .via((DeadLetter d) -> new String(d.payload(), StandardCharsets.UTF_8))))
        .containsInAnyOrder(
            "{\"id_transacao\": 12}",
            "not json",
            new String(CODEC.encode(strangerPays), StandardCharsets.UTF_8));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Decides {@code stream} with the five built-in rules and their defaults; the aggregate limits
   * are left out, as these tests are about the built-in rules through the pipeline.
   */
  private PCollectionTuple decide(TestStream<DecodedRecord> stream) {
    return pipeline
        .apply(stream)
        .apply(
            new DecideTransactions(
                new InMemoryProfileLookup(PAYER, RECEIVER),
                RulesConfig.defaults().withLimits(List.of()),
                FIXED));
  }

  /** "amount approved" or "amount CODE CODE". */
  private static PCollection<String> summaries(PCollectionTuple outputs) {
    return outputs
        .get(DecideTransactions.DECIDED)
        .apply(
            "Summarize",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (DecidedTransaction d) ->
                        d.transaction().amount().toPlainString()
                            + (d.decision().approved()
                                ? " approved"
                                : " " + String.join(" ", d.decision().rejectedBy()))));
  }

  private static Transaction pix(String amount, Instant eventTime) {
    return new Transaction(
        UUID.randomUUID(),
        PAYER.id(),
        RECEIVER.id(),
        Region.SP,
        PaymentModality.PIX,
        eventTime,
        Money.of(amount));
  }

  private static TimestampedValue<DecodedRecord> record(Transaction transaction) {
    return timestamped(CODEC.encode(transaction), transaction.eventTime());
  }

  private static TimestampedValue<DecodedRecord> raw(String json) {
    return timestamped(json.getBytes(StandardCharsets.UTF_8), NOON_IN_SAO_PAULO);
  }

  private static TimestampedValue<DecodedRecord> timestamped(byte[] value, Instant time) {
    SourceRecord record =
        new SourceRecord("bank_transactions", 0, OFFSETS.incrementAndGet(), null, value, time);
    return TimestampedValue.of(
        DecodedRecord.decode(record, CODEC),
        org.joda.time.Instant.ofEpochMilli(time.toEpochMilli()));
  }

  private static UserProfile user(String balance) {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, Money.of("5000"));
    }
    return new UserProfile(UUID.randomUUID(), Region.SP, Money.of(balance), limits, Instant.EPOCH);
  }
}
