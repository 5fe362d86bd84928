package io.bankstream.bench.floor;

import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Builders for the floor's tests: users, transactions, decisions, Kafka records. */
final class FloorFixtures {

  static final String TOPIC = "bank_transactions";

  /** 2026-03-02 12:00:00 in Sao Paulo: daytime, so no night rule applies. */
  static final Instant NOON = Instant.parse("2026-03-02T15:00:00Z");

  static final Instant ONE_MINUTE_LATER = NOON.plusSeconds(60);

  private static final TransactionCodec CODEC = new TransactionCodec();

  private FloorFixtures() {}

  /** A user of SP with {@code balance} and generous limits. */
  static UserProfile user(String balance) {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, Money.of("100000"));
    }
    return new UserProfile(UUID.randomUUID(), Region.SP, Money.of(balance), limits, NOON);
  }

  static LedgerEntry ledger(UserProfile user) {
    return new LedgerEntry(user, Money.of("0"));
  }

  static Transaction transaction(
      UserProfile payer, UserProfile receiver, String amount, Instant eventTime) {
    return transaction(
        payer.id(), receiver.id(), amount, eventTime, Region.SP, PaymentModality.PIX);
  }

  static Transaction transaction(
      UUID payer,
      UUID receiver,
      String amount,
      Instant eventTime,
      Region region,
      PaymentModality modality) {
    return new Transaction(
        UUID.randomUUID(), payer, receiver, region, modality, eventTime, Money.of(amount));
  }

  static Decision approved() {
    return new Decision(true, List.of(), 0.1234, Map.of("amount", 0.05, "hour", 0.0), "default", 0);
  }

  static Decision rejected(String... codes) {
    return new Decision(false, List.of(codes), 0.9, Map.of("amount", 0.8), "default", 0);
  }

  /** {@code tx} decided as {@code decision}, read at {@code offset} of partition 0. */
  static DecidedTransaction decided(Transaction tx, Decision decision, long offset) {
    SourceRecord source =
        new SourceRecord(
            TOPIC,
            0,
            offset,
            tx.payerId().toString().getBytes(StandardCharsets.UTF_8),
            CODEC.encode(tx),
            tx.eventTime().plusMillis(20));
    return new DecidedTransaction(tx, source, decision, tx.eventTime().plusMillis(45));
  }

  /** A Kafka record of partition 0 at {@code offset}, appended at {@code timestamp}. */
  static ConsumerRecord<byte[], byte[]> record(long offset, Instant timestamp, byte[] value) {
    byte[] key = "key".getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>(
        TOPIC,
        0,
        offset,
        timestamp.toEpochMilli(),
        TimestampType.CREATE_TIME,
        key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }
}
