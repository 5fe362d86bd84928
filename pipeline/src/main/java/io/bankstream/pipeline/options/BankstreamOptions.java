package io.bankstream.pipeline.options;

/** Every option of the bankstream pipeline: the source, the sink and the rules. */
public interface BankstreamOptions extends KafkaSourceOptions, PostgresSinkOptions, RulesOptions {}
