package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The windowed statistics and where they go: Redis for the live view, PostgreSQL for history. The
 * Redis password is never an option: it comes from {@code BANKSTREAM_REDIS_PASSWORD} or the file
 * named here.
 */
public interface StatsOptions extends PipelineOptions {

  @Description("Length of the event-time windows, in seconds.")
  @Default.Integer(60)
  int getWindowSeconds();

  void setWindowSeconds(int value);

  @Description("How late, in minutes, an event may be and still update its window.")
  @Default.Integer(10)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description("Seconds of processing time between early results of an open window.")
  @Default.Integer(5)
  int getEarlyFiringSeconds();

  void setEarlyFiringSeconds(int value);

  @Description("Redis host for the live statistics.")
  @Default.String("127.0.0.1")
  String getRedisHost();

  void setRedisHost(String value);

  @Description("Redis port.")
  @Default.Integer(6379)
  int getRedisPort();

  void setRedisPort(int value);

  @Description("Use TLS to Redis.")
  @Default.Boolean(false)
  boolean getRedisSsl();

  void setRedisSsl(boolean value);

  @Description(
      "PEM file of the CA certificates that sign Redis's TLS certificate (with --redisSsl=true);"
          + " else the JVM's trust store. The certificate must also name --redisHost.")
  String getRedisCaFile();

  void setRedisCaFile(String value);

  @Description(
      "File holding the Redis password (else the environment variable BANKSTREAM_REDIS_PASSWORD;"
          + " none if neither).")
  String getRedisPasswordFile();

  void setRedisPasswordFile(String value);

  @Description("Time to live of every Redis key, in minutes, renewed on each write.")
  @Default.Integer(120)
  int getStatsTtlMinutes();

  void setStatsTtlMinutes(int value);

  @Description("How many latest transactions and latest rejections Redis keeps.")
  @Default.Integer(100)
  int getLatestCap();

  void setLatestCap(int value);
}
