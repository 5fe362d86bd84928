package io.bankstream.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.DecodedRecord;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourcePayload;
import io.bankstream.model.Transaction;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The reader's one decoding: the value deserializer keeps the bytes and decodes them, the event
 * time comes from that decoding (the Kafka timestamp for a record that breaks the contract or lies
 * too far ahead), and the element carries bytes, key and decoding on.
 */
class ReadTransactionsTest {

  private static final TransactionCodec CODEC = new TransactionCodec();
  private static final Instant NOON = Instant.parse("2026-03-02T15:00:00Z");
  private static final Instant TEN_MINUTES_LATER = NOON.plusSeconds(600);
  private static final byte[] KEY = "payer".getBytes(StandardCharsets.UTF_8);

  private final SourcePayloadDeserializer deserializer = new SourcePayloadDeserializer();

  @Test
  void theDeserializerKeepsTheBytesAsSentAndTheirDecoding() {
    Transaction tx = transaction(NOON);
    byte[] spaced =
        (" " + new String(CODEC.encode(tx), StandardCharsets.UTF_8) + "\n")
            .getBytes(StandardCharsets.UTF_8);

    SourcePayload payload = deserializer.deserialize("t", spaced);

    assertThat(payload.bytes()).isSameAs(spaced);
    assertThat(payload.decoded()).isEqualTo(DecodeResult.valid(tx));
  }

  @Test
  void aValueThatBreaksTheContractOrIsMissingCarriesItsViolation() {
    SourcePayload notJson = deserializer.deserialize("t", "not json".getBytes());
    SourcePayload tombstone = deserializer.deserialize("t", null);

    assertThat(notJson.decoded().violationIfInvalid().map(ContractViolation::reason))
        .contains(ContractViolation.Reason.MALFORMED_JSON);
    assertThat(tombstone.bytes()).isEmpty();
    assertThat(tombstone.decoded()).isEqualTo(CODEC.decode(new byte[0]));
  }

  @Test
  void theEventTimeIsDataHorarioOfAValidRecord() {
    assertThat(eventTime(CODEC.encode(transaction(NOON)), TEN_MINUTES_LATER)).isEqualTo(NOON);
  }

  @Test
  void aRecordThatBreaksTheContractTakesItsKafkaTimestamp() {
    assertThat(eventTime("{}".getBytes(), TEN_MINUTES_LATER)).isEqualTo(TEN_MINUTES_LATER);
  }

  @Test
  void anEventTimeFarAheadOfItsKafkaTimestampTakesTheKafkaTimestamp() {
    assertThat(eventTime(CODEC.encode(transaction(TEN_MINUTES_LATER)), NOON)).isEqualTo(NOON);
    Instant fourMinutesAhead = NOON.plusSeconds(240);
    assertThat(eventTime(CODEC.encode(transaction(fourMinutesAhead)), NOON))
        .isEqualTo(fourMinutesAhead);
  }

  @Test
  void theElementCarriesTheCoordinatesTheBytesAndTheOneDecoding() {
    byte[] value = CODEC.encode(transaction(NOON));
    KafkaRecord<byte[], SourcePayload> read = kafkaRecord(value, NOON.toEpochMilli());

    DecodedRecord record = new ReadTransactions.ToDecodedRecord().apply(read);

    assertThat(record.decoded()).isSameAs(read.getKV().getValue().decoded());
    assertThat(record.source().value()).isSameAs(value);
    assertThat(record.source().key()).isEqualTo(KEY);
    assertThat(record.source().topic()).isEqualTo("bank_transactions");
    assertThat(record.source().partition()).isEqualTo(1);
    assertThat(record.source().offset()).isEqualTo(42);
    assertThat(record.source().kafkaTimestamp()).isEqualTo(NOON);
    assertThat(new ReadTransactions.ToDecodedRecord().apply(kafkaRecord(value, -1)).source())
        .extracting(source -> source.kafkaTimestamp())
        .isNull();
  }

  private Instant eventTime(byte[] value, Instant kafkaTime) {
    long millis =
        ReadTransactions.EventTimes.of(kafkaRecord(value, kafkaTime.toEpochMilli())).getMillis();
    return Instant.ofEpochMilli(millis);
  }

  private KafkaRecord<byte[], SourcePayload> kafkaRecord(byte[] value, long kafkaMillis) {
    return new KafkaRecord<>(
        "bank_transactions",
        1,
        42,
        kafkaMillis,
        KafkaTimestampType.LOG_APPEND_TIME,
        new RecordHeaders(),
        KEY,
        deserializer.deserialize("bank_transactions", value));
  }

  private static Transaction transaction(Instant eventTime) {
    return new Transaction(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        Region.SP,
        PaymentModality.PIX,
        eventTime,
        Money.of("10.00"));
  }
}
