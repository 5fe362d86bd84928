package io.bankstream.bench.floor;

import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.PayerState;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The pipeline's {@code DecideTransactions} for one record at a time, with the pipeline's own code:
 * decode with {@link TransactionCodec} (a contract violation is a dead letter of step {@code
 * ParseTransactions}), enrich from the {@link ProfileTable} (an unknown payer or receiver is a dead
 * letter of step {@code EnrichTransactions}, reason {@code UNKNOWN_USER}, worded as the pipeline
 * words it), then decide with {@link ApprovalEngine} against the payer's {@link PayerState}, kept
 * in a {@link HashMap} by payer id and brought up to date from the ledger before each evaluation.
 * Records must come in Kafka order per partition; the topic is keyed by payer, so each payer's
 * transactions are then decided in order, as the pipeline's keyed state decides them.
 */
final class Decider {

  /**
   * An event time further ahead of its record's Kafka time than this stands at the Kafka time, as
   * the pipeline's timestamp policy has it ({@code ReadTransactions.EventTimes}).
   */
  static final long MAX_FUTURE_MILLIS = 5 * 60 * 1000L;

  private static final byte[] EMPTY = new byte[0];

  private final TransactionCodec codec;
  private final Map<UUID, PayerState> payers = new HashMap<>();
  private final ProfileTable profiles;
  private final ApprovalEngine engine;
  private final Clock clock;

  /**
   * @param profiles the users to enrich from
   * @param engine the approval rules
   * @param codec decodes the records, naive event times in its zone
   * @param clock stamps each decision ({@code horario_decisao})
   */
  Decider(ProfileTable profiles, ApprovalEngine engine, TransactionCodec codec, Clock clock) {
    this.profiles = profiles;
    this.engine = engine;
    this.codec = codec;
    this.clock = clock;
  }

  /** Decodes, enriches and decides {@code record}, adding the outcome to {@code batch}. */
  void decide(ConsumerRecord<byte[], byte[]> record, Batch batch) {
    long kafkaMillis = record.timestamp();
    Instant kafkaTime = kafkaMillis >= 0 ? Instant.ofEpochMilli(kafkaMillis) : null;
    byte[] value = record.value() == null ? EMPTY : record.value();
    DecodeResult result = codec.decode(value);
    if (!(result instanceof DecodeResult.Valid valid)) {
      batch.record(record.partition(), Math.max(kafkaMillis, 0));
      batch.add(
          DeadLetter.of(
              source(record, value, kafkaTime),
              DeadLetter.PARSE_STEP,
              ((DecodeResult.Invalid) result).violation()));
      return;
    }
    Transaction tx = valid.transaction();
    batch.record(record.partition(), eventMillis(tx.eventTime(), kafkaMillis));
    LedgerEntry payer = profiles.find(tx.payerId());
    if (payer == null) {
      batch.add(unknownUser(record, value, kafkaTime, TransactionCodec.PAYER_FIELD, tx.payerId()));
      return;
    }
    if (profiles.find(tx.receiverId()) == null) {
      batch.add(
          unknownUser(record, value, kafkaTime, TransactionCodec.RECEIVER_FIELD, tx.receiverId()));
      return;
    }
    PayerState state = PayerState.withLedger(payers.get(tx.payerId()), payer);
    ApprovalEngine.Evaluation evaluation = engine.evaluate(tx, payer.user(), state);
    payers.put(tx.payerId(), evaluation.next());
    batch.add(
        new DecidedTransaction(
            tx, source(record, value, kafkaTime), evaluation.decision(), clock.instant()));
  }

  /** How many payers have state. */
  int payers() {
    return payers.size();
  }

  /**
   * The time a record stands at in event time: its {@code data_horario}, unless that lies more than
   * {@link #MAX_FUTURE_MILLIS} after its Kafka time (then the Kafka time), never before the epoch.
   */
  static long eventMillis(Instant eventTime, long kafkaMillis) {
    long millis = eventTime.toEpochMilli();
    if (kafkaMillis >= 0 && millis > kafkaMillis + MAX_FUTURE_MILLIS) {
      millis = kafkaMillis;
    }
    return Math.max(millis, 0);
  }

  private static DeadLetter unknownUser(
      ConsumerRecord<byte[], byte[]> record,
      byte[] value,
      Instant kafkaTime,
      String field,
      UUID id) {
    String role = field.equals(TransactionCodec.PAYER_FIELD) ? "payer" : "receiver";
    return DeadLetter.of(
        source(record, value, kafkaTime),
        DeadLetter.ENRICH_STEP,
        ContractViolation.Reason.UNKNOWN_USER.name(),
        field,
        field + ": the " + role + " " + id + " is not a user (no row in usuarios)");
  }

  private static SourceRecord source(
      ConsumerRecord<byte[], byte[]> record, byte[] value, Instant kafkaTime) {
    return new SourceRecord(
        record.topic(), record.partition(), record.offset(), record.key(), value, kafkaTime);
  }
}
