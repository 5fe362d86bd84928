package io.bankstream.pipeline.source;

import io.bankstream.model.SourcePayload;
import io.bankstream.model.json.TransactionCodec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka reader's value deserializer: keeps a record's value bytes as sent and decodes them once
 * with the contract's codec into a {@link SourcePayload}. KafkaIO hands what it returns both to the
 * timestamp policy (the event time) and downstream (the parse step), so neither parses the JSON
 * again. Never throws for bad input: a value that breaks the contract carries its violation.
 * KafkaIO makes one per reader through the no-argument constructor.
 */
public final class SourcePayloadDeserializer implements Deserializer<SourcePayload> {

  private final TransactionCodec codec = new TransactionCodec();

  @Override
  public SourcePayload deserialize(String topic, byte[] data) {
    return SourcePayload.decode(data, codec);
  }
}
