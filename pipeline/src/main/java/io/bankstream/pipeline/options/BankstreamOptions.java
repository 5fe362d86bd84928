package io.bankstream.pipeline.options;

/**
 * Every option of the bankstream pipeline: the source, the sinks, the rules, the statistics, and
 * how it is submitted.
 */
public interface BankstreamOptions
    extends KafkaSourceOptions,
        PostgresSinkOptions,
        RulesOptions,
        StatsOptions,
        SeedRedisOptions,
        SubmitOptions,
        ReportOptions {}
