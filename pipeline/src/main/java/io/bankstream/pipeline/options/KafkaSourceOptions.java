package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the pipeline reads transactions from. */
public interface KafkaSourceOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic of transactions.")
  @Default.String("bank_transactions")
  String getTopic();

  void setTopic(String value);

  @Description("Kafka consumer group; offsets are committed to it when a checkpoint is finalized.")
  @Default.String("bankstream-pipeline")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description(
      "Where a consumer group without committed offsets starts: earliest or latest"
          + " (auto.offset.reset).")
  @Default.String("earliest")
  String getStartFrom();

  void setStartFrom(String value);

  @Description(
      "Kafka client properties file (security.protocol, ssl.*, sasl.*): the place for secrets.")
  String getKafkaConfigFile();

  void setKafkaConfigFile(String value);

  @Description(
      "Time zone a data_horario written without an offset (naive ISO-8601) is read in. The"
          + " seed's own producer ran in UTC containers, so its naive times need UTC here; read"
          + " as America/Sao_Paulo they land three hours ahead.")
  @Default.String("America/Sao_Paulo")
  String getNaiveTimeZone();

  void setNaiveTimeZone(String value);

  @Description(
      "Bounded out-of-orderness of event times, in seconds: the watermark trails the newest event"
          + " time by this much.")
  @Default.Integer(5)
  int getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(int value);
}
