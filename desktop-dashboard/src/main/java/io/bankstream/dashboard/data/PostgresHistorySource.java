package io.bankstream.dashboard.data;

import static io.bankstream.dashboard.data.ReadOnlyPool.instant;
import static io.bankstream.dashboard.data.ReadOnlyPool.prepare;
import static io.bankstream.dashboard.data.ReadOnlyPool.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.model.stats.Dimension;
import io.bankstream.model.stats.StatsKey;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the history from PostgreSQL through a small read-only pool ({@value #MAX_CONNECTIONS}
 * connections, {@link #CONNECTION_TIMEOUT} to get one): window statistics from {@code
 * estatisticas_janela} ({@link #WINDOWS_SQL}), the amount distribution of a range's transactions in
 * one {@code GROUP BY} ({@link #AMOUNTS_SQL}), and one page of a search of {@code transacoes}
 * ({@link #transactionsSql}). Every statement is prepared with its values as parameters; both
 * queries of {@code transacoes} bound {@code data_horario} so its index serves them.
 *
 * <p>Any database error, or no connection within {@link #CONNECTION_TIMEOUT}, is thrown as a {@link
 * SourceUnavailableException} naming the JDBC URL without its password; the next call tries again,
 * so a source outlives a database restart. No connection is opened before the first query. A row
 * whose rule map cannot be read is skipped, counted ({@link #skippedRows()}) and logged once.
 * Thread-safe; {@link #close()} closes the pool.
 */
public final class PostgresHistorySource implements HistorySource {

  /** The most connections the pool opens. */
  public static final int MAX_CONNECTIONS = ReadOnlyPool.MAX_CONNECTIONS;

  /** How long a query waits for a connection (and a connection attempt may take). */
  public static final Duration CONNECTION_TIMEOUT = ReadOnlyPool.CONNECTION_TIMEOUT;

  /** How long one statement may run before it is cancelled. */
  public static final Duration QUERY_TIMEOUT = ReadOnlyPool.QUERY_TIMEOUT;

  /**
   * The lower edges of the amount buckets, in reais: {@code [0, 1)}, {@code [1, 10)}, ..., {@code
   * [10000, 100000)}, and {@code [100000, ...)} open.
   */
  public static final List<BigDecimal> AMOUNT_EDGES =
      List.of(
          new BigDecimal("0"),
          new BigDecimal("1"),
          new BigDecimal("10"),
          new BigDecimal("100"),
          new BigDecimal("1000"),
          new BigDecimal("10000"),
          new BigDecimal("100000"));

  /** Parameters: dimension code, range start, range end. */
  static final String WINDOWS_SQL =
      "SELECT inicio_janela, fim_janela, valor_dimensao, quantidade, aprovadas, rejeitadas,"
          + " valor_total, valor_aprovado, rejeicoes_por_regra::text AS regras,"
          + " latencia_p50_ms, latencia_p95_ms, latencia_p99_ms"
          + " FROM estatisticas_janela"
          + " WHERE dimensao = ? AND inicio_janela >= ? AND inicio_janela < ?"
          + " ORDER BY inicio_janela, valor_dimensao";

  /**
   * Parameters: the bucket edges (a numeric array), range start, range end. {@code width_bucket}
   * numbers the buckets from 1 ({@code [edge 1, edge 2)}) to the number of edges (the open one).
   */
  static final String AMOUNTS_SQL =
      "SELECT width_bucket(valor_transacao, ?::numeric[]) AS faixa,"
          + " count(*) FILTER (WHERE transacao_aprovada) AS aprovadas,"
          + " count(*) FILTER (WHERE NOT transacao_aprovada) AS rejeitadas"
          + " FROM transacoes"
          + " WHERE data_horario >= ? AND data_horario < ?"
          + " GROUP BY faixa ORDER BY faixa";

  private static final String TRANSACTIONS_SELECT =
      "SELECT id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao,"
          + " modalidade_pagamento, data_horario, valor_transacao, transacao_aprovada,"
          + " motivos_rejeicao, score_risco, horario_decisao"
          + " FROM transacoes"
          + " WHERE data_horario >= ? AND data_horario < ?";

  /** Parameters: lower-case LIKE prefix three times, then upper-case text three times. */
  private static final String TEXT_FILTER =
      " AND (id_transacao::text LIKE ? || '%'"
          + " OR id_usuario_pagador::text LIKE ? || '%'"
          + " OR id_usuario_recebedor::text LIKE ? || '%'"
          + " OR id_regiao = ? OR modalidade_pagamento = ? OR ? = ANY(motivos_rejeicao))";

  private static final String REJECTED_FILTER = " AND NOT transacao_aprovada";

  private static final String PAGE = " ORDER BY data_horario DESC, id_transacao LIMIT ? OFFSET ?";

  /** A {@code password} parameter of a JDBC URL's query, with its value. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  /** The {@code user:password@} before the host of a URL. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*):[^/@?]*@");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(PostgresHistorySource.class);

  private final String url;
  private final HikariDataSource pool;
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicBoolean loggedSkip = new AtomicBoolean();

  /**
   * A source reading the database at {@code jdbcUrl} as {@code user}. No connection is opened until
   * the first query, so a source can be made while the database is down.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/bank}, with {@code ?sslmode=...} as
   *     needed
   * @param password the user's password; null when the server needs none
   */
  public PostgresHistorySource(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    this.url = redact(jdbcUrl);
    this.pool = ReadOnlyPool.open("bankstream-dashboard-history", jdbcUrl, user, password);
  }

  @Override
  public List<GroupStats> windows(TimeRange range, Dimension dimension)
      throws SourceUnavailableException {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(dimension, "dimension");
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, WINDOWS_SQL)) {
      statement.setString(1, dimension.code());
      statement.setObject(2, timestamp(range.from()));
      statement.setObject(3, timestamp(range.to()));
      List<GroupStats> stats = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          StatsKey key = new StatsKey(dimension, rows.getString("valor_dimensao"));
          Instant start = instant(rows, "inicio_janela");
          Map<String, Long> rules;
          try {
            rules = rules(rows.getString("regras"));
          } catch (MalformedEntryException e) {
            skip(start + " " + key, e.getMessage());
            continue;
          }
          stats.add(
              new GroupStats(
                  start,
                  instant(rows, "fim_janela"),
                  key,
                  rows.getLong("quantidade"),
                  rows.getLong("aprovadas"),
                  rows.getLong("rejeitadas"),
                  rows.getBigDecimal("valor_total"),
                  rows.getBigDecimal("valor_aprovado"),
                  rules,
                  rows.getObject("latencia_p50_ms", Double.class),
                  rows.getObject("latencia_p95_ms", Double.class),
                  rows.getObject("latencia_p99_ms", Double.class)));
        }
      }
      return stats;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * Every bucket of {@link #AMOUNT_EDGES}, lowest first, with how many of the range's transactions
   * fall in it, approved and rejected; a bucket without transactions counts zero.
   */
  @Override
  public List<AmountBucket> amounts(TimeRange range) throws SourceUnavailableException {
    Objects.requireNonNull(range, "range");
    long[] approved = new long[AMOUNT_EDGES.size()];
    long[] rejected = new long[AMOUNT_EDGES.size()];
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, AMOUNTS_SQL)) {
      Array edges = connection.createArrayOf("numeric", AMOUNT_EDGES.toArray());
      statement.setArray(1, edges);
      statement.setObject(2, timestamp(range.from()));
      statement.setObject(3, timestamp(range.to()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // 0 would be below the first edge: amounts are positive, so it never comes.
          int bucket = Math.max(1, rows.getInt("faixa")) - 1;
          approved[bucket] += rows.getLong("aprovadas");
          rejected[bucket] += rows.getLong("rejeitadas");
        }
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    List<AmountBucket> buckets = new ArrayList<>(AMOUNT_EDGES.size());
    for (int i = 0; i < AMOUNT_EDGES.size(); i++) {
      BigDecimal upper = i + 1 < AMOUNT_EDGES.size() ? AMOUNT_EDGES.get(i + 1) : null;
      buckets.add(new AmountBucket(AMOUNT_EDGES.get(i), upper, approved[i], rejected[i]));
    }
    return buckets;
  }

  /**
   * One page of the transactions of the query's range, newest first ({@code data_horario} then
   * {@code id_transacao}). A non-empty text matches, ignoring case, a prefix of the transaction's,
   * the payer's or the receiver's id, or equals the UF, the modality or one of the rejection
   * reasons; {@code onlyRejected} keeps the rejected ones. {@code hasMore} is true when a row
   * follows the page.
   */
  @Override
  public TransactionPage transactions(TransactionQuery query) throws SourceUnavailableException {
    Objects.requireNonNull(query, "query");
    String sql = transactionsSql(query);
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = prepare(connection, sql)) {
      bindTransactions(statement, query);
      List<RecentTransaction> rows = new ArrayList<>(query.pageSize() + 1);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(transaction(result));
        }
      }
      boolean hasMore = rows.size() > query.pageSize();
      return new TransactionPage(
          query, hasMore ? rows.subList(0, query.pageSize()) : rows, hasMore);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** The JDBC URL without its password: {@code jdbc:postgresql://127.0.0.1:5432/bank}. */
  @Override
  public void ping() throws SourceUnavailableException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public String describe() {
    return url;
  }

  /** How many rows so far were skipped because their rule map could not be read. */
  public long skippedRows() {
    return skipped.get();
  }

  /** Closes the pool; every query fails afterwards. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresHistorySource[" + url + "]";
  }

  /**
   * The statement of {@code query}: {@link #TRANSACTIONS_SELECT}, the text filter when there is a
   * text, the rejected filter when asked, then the order and the page. Only fixed fragments are
   * joined; every value is a parameter, bound by {@link #bindTransactions}.
   */
  static String transactionsSql(TransactionQuery query) {
    StringBuilder sql = new StringBuilder(TRANSACTIONS_SELECT);
    if (!query.text().isEmpty()) {
      sql.append(TEXT_FILTER);
    }
    if (query.onlyRejected()) {
      sql.append(REJECTED_FILTER);
    }
    return sql.append(PAGE).toString();
  }

  /** Binds the parameters of {@link #transactionsSql} for {@code query}. */
  static void bindTransactions(PreparedStatement statement, TransactionQuery query)
      throws SQLException {
    int p = 1;
    statement.setObject(p++, timestamp(query.range().from()));
    statement.setObject(p++, timestamp(query.range().to()));
    if (!query.text().isEmpty()) {
      String prefix = likePrefix(query.text());
      String code = query.text().toUpperCase(Locale.ROOT);
      statement.setString(p++, prefix);
      statement.setString(p++, prefix);
      statement.setString(p++, prefix);
      statement.setString(p++, code);
      statement.setString(p++, code);
      statement.setString(p++, code);
    }
    statement.setInt(p++, query.pageSize() + 1);
    statement.setLong(p, (long) query.page() * query.pageSize());
  }

  /**
   * {@code text} in lower case (as PostgreSQL writes UUIDs) with the LIKE wildcards {@code %} and
   * {@code _} and the escape character {@code \} escaped, so it only ever matches itself.
   */
  static String likePrefix(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replace("\\", "\\\\")
        .replace("%", "\\%")
        .replace("_", "\\_");
  }

  /** {@code jdbcUrl} without the value of a {@code password} parameter or a {@code user:pass@}. */
  static String redact(String jdbcUrl) {
    String withoutParameter = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    return USER_INFO.matcher(withoutParameter).replaceFirst("$1:***@");
  }

  /**
   * {@code json}, a JSON object of rule code to count ({@code {"RISCO": 2, "SALDO": 5}}), as a map
   * in the object's order.
   *
   * @throws MalformedEntryException when it is not such an object
   */
  static Map<String, Long> rules(String json) {
    if (json == null) {
      return Map.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedEntryException("rejections by rule are not JSON: " + json, e);
    }
    if (!node.isObject()) {
      throw new MalformedEntryException("rejections by rule are not an object: " + json);
    }
    Map<String, Long> rules = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      JsonNode count = rule.getValue();
      if (!count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
        throw new MalformedEntryException(
            "rejections by rule " + rule.getKey() + " is not a count: " + count);
      }
      rules.put(rule.getKey(), count.longValue());
    }
    return rules;
  }

  private static RecentTransaction transaction(ResultSet row) throws SQLException {
    Array reasons = row.getArray("motivos_rejeicao");
    List<String> reasonList =
        reasons == null ? List.of() : Arrays.asList((String[]) reasons.getArray());
    BigDecimal score = row.getBigDecimal("score_risco");
    return new RecentTransaction(
        row.getString("id_transacao"),
        row.getString("id_usuario_pagador"),
        row.getString("id_usuario_recebedor"),
        row.getString("id_regiao"),
        row.getString("modalidade_pagamento"),
        instant(row, "data_horario"),
        row.getBigDecimal("valor_transacao"),
        row.getBoolean("transacao_aprovada"),
        reasonList,
        score == null ? null : score.doubleValue(),
        instant(row, "horario_decisao"));
  }

  private SourceUnavailableException unavailable(SQLException error) {
    return new SourceUnavailableException(
        "PostgreSQL at " + url + ": " + redact(Reasons.of(error)), error);
  }

  private void skip(String where, String why) {
    long count = skipped.incrementAndGet();
    if (loggedSkip.compareAndSet(false, true)) {
      LOG.warn(
          "Skipped an unreadable row of estatisticas_janela in {} ({}): {}; further ones are"
              + " counted, not logged",
          url,
          where,
          why);
    } else {
      LOG.debug("Skipped unreadable row {} in {} ({}): {}", count, url, where, why);
    }
  }
}
