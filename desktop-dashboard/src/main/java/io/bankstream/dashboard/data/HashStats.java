package io.bankstream.dashboard.data;

import io.bankstream.model.stats.RedisKeys;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one statistics hash of the {@link RedisKeys} layout into a {@link GroupStats}: {@code
 * window_start}, {@code window_end}, {@code count}, {@code approved}, {@code rejected}, {@code
 * amount}, {@code approved_amount} are required; each {@code rejected_by:<CODE>} becomes an entry
 * of the rule map; {@code latency_p50_ms}, {@code latency_p95_ms}, {@code latency_p99_ms} are null
 * when absent. Other fields ({@code pane}, {@code pane_index}, {@code updated_at}) are ignored.
 */
final class HashStats {

  private HashStats() {}

  /**
   * The statistics of {@code key} held by {@code hash}; empty when the hash is empty (a key that
   * expired or never existed).
   *
   * @throws MalformedEntryException when a required field is missing or a field cannot be read
   */
  static Optional<GroupStats> parse(StatsKey key, Map<String, String> hash) {
    if (hash == null || hash.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> rules = new LinkedHashMap<>();
    for (Map.Entry<String, String> field : hash.entrySet()) {
      if (field.getKey().startsWith(RedisKeys.REJECTED_BY)) {
        String code = field.getKey().substring(RedisKeys.REJECTED_BY.length());
        if (code.isEmpty()) {
          throw new MalformedEntryException("a rejected_by field without a rule code");
        }
        rules.put(code, count(hash, field.getKey()));
      }
    }
    Instant start = instant(hash, RedisKeys.WINDOW_START);
    Instant end = instant(hash, RedisKeys.WINDOW_END);
    if (!end.isAfter(start)) {
      throw new MalformedEntryException("window ends at or before its start: " + start + " " + end);
    }
    return Optional.of(
        new GroupStats(
            start,
            end,
            key,
            count(hash, RedisKeys.COUNT),
            count(hash, RedisKeys.APPROVED),
            count(hash, RedisKeys.REJECTED),
            decimal(hash, RedisKeys.AMOUNT),
            decimal(hash, RedisKeys.APPROVED_AMOUNT),
            rules,
            latency(hash, RedisKeys.LATENCY_P50_MS),
            latency(hash, RedisKeys.LATENCY_P95_MS),
            latency(hash, RedisKeys.LATENCY_P99_MS)));
  }

  private static String required(Map<String, String> hash, String field) {
    String value = hash.get(field);
    if (value == null) {
      throw new MalformedEntryException("field " + field + " is missing");
    }
    return value;
  }

  private static long count(Map<String, String> hash, String field) {
    String value = required(hash, field);
    try {
      long count = Long.parseLong(value);
      if (count < 0) {
        throw new MalformedEntryException("field " + field + " is negative: " + value);
      }
      return count;
    } catch (NumberFormatException e) {
      throw new MalformedEntryException("field " + field + " is not a count: '" + value + "'");
    }
  }

  private static BigDecimal decimal(Map<String, String> hash, String field) {
    String value = required(hash, field);
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new MalformedEntryException("field " + field + " is not a decimal: '" + value + "'");
    }
  }

  private static Instant instant(Map<String, String> hash, String field) {
    String value = required(hash, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new MalformedEntryException("field " + field + " is not an instant: '" + value + "'");
    }
  }

  private static Double latency(Map<String, String> hash, String field) {
    String value = hash.get(field);
    if (value == null) {
      return null;
    }
    try {
      double millis = Double.parseDouble(value);
      if (!Double.isFinite(millis) || millis < 0) {
        throw new MalformedEntryException("field " + field + " is out of range: " + value);
      }
      return millis;
    } catch (NumberFormatException e) {
      throw new MalformedEntryException("field " + field + " is not a number: '" + value + "'");
    }
  }
}
