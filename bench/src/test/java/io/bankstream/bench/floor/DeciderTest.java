package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.ledger;
import static io.bankstream.bench.floor.FloorFixtures.record;
import static io.bankstream.bench.floor.FloorFixtures.transaction;
import static io.bankstream.bench.floor.FloorFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeciderTest {

  private static final Instant APPENDED = NOON.plusMillis(30);
  private static final Instant DECIDED_AT = NOON.plusMillis(70);
  private static final TransactionCodec CODEC = new TransactionCodec();

  private final UserProfile payer = user("100.00");
  private final UserProfile receiver = user("0.00");
  private final ProfileTable profiles =
      new ProfileTable(() -> List.of(), Duration.ofHours(1), () -> 0L);
  private final Decider decider =
      new Decider(
          profiles,
          new ApprovalEngine(RulesConfig.defaults()),
          new TransactionCodec(),
          Clock.fixed(DECIDED_AT, ZoneOffset.UTC));
  private final Batch batch = new Batch(10);

  DeciderTest() {
    profiles.load(List.of(ledger(payer), ledger(receiver)));
  }

  @Test
  void aValidRecordIsDecidedWithItsKafkaCoordinatesAndTimes() {
    Transaction tx = transaction(payer, receiver, "60.00", NOON);

    decider.decide(record(7, APPENDED, CODEC.encode(tx)), batch);

    assertThat(batch.deadLetters()).isEmpty();
    DecidedTransaction decided = batch.decided().get(0);
    assertThat(decided.transaction()).isEqualTo(tx);
    assertThat(decided.decision().approved()).isTrue();
    assertThat(decided.topic()).isEqualTo(FloorFixtures.TOPIC);
    assertThat(decided.offset()).isEqualTo(7);
    assertThat(decided.kafkaTimestamp()).isEqualTo(APPENDED);
    assertThat(decided.decidedAt()).isEqualTo(DECIDED_AT);
    assertThat(batch.maxEventMillis(0)).isEqualTo(NOON.toEpochMilli());
  }

  @Test
  void thePayersStateCarriesOverSoTheSameBalanceCannotBeSpentTwice() {
    decider.decide(
        record(1, APPENDED, CODEC.encode(transaction(payer, receiver, "60.00", NOON))), batch);
    decider.decide(
        record(
            2, APPENDED, CODEC.encode(transaction(payer, receiver, "60.00", NOON.plusSeconds(1)))),
        batch);

    assertThat(batch.decided().get(0).decision().approved()).isTrue();
    assertThat(batch.decided().get(1).decision().rejectedBy()).contains("SALDO");
    assertThat(decider.payers()).isEqualTo(1);
  }

  @Test
  void aRecordThatBreaksTheContractIsTheParseStepsDeadLetter() {
    byte[] value = "{\"id_transacao\": 1".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> record = record(3, APPENDED, value);

    decider.decide(record, batch);

    SourceRecord source =
        new SourceRecord(FloorFixtures.TOPIC, 0, 3, record.key(), value, APPENDED);
    DeadLetter expected =
        DeadLetter.of(
            source,
            DeadLetter.PARSE_STEP,
            ((DecodeResult.Invalid) CODEC.decode(value)).violation());
    assertThat(batch.deadLetters()).containsExactly(expected);
    assertThat(batch.decided()).isEmpty();
    assertThat(batch.records()).isEqualTo(1);
  }

  @Test
  void aTombstoneIsADeadLetterWithAnEmptyPayload() {
    decider.decide(record(4, APPENDED, null), batch);

    assertThat(batch.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.step()).isEqualTo(DeadLetter.PARSE_STEP);
              assertThat(letter.payload()).isEmpty();
            });
  }

  @Test
  void anUnknownPayerOrReceiverIsTheEnrichStepsDeadLetterWordedAsThePipelineWordsIt() {
    UUID stranger = UUID.randomUUID();
    Transaction unknownPayer =
        transaction(stranger, receiver.id(), "1.00", NOON, payer.homeRegion(), PaymentModality.PIX);
    Transaction unknownReceiver =
        transaction(payer.id(), stranger, "1.00", NOON, payer.homeRegion(), PaymentModality.PIX);

    decider.decide(record(5, APPENDED, CODEC.encode(unknownPayer)), batch);
    decider.decide(record(6, APPENDED, CODEC.encode(unknownReceiver)), batch);

    assertThat(batch.deadLetters())
        .extracting(DeadLetter::step, DeadLetter::reason, DeadLetter::field, DeadLetter::message)
        .containsExactly(
            tuple(
                DeadLetter.ENRICH_STEP,
                "UNKNOWN_USER",
                TransactionCodec.PAYER_FIELD,
                "id_usuario_pagador: the payer "
                    + stranger
                    + " is not a user (no row in usuarios)"),
            tuple(
                DeadLetter.ENRICH_STEP,
                "UNKNOWN_USER",
                TransactionCodec.RECEIVER_FIELD,
                "id_usuario_recebedor: the receiver "
                    + stranger
                    + " is not a user (no row in usuarios)"));
    assertThat(batch.decided()).isEmpty();
  }

  @Test
  void anEventTimeFarAheadOfTheKafkaTimeStandsAtTheKafkaTimeInTheWatermark() {
    Instant farAhead = APPENDED.plus(Duration.ofMinutes(6));

    assertThat(Decider.eventMillis(farAhead, APPENDED.toEpochMilli()))
        .isEqualTo(APPENDED.toEpochMilli());
    assertThat(Decider.eventMillis(NOON, APPENDED.toEpochMilli())).isEqualTo(NOON.toEpochMilli());
    assertThat(Decider.eventMillis(NOON, -1)).isEqualTo(NOON.toEpochMilli());
  }
}
