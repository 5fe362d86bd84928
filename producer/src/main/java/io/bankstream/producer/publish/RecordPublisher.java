package io.bankstream.producer.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records to one topic with an idempotent producer ({@code acks=all}), batched for
 * throughput, each with a header naming what it is. Counts what was sent, acknowledged and failed,
 * and keeps the last failure for the progress line; never throws for a failed send.
 *
 * <p>While the broker is gone, records wait in the client's buffer and are retried by the client
 * (idempotent: none is written twice) until each is {@link #DELIVERY_TIMEOUT} old; a record still
 * not acknowledged then fails and is counted. So an outage of 30 s loses nothing, and one longer
 * than about two minutes fails the records sent in its first part (docs/guarantees.md).
 */
public final class RecordPublisher implements AutoCloseable {

  /**
   * How long the client tries to deliver a record, retries included (Kafka's default, stated here
   * because the outage a run survives depends on it).
   */
  static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

  /**
   * How long a send may block when the buffer is full or the topic's partitions are not known
   * (Kafka's default); the record then fails and is counted.
   */
  static final Duration MAX_BLOCK = Duration.ofMinutes(1);

  private final KafkaProducer<String, byte[]> producer;
  private final String bootstrapServers;
  private final String topic;
  private final String labelHeader;
  private final Map<String, byte[]> labelBytes = new HashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Callback callback =
      (metadata, error) -> {
        if (error == null) {
          acknowledged.incrementAndGet();
        } else {
          failed.incrementAndGet();
          lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
        }
      };

  /**
   * @param clientProperties bootstrap servers and any security settings
   * @param topic where every record goes
   * @param labelHeader name of the header carrying each record's label
   */
  public RecordPublisher(Map<String, Object> clientProperties, String topic, String labelHeader) {
    Map<String, Object> config = new HashMap<>();
    // Tuned for throughput without giving up delivery guarantees; overridable by the caller.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "bankstream-producer");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
    config.putAll(clientProperties);
    this.bootstrapServers = String.valueOf(config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.labelHeader = labelHeader;
  }

  /** Sends one record asynchronously; blocks only while the producer's buffer is full. */
  public void send(String key, byte[] value, String label) {
    byte[] labelValue = labelBytes.computeIfAbsent(label, l -> l.getBytes(StandardCharsets.UTF_8));
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(labelHeader, labelValue));
    producer.send(new ProducerRecord<>(topic, null, key, value, headers), callback);
    sent.incrementAndGet();
  }

  /** Waits until every record sent so far is acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  public long sent() {
    return sent.get();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Where the records go, for the lines that say Kafka does not answer. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The most recent send failure, or null. */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
