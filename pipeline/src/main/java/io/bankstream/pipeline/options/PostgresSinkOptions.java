package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where decisions and dead letters are written, and where user profiles are read. The password is
 * never an option: it comes from {@code BANKSTREAM_DB_PASSWORD} or the file named here.
 */
public interface PostgresSinkOptions extends PipelineOptions {

  @Description("PostgreSQL JDBC URL; add sslmode etc. as URL parameters.")
  @Default.String("jdbc:postgresql://127.0.0.1:5432/bank")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user.")
  @Default.String("bank_etl")
  String getDbUser();

  void setDbUser(String value);

  @Description(
      "File holding the database password (else the environment variable BANKSTREAM_DB_PASSWORD;"
          + " for a loopback URL with neither, the local stack's development password).")
  String getDbPasswordFile();

  void setDbPasswordFile(String value);

  @Description("Most rows written in one database transaction.")
  @Default.Integer(1000)
  int getWriteBatchSize();

  void setWriteBatchSize(int value);

  @Description("Connections per sink instance.")
  @Default.Integer(2)
  int getMaxPoolSize();

  void setMaxPoolSize(int value);

  @Description("How often the cached user profiles are reloaded, in seconds.")
  @Default.Integer(60)
  int getProfileRefreshSeconds();

  void setProfileRefreshSeconds(int value);
}
