package io.bankstream.core.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumePoint} against a real broker and database: a committed offset past a record that is
 * in neither {@code transacoes} nor {@code dead_letters} is moved back to that record; otherwise
 * the group is left as it is.
 */
class ResumePointIT {

  private static final String TOPIC = "resume_point";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final UUID PAYER = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID RECEIVER = UUID.fromString("00000000-0000-0000-0000-000000000002");

  private static LocalStack stack;
  private static Connection database;
  private String group;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.builder().topic(TOPIC, 2).start();
    database =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
    try (Statement statement = database.createStatement()) {
      statement.execute(
          "INSERT INTO usuarios (id_usuario, id_regiao, saldo, limite_pix, limite_ted, limite_doc,"
              + " limite_boleto) VALUES ('"
              + PAYER
              + "', 'SP', 100, 100, 100, 100, 100), ('"
              + RECEIVER
              + "', 'RJ', 100, 100, 100, 100, 100)");
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int partition = 0; partition < 2; partition++) {
        for (int i = 0; i < 20; i++) {
          producer.send(new ProducerRecord<>(TOPIC, partition, null, new byte[] {'x'})).get();
        }
      }
    }
  }

  @AfterAll
  static void stopStack() throws SQLException {
    if (database != null) {
      database.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    group = "group-" + UUID.randomUUID();
    try (Statement statement = database.createStatement()) {
      statement.execute("TRUNCATE transacoes, dead_letters");
    }
  }

  @Test
  void leavesTheGroupAloneWhenTheDatabaseHoldsEveryCommittedRecord() throws Exception {
    deadLetters(P0, LongStream.range(0, 6));
    decisions(P0, LongStream.range(6, 10));
    deadLetters(P1, LongStream.range(0, 15)); // The database may be ahead of the commit.
    commit(Map.of(P0, 10L, P1, 10L));

    assertThat(rewind()).isEmpty();
    assertThat(committed()).containsEntry(P0, 10L).containsEntry(P1, 10L);
  }

  @Test
  void movesTheCommitBackToTheFirstRecordInNeitherTable() throws Exception {
    decisions(P0, LongStream.range(0, 4));
    deadLetters(P0, LongStream.of(5, 6, 8, 9));
    decisions(P1, LongStream.range(0, 12));
    commit(Map.of(P0, 10L, P1, 12L));

    assertThat(rewind()).isEqualTo(Map.of(P0, 4L));
    assertThat(committed()).containsEntry(P0, 4L).containsEntry(P1, 12L);
  }

  @Test
  void movesTheCommitBackToTheStartWhenTheFirstRecordIsMissing() throws Exception {
    deadLetters(P0, LongStream.range(1, 10));
    commit(Map.of(P0, 10L, P1, 3L));

    assertThat(rewind()).isEqualTo(Map.of(P0, 0L, P1, 0L));
  }

  @Test
  void leavesPartitionsWithoutACommittedOffsetToTheResetPolicy() throws Exception {
    assertThat(rewind()).isEmpty();
    assertThat(committed()).isEmpty();
  }

  @Test
  void countsOnlyTheRecordsOfItsOwnTopic() throws Exception {
    deadLetters(new TopicPartition("another_topic", 0), LongStream.range(0, 10));
    commit(Map.of(P0, 10L));

    assertThat(rewind()).isEqualTo(Map.of(P0, 0L));
  }

  private Map<TopicPartition, Long> rewind() throws SQLException {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return ResumePoint.rewind(consumer, database, TOPIC);
    }
  }

  private void commit(Map<TopicPartition, Long> offsets) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
      offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
      consumer.commitSync(commits);
    }
  }

  private Map<TopicPartition, Long> committed() {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
      consumer
          .committed(Set.of(P0, P1))
          .forEach(
              (partition, offset) -> {
                if (offset != null) {
                  offsets.put(partition, offset.offset());
                }
              });
      return offsets;
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static void deadLetters(TopicPartition partition, LongStream offsets)
      throws SQLException {
    try (PreparedStatement insert =
        database.prepareStatement(
            "INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, payload, step,"
                + " reason, error_message) VALUES (?, ?, ?, '\\x78', 'parse', 'MALFORMED_JSON',"
                + " 'test')")) {
      for (long offset : offsets.toArray()) {
        insert.setString(1, partition.topic());
        insert.setInt(2, partition.partition());
        insert.setLong(3, offset);
        insert.executeUpdate();
      }
    }
  }

  private static void decisions(TopicPartition partition, LongStream offsets) throws SQLException {
    try (PreparedStatement insert =
        database.prepareStatement(
            "INSERT INTO transacoes (id_transacao, id_usuario_pagador, id_usuario_recebedor,"
                + " id_regiao, modalidade_pagamento, data_horario, valor_transacao,"
                + " transacao_aprovada, score_risco, perfil_regras, kafka_topico, kafka_particao,"
                + " kafka_offset, horario_decisao) VALUES (?, ?, ?, 'SP', 'PIX', now(), 1, true,"
                + " 0, 'test', ?, ?, ?, now())")) {
      for (long offset : offsets.toArray()) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, PAYER);
        insert.setObject(3, RECEIVER);
        insert.setString(4, partition.topic());
        insert.setInt(5, partition.partition());
        insert.setLong(6, offset);
        insert.executeUpdate();
      }
    }
  }
}
