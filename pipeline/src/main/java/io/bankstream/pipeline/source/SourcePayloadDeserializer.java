package io.bankstream.pipeline.source;

import io.bankstream.model.SourcePayload;
import io.bankstream.model.json.TransactionCodec;
import java.time.ZoneId;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka reader's value deserializer: keeps a record's value bytes as sent and decodes them once
 * with the contract's codec into a {@link SourcePayload}. KafkaIO hands what it returns both to the
 * timestamp policy (the event time) and downstream (the parse step), so neither parses the JSON
 * again. Never throws for bad input: a value that breaks the contract carries its violation.
 * KafkaIO makes one per reader through the no-argument constructor and configures it with the
 * consumer's properties, where {@link #NAIVE_ZONE_CONFIG} names the zone of naive event times.
 */
public final class SourcePayloadDeserializer implements Deserializer<SourcePayload> {

  /** The consumer property naming the zone a naive {@code data_horario} is read in. */
  public static final String NAIVE_ZONE_CONFIG = "bankstream.naive.time.zone";

  private TransactionCodec codec = new TransactionCodec();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object zone = configs.get(NAIVE_ZONE_CONFIG);
    if (zone != null) {
      codec = new TransactionCodec(ZoneId.of(zone.toString()));
    }
  }

  @Override
  public SourcePayload deserialize(String topic, byte[] data) {
    return SourcePayload.decode(data, codec);
  }
}
