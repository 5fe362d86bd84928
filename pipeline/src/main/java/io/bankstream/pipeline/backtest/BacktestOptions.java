package io.bankstream.pipeline.backtest;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** The backtest's options: the database, the candidate, the range and where the report goes. */
public interface BacktestOptions extends PipelineOptions {

  @Description("PostgreSQL JDBC URL of the recorded history.")
  @Default.String("jdbc:postgresql://127.0.0.1:5432/bank")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user.")
  @Default.String("bank_etl")
  String getDbUser();

  void setDbUser(String value);

  @Description(
      "File holding the database password (else BANKSTREAM_DB_PASSWORD; for a loopback URL with"
          + " neither, the local stack's development password).")
  String getDbPasswordFile();

  void setDbPasswordFile(String value);

  @Description("The candidate rules: a YAML rules file, as the pipeline and rules push read it.")
  @Validation.Required
  String getRules();

  void setRules(String value);

  @Description(
      "Start of the range, inclusive: an ISO-8601 instant (2026-12-05T12:00:00Z) or a local"
          + " date-time read in --naiveTimeZone (2026-12-05T09:00).")
  @Validation.Required
  String getFrom();

  void setFrom(String value);

  @Description("End of the range, inclusive, written as --from is.")
  @Validation.Required
  String getTo();

  void setTo(String value);

  @Description("Zone a --from or --to without an offset is read in.")
  @Default.String("America/Sao_Paulo")
  String getNaiveTimeZone();

  void setNaiveTimeZone(String value);

  @Description("Directory the report is written to (backtest.md and backtest.json).")
  @Default.String("backtest-report")
  String getReportDir();

  void setReportDir(String value);

  @Description(
      "The order each payer's history is replayed in: eventTime (the default; independent of how"
          + " the records were partitioned) or arrival (Kafka partition and offset: the order the"
          + " pipeline decided them in, which reproduces the recorded decisions more closely when"
          + " event times arrived out of order).")
  @Default.String("eventTime")
  String getOrder();

  void setOrder(String value);

  @Description("How many examples of flips the report lists.")
  @Default.Integer(20)
  int getExamples();

  void setExamples(int value);
}
