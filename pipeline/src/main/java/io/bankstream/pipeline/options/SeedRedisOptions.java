package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The seed's Redis layout, off by default: with {@code --seedRedisLayout=true} the pipeline also
 * writes each decided transaction as the seed's Spark job did (the sorted set {@code
 * recent_transactions} and a hash {@code transacoes:<id>}), so that the seed's own dashboard can
 * read bankstream's Redis (the one of {@link StatsOptions}). See docs/statistics.md.
 */
public interface SeedRedisOptions extends PipelineOptions {

  @Description(
      "Also write the seed's Redis layout: the sorted set recent_transactions and a hash"
          + " transacoes:<id> per recent transaction.")
  @Default.Boolean(false)
  boolean getSeedRedisLayout();

  void setSeedRedisLayout(boolean value);

  @Description("How many of the most recent transactions recent_transactions keeps (with hashes).")
  @Default.Integer(100)
  int getSeedRedisRecent();

  void setSeedRedisRecent(int value);

  @Description(
      "Time to live of recent_transactions and of each transacoes:<id> hash, in minutes, renewed"
          + " on each write.")
  @Default.Integer(120)
  int getSeedRedisTtlMinutes();

  void setSeedRedisTtlMinutes(int value);
}
