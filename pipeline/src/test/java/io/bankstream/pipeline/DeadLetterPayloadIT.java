package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bankstream.model.DeadLetter;
import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.json.TransactionCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure keeps what came in: records laid out as no encoder would write them (whitespace, fields
 * out of order, lower-case codes, a naive local time, an unknown extra field), keyed with the
 * payer's id in upper case, fail in every step that can refuse one (parse, enrich, and the write:
 * an id already written from another record, a debit the database refuses), and each dead letter's
 * payload and key are byte for byte what was produced. Runs the whole pipeline on the DirectRunner
 * against the real local stack.
 */
class DeadLetterPayloadIT {

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final TransactionCodec CODEC = new TransactionCodec();

  /** 2026-03-02 12:00 in Sao Paulo: daytime, so no night rule applies. */
  private static final Instant NOON_IN_SAO_PAULO = Instant.parse("2026-03-02T15:00:00Z");

  @RegisterExtension static final StackHarness harness = StackHarness.onOwnStack();

  @Test
  void everyDeadLetterCarriesTheProducedBytesAndKey() throws Exception {
    UserProfile payer = user();
    UserProfile receiver = user();
    UserProfile broke = user();
    try (Connection connection = harness.connect()) {
      UserProfiles.insertAll(connection, List.of(payer, receiver, broke));
    }
    Transaction written = pix(payer, receiver, "10.00");
    byte[] notJson = " not json, {\"valor_transacao\": 1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] strangerPays = oddLayout(pix(user(), receiver, "2.00"));
    List<Produced> produced = new ArrayList<>();

    PipelineResult pipeline = harness.startPipeline("dead-letter-payload-it");
    try {
      // First the profiles' copy is loaded (the stranger's miss reloads it once), then the
      // broke payer's balance is taken away behind the pipeline's back, so that its next debit
      // passes the rules but not the database's check constraint.
      produced.add(send(payer, CODEC.encode(written)));
      produced.add(send(payer, notJson));
      produced.add(send(payer, strangerPays));
      StackHarness.awaitUntil(
          DEADLINE,
          "the first transaction written and two dead letters",
          () ->
              harness.count("SELECT count(*) FROM transacoes") == 1
                  && harness.count("SELECT count(*) FROM dead_letters") == 2,
          () -> harness.progress(pipeline));
      try (Connection connection = harness.connect();
          PreparedStatement empty =
              connection.prepareStatement("UPDATE usuarios SET saldo = 0 WHERE id_usuario = ?")) {
        empty.setObject(1, broke.id());
        assertThat(empty.executeUpdate()).isOne();
      }

      byte[] sameIdAgain = oddLayout(written);
      byte[] overdraws = oddLayout(pix(broke, receiver, "1.00"));
      produced.add(send(payer, sameIdAgain));
      produced.add(send(broke, overdraws));
      StackHarness.awaitUntil(
          DEADLINE,
          "four dead letters",
          () -> harness.count("SELECT count(*) FROM dead_letters") == 4,
          () -> harness.progress(pipeline));

      for (byte[] odd : List.of(strangerPays, sameIdAgain, overdraws)) {
        assertThat(CODEC.encode(CODEC.decode(odd).transactionIfValid().orElseThrow()))
            .as("a re-encoding would not give the bytes back")
            .isNotEqualTo(odd);
      }
      assertThat(deadLetters())
          .containsExactlyInAnyOrder(
              tuple(DeadLetter.PARSE_STEP, "MALFORMED_JSON", produced.get(1)),
              tuple(DeadLetter.ENRICH_STEP, "UNKNOWN_USER", produced.get(2)),
              tuple(DeadLetter.WRITE_STEP, "DUPLICATE_TRANSACTION_ID", produced.get(3)),
              tuple(DeadLetter.WRITE_STEP, "DATABASE_REFUSED", produced.get(4)));
    } finally {
      pipeline.cancel();
    }
  }

  /**
   * A record's key and value, each byte one character (ISO-8859-1 maps bytes to characters one to
   * one), so that records compare byte for byte and print readably.
   */
  private record Produced(String key, String value) {
    static Produced of(byte[] key, byte[] value) {
      return new Produced(
          new String(key, StandardCharsets.ISO_8859_1),
          new String(value, StandardCharsets.ISO_8859_1));
    }
  }

  /** Sends {@code value} keyed with the payer's id in upper case, and waits for the broker. */
  private static Produced send(UserProfile payer, byte[] value) throws Exception {
    byte[] key = payer.id().toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.stack().kafkaBootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(harness.stack().topic(), key, value)).get();
    }
    return Produced.of(key, value);
  }

  /** Step, reason, and the key and payload as stored, of every dead letter. */
  private static List<org.assertj.core.groups.Tuple> deadLetters() throws SQLException {
    List<org.assertj.core.groups.Tuple> rows = new ArrayList<>();
    try (Connection connection = harness.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT step, reason, kafka_key, payload FROM dead_letters");
        ResultSet found = select.executeQuery()) {
      while (found.next()) {
        rows.add(
            tuple(
                found.getString(1),
                found.getString(2),
                Produced.of(found.getBytes(3), found.getBytes(4))));
      }
    }
    return rows;
  }

  /**
   * {@code tx} as a producer other than ours may write it: the contract allows all of this, and the
   * codec's own encoding would change every part of it.
   */
  private static byte[] oddLayout(Transaction tx) {
    String json =
        "{\n  \"valor_transacao\" : "
            + tx.amount().toPlainString()
            + ",\n  \"origem\": {\"canal\": \"app\", \"versao\": [1, 2.5, null]},"
            + "\"modalidade_pagamento\":\""
            + tx.modality().name().toLowerCase(Locale.ROOT)
            + "\", \"id_regiao\": \""
            + tx.region().name().toLowerCase(Locale.ROOT)
            + "\",\t\"data_horario\": \"2026-03-02 12:00:00\","
            + " \"id_usuario_recebedor\": \""
            + tx.receiverId()
            + "\", \"id_usuario_pagador\": \""
            + tx.payerId()
            + "\", \"id_transacao\": \""
            + tx.id()
            + "\" }\r\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static Transaction pix(UserProfile payer, UserProfile receiver, String amount) {
    return new Transaction(
        UUID.randomUUID(),
        payer.id(),
        receiver.id(),
        Region.SP,
        PaymentModality.PIX,
        NOON_IN_SAO_PAULO,
        Money.of(amount));
  }

  /** A user of SP with a balance of 1,000.00 and limits of 5,000.00. */
  private static UserProfile user() {
    Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
    for (PaymentModality modality : PaymentModality.values()) {
      limits.put(modality, Money.of("5000"));
    }
    return new UserProfile(
        UUID.randomUUID(),
        Region.SP,
        Money.of("1000"),
        limits,
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
