package io.bankstream.core.startup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the consumer group's committed offsets back to the first record the database does not hold,
 * before the pipeline starts reading.
 *
 * <p>Why: KafkaIO commits an offset when the runner finalizes a checkpoint of its source, and not
 * every runner waits for the steps after the source. The DirectRunner finalizes as soon as a bundle
 * of records has been handed on in memory; killed then, its committed offsets cover records that
 * never reached PostgreSQL, and a restart would skip them. Every record ends in {@code transacoes}
 * or {@code dead_letters} with its partition and offset, so the database knows exactly which
 * offsets are done: for each partition, the first offset below the committed one that is in neither
 * table is where reading must resume. Records between that offset and the committed one that the
 * database already holds are read again and change nothing (both inserts are idempotent). No Kafka
 * or Beam API offers this reconciliation, hence this class.
 */
public final class ResumePoint {

  private static final Logger LOG = LoggerFactory.getLogger(ResumePoint.class);

  /**
   * The offsets of {@code [from, to)} of one partition present in either table; the last offset of
   * the run of consecutive offsets that starts at the lowest one present, and that lowest one.
   */
  private static final String FIRST_RUN =
      """
      WITH seen AS (
          SELECT kafka_offset AS o FROM transacoes
           WHERE kafka_topico = ? AND kafka_particao = ? AND kafka_offset >= ? AND kafka_offset < ?
          UNION
          SELECT kafka_offset FROM dead_letters
           WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset >= ? AND kafka_offset < ?
      ), runs AS (
          SELECT o, lead(o) OVER (ORDER BY o) AS next FROM seen
      )
      SELECT (SELECT min(o) FROM seen) AS first,
             (SELECT min(o) FROM runs WHERE next IS NULL OR next > o + 1) AS run_end
      """;

  private ResumePoint() {}

  /**
   * Rewinds the committed offset of each partition of {@code topic} that is past a record the
   * database does not hold, and logs each rewind. Partitions without a committed offset are left
   * alone (the reader starts from {@code auto.offset.reset}).
   *
   * @param consumer a consumer of the pipeline's group, not subscribed; used to read the topic's
   *     partitions and the committed offsets, and to commit the rewound ones
   * @param database a connection to the pipeline's database
   * @return the rewound partitions with their new offsets
   */
  public static Map<TopicPartition, Long> rewind(
      Consumer<?, ?> consumer, Connection database, String topic) throws SQLException {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    Set<TopicPartition> all = Set.copyOf(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all);
    Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset == null) {
        continue;
      }
      long from = beginnings.getOrDefault(partition, 0L);
      OptionalLong gap = firstMissing(database, partition, from, offset.offset());
      if (gap.isPresent()) {
        LOG.warn(
            "Partition {}: offset {} was committed but the database does not hold offset {};"
                + " resuming from {} (records already written are read again and change nothing)",
            partition,
            offset.offset(),
            gap.getAsLong(),
            gap.getAsLong());
        rewound.put(partition, new OffsetAndMetadata(gap.getAsLong()));
      }
    }
    if (!rewound.isEmpty()) {
      consumer.commitSync(rewound);
    }
    return rewound.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  /**
   * The lowest offset of {@code [from, to)} of {@code partition} in neither {@code transacoes} nor
   * {@code dead_letters}, if any.
   */
  static OptionalLong firstMissing(
      Connection database, TopicPartition partition, long from, long to) throws SQLException {
    if (from >= to) {
      return OptionalLong.empty();
    }
    try (PreparedStatement statement = database.prepareStatement(FIRST_RUN)) {
      for (int table = 0; table < 2; table++) {
        statement.setString(table * 4 + 1, partition.topic());
        statement.setInt(table * 4 + 2, partition.partition());
        statement.setLong(table * 4 + 3, from);
        statement.setLong(table * 4 + 4, to);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        long first = row.getLong("first");
        if (row.wasNull() || first > from) {
          return OptionalLong.of(from);
        }
        long runEnd = row.getLong("run_end");
        return runEnd + 1 < to ? OptionalLong.of(runEnd + 1) : OptionalLong.empty();
      }
    }
  }
}
