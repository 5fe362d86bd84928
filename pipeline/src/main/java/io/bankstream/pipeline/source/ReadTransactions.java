package io.bankstream.pipeline.source;

import io.bankstream.model.DecodedRecord;
import io.bankstream.model.SourcePayload;
import io.bankstream.model.SourceRecord;
import io.bankstream.pipeline.coders.DecodedRecordCoder;
import io.bankstream.pipeline.coders.SourcePayloadCoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;

/**
 * Reads the transactions topic with Beam's KafkaIO (the legacy unbounded read, which every runner
 * here supports) and emits each record as a {@link DecodedRecord}: its partition, offset, Kafka
 * timestamp, key and value bytes, and what the contract's codec made of the value. The value is
 * decoded once, by the reader's {@link SourcePayloadDeserializer}; the event time and the parse
 * step both use that decoding. Offsets are committed to the consumer group when the runner
 * finalizes a checkpoint. Each element's event time is its {@code data_horario}, with a watermark
 * that trails the newest event time by a bounded out-of-orderness.
 */
public final class ReadTransactions extends PTransform<PBegin, PCollection<DecodedRecord>> {

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
  public PCollection<DecodedRecord> expand(PBegin input) {
    return input
        .apply(
            "ReadFromKafka",
            KafkaIO.<byte[], SourcePayload>read()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                // KafkaIO deserializes before it asks the timestamp policy, so the policy and
                // every step after it see this one decoding.
                .withValueDeserializerAndCoder(
                    SourcePayloadDeserializer.class, SourcePayloadCoder.of())
                .withConsumerConfigUpdates(consumerConfig)
                .commitOffsetsInFinalize()
                .withTimestampPolicyFactory(eventTimePolicy(maxOutOfOrderness)))
        .apply("ToDecodedRecords", MapElements.via(new ToDecodedRecord()))
        .setCoder(DecodedRecordCoder.of());
  }

  /** Event time from {@code data_horario}; the watermark trails the newest one by {@code delay}. */
  static TimestampPolicyFactory<byte[], SourcePayload> eventTimePolicy(Duration delay) {
    return (partition, previousWatermark) ->
        new CustomTimestampPolicyWithLimitedDelay<>(EventTimes::of, delay, previousWatermark);
  }

  /** The Kafka record with its coordinates, its bytes and their decoding, as one element. */
  static final class ToDecodedRecord
      extends SimpleFunction<KafkaRecord<byte[], SourcePayload>, DecodedRecord> {
    @Override
    public DecodedRecord apply(KafkaRecord<byte[], SourcePayload> record) {
      SourcePayload payload = record.getKV().getValue();
      SourceRecord source =
          new SourceRecord(
              record.getTopic(),
              record.getPartition(),
              record.getOffset(),
              record.getKV().getKey(),
              payload.bytes(),
              record.getTimestamp() >= 0 ? Instant.ofEpochMilli(record.getTimestamp()) : null,
              label(record.getHeaders()));
      return new DecodedRecord(source, payload.decoded());
    }
  }

  /** The producer's label header as text, null if there is none or it is not UTF-8. */
  static String label(Headers headers) {
    Header label = headers == null ? null : headers.lastHeader(SourceRecord.LABEL_HEADER);
    if (label == null || label.value() == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(label.value())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The event time of a Kafka record, for the timestamp policy. */
  static final class EventTimes {

    /** Event times further ahead of the record's Kafka time than this are not believed. */
    static final long MAX_FUTURE_MILLIS = 5 * 60 * 1000L;

    private EventTimes() {}

    /**
     * {@code data_horario} of a valid record; the Kafka timestamp for a record that breaks the
     * contract (it becomes a dead letter) or whose event time lies more than five minutes ahead of
     * it (one bad clock must not push the watermark into the future for everybody).
     */
    static org.joda.time.Instant of(KafkaRecord<byte[], SourcePayload> record) {
      long kafkaMillis = record.getTimestamp();
      long eventMillis =
          record
              .getKV()
              .getValue()
              .decoded()
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
