package io.bankstream.pipeline.source;

import io.bankstream.model.SourceRecord;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.pipeline.coders.SourceRecordCoder;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;

/**
 * Reads the transactions topic with Beam's KafkaIO (the legacy unbounded read, which every runner
 * here supports) and emits each record as a {@link SourceRecord}, keeping its partition, offset and
 * Kafka timestamp. Offsets are committed to the consumer group when the runner finalizes a
 * checkpoint. Each element's event time is its {@code data_horario}, with a watermark that trails
 * the newest event time by a bounded out-of-orderness.
 */
public final class ReadTransactions extends PTransform<PBegin, PCollection<SourceRecord>> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> consumerConfig;
  private final Duration maxOutOfOrderness;

  /**
   * @param consumerConfig Kafka consumer properties: group.id, auto.offset.reset, security
   * @param maxOutOfOrderness how far the watermark trails the newest event time
   */
  public ReadTransactions(
      String bootstrapServers,
      String topic,
      Map<String, Object> consumerConfig,
      Duration maxOutOfOrderness) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    return input
        .apply(
            "ReadFromKafka",
            KafkaIO.<byte[], byte[]>read()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializer(ByteArrayDeserializer.class)
                .withConsumerConfigUpdates(consumerConfig)
                .commitOffsetsInFinalize()
                .withTimestampPolicyFactory(eventTimePolicy(maxOutOfOrderness)))
        .apply("ToSourceRecords", MapElements.via(new ToSourceRecord()))
        .setCoder(SourceRecordCoder.of());
  }

  /** Event time from {@code data_horario}; the watermark trails the newest one by {@code delay}. */
  static TimestampPolicyFactory<byte[], byte[]> eventTimePolicy(Duration delay) {
    return (partition, previousWatermark) ->
        new CustomTimestampPolicyWithLimitedDelay<>(EventTimes::of, delay, previousWatermark);
  }

  private static final class ToSourceRecord
      extends SimpleFunction<KafkaRecord<byte[], byte[]>, SourceRecord> {
    @Override
    public SourceRecord apply(KafkaRecord<byte[], byte[]> record) {
      return new SourceRecord(
          record.getTopic(),
          record.getPartition(),
          record.getOffset(),
          record.getKV().getKey(),
          record.getKV().getValue(),
          record.getTimestamp() >= 0 ? Instant.ofEpochMilli(record.getTimestamp()) : null);
    }
  }

  /** The event time of a Kafka record, for the timestamp policy. */
  static final class EventTimes {

    /** Event times further ahead of the record's Kafka time than this are not believed. */
    static final long MAX_FUTURE_MILLIS = 5 * 60 * 1000L;

    private static final TransactionCodec CODEC = new TransactionCodec();

    private EventTimes() {}

    /**
     * {@code data_horario} of a valid record; the Kafka timestamp for a record that breaks the
     * contract (it becomes a dead letter) or whose event time lies more than five minutes ahead of
     * it (one bad clock must not push the watermark into the future for everybody).
     */
    static org.joda.time.Instant of(KafkaRecord<byte[], byte[]> record) {
      long kafkaMillis = record.getTimestamp();
      long eventMillis =
          CODEC
              .decode(record.getKV().getValue())
              .transactionIfValid()
              .map(transaction -> transaction.eventTime().toEpochMilli())
              .orElse(kafkaMillis);
      if (kafkaMillis >= 0 && eventMillis > kafkaMillis + MAX_FUTURE_MILLIS) {
        eventMillis = kafkaMillis;
      }
      return new org.joda.time.Instant(Math.max(eventMillis, 0));
    }
  }
}
