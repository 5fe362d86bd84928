package io.bankstream.core.postgres;

import static io.bankstream.core.postgres.BatchTransactions.column;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.core.stats.WindowStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes the closed panes of window statistics to {@code estatisticas_janela} (SPEC sections 4 and
 * 6), the history of each window's final value. Only panes fired once the watermark passed the
 * window ({@link WindowStats#isClosed()}: {@code ON_TIME} and {@code LATE}) are written; {@code
 * EARLY} ones are skipped, as they only feed the live view in Redis. One {@link #write} is one
 * statement in one transaction: the rows are unnested server-side and upserted on the primary key
 * {@code (inicio_janela, dimensao, valor_dimensao)}, replacing a stored row only when it counts no
 * more transactions than the new one ({@code WHERE estatisticas_janela.quantidade <=
 * EXCLUDED.quantidade}): accumulating panes only grow, so an older pane arriving after a newer one
 * changes nothing, and the same pane written twice leaves the same row. Within one batch, of the
 * panes of the same window and group only the latest ({@code paneIndex}) is kept.
 *
 * <p>{@code valor_dimensao} is {@code ''} for the total, the UF or the modality otherwise; {@code
 * rejeicoes_por_regra} is a JSON object of rule code to count ({@code {"RISCO": 2, "SALDO": 5}});
 * the latency percentiles are null when unknown; {@code atualizado_em} is the time of the write.
 * Transient errors retry the whole transaction under the {@link RetryPolicy}; any other error, or
 * one that outlasts it, is thrown as a {@link PostgresWriteException}. Instances are thread-safe.
 */
public final class PostgresWindowStatsWriter {

  static final String UPSERT_SQL =
      "INSERT INTO estatisticas_janela (inicio_janela, fim_janela, dimensao, valor_dimensao,"
          + " quantidade, aprovadas, rejeitadas, valor_total, valor_aprovado, rejeicoes_por_regra,"
          + " latencia_p50_ms, latencia_p95_ms, latencia_p99_ms, atualizado_em)"
          + " SELECT r.inicio, r.fim, r.dimensao, r.valor_dimensao, r.quantidade, r.aprovadas,"
          + " r.rejeitadas, r.valor_total, r.valor_aprovado, r.regras::jsonb, r.p50, r.p95, r.p99,"
          + " clock_timestamp()"
          + " FROM unnest(?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::bigint[],"
          + " ?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[], ?::text[],"
          + " ?::float8[], ?::float8[], ?::float8[])"
          + " AS r(inicio, fim, dimensao, valor_dimensao, quantidade, aprovadas, rejeitadas,"
          + " valor_total, valor_aprovado, regras, p50, p95, p99)"
          + " ON CONFLICT (inicio_janela, dimensao, valor_dimensao) DO UPDATE SET"
          + " fim_janela = EXCLUDED.fim_janela,"
          + " quantidade = EXCLUDED.quantidade,"
          + " aprovadas = EXCLUDED.aprovadas,"
          + " rejeitadas = EXCLUDED.rejeitadas,"
          + " valor_total = EXCLUDED.valor_total,"
          + " valor_aprovado = EXCLUDED.valor_aprovado,"
          + " rejeicoes_por_regra = EXCLUDED.rejeicoes_por_regra,"
          + " latencia_p50_ms = EXCLUDED.latencia_p50_ms,"
          + " latencia_p95_ms = EXCLUDED.latencia_p95_ms,"
          + " latencia_p99_ms = EXCLUDED.latencia_p99_ms,"
          + " atualizado_em = EXCLUDED.atualizado_em"
          + " WHERE estatisticas_janela.quantidade <= EXCLUDED.quantidade";

  /** The primary key's order: every writer upserts in it, so concurrent batches cannot deadlock. */
  private static final Comparator<WindowStats> KEY_ORDER =
      Comparator.comparing(WindowStats::windowStart)
          .thenComparing(pane -> pane.key().dimension().code())
          .thenComparing(pane -> pane.key().value());

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BatchTransactions transactions;

  /** A writer to {@code dataSource} that retries transient errors under {@code retryPolicy}. */
  public PostgresWindowStatsWriter(DataSource dataSource, RetryPolicy retryPolicy) {
    this.transactions = new BatchTransactions(dataSource, retryPolicy);
  }

  /** How many times this writer has retried a transaction after a transient error, so far. */
  public long retries() {
    return transactions.retries();
  }

  /**
   * Upserts the closed panes of {@code panes} in one transaction; see the class comment.
   *
   * @return how many rows were inserted or replaced; early panes, and panes older than the row
   *     already stored, are not counted
   * @throws PostgresWriteException on a permanent error, or a transient one that outlasted the
   *     retry policy; nothing of the batch was written then
   */
  public int write(List<WindowStats> panes) {
    List<WindowStats> rows = latestClosedPerKey(panes);
    if (rows.isEmpty()) {
      return 0;
    }
    return transactions.write(
        "write " + rows.size() + " window statistics", connection -> upsert(connection, rows));
  }

  /**
   * The closed panes, one per window and group (the highest pane index, then the largest count), in
   * primary key order: one statement cannot update the same row twice.
   */
  static List<WindowStats> latestClosedPerKey(List<WindowStats> panes) {
    Map<List<Object>, WindowStats> latest = new LinkedHashMap<>();
    for (WindowStats pane : panes) {
      if (!pane.isClosed()) {
        continue;
      }
      latest.merge(
          List.of(pane.windowStart(), pane.key()),
          pane,
          (stored, next) -> isAfter(next, stored) ? next : stored);
    }
    List<WindowStats> rows = new ArrayList<>(latest.values());
    rows.sort(KEY_ORDER);
    return rows;
  }

  private static boolean isAfter(WindowStats candidate, WindowStats than) {
    if (candidate.paneIndex() != than.paneIndex()) {
      return candidate.paneIndex() > than.paneIndex();
    }
    return candidate.summary().count() >= than.summary().count();
  }

  private static int upsert(Connection connection, List<WindowStats> rows) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_SQL)) {
      int p = 1;
      upsert.setArray(p++, column(connection, "text", rows, s -> s.windowStart().toString()));
      upsert.setArray(p++, column(connection, "text", rows, s -> s.windowEnd().toString()));
      upsert.setArray(p++, column(connection, "text", rows, s -> s.key().dimension().code()));
      upsert.setArray(p++, column(connection, "text", rows, s -> s.key().value()));
      upsert.setArray(p++, column(connection, "int8", rows, s -> s.summary().count()));
      upsert.setArray(p++, column(connection, "int8", rows, s -> s.summary().approved()));
      upsert.setArray(p++, column(connection, "int8", rows, s -> s.summary().rejected()));
      upsert.setArray(p++, column(connection, "numeric", rows, s -> s.summary().amount()));
      upsert.setArray(p++, column(connection, "numeric", rows, s -> s.summary().approvedAmount()));
      upsert.setArray(
          p++, column(connection, "text", rows, s -> rulesJson(s.summary().rejectionsByRule())));
      upsert.setArray(p++, column(connection, "float8", rows, s -> s.summary().latencyP50Ms()));
      upsert.setArray(p++, column(connection, "float8", rows, s -> s.summary().latencyP95Ms()));
      upsert.setArray(p, column(connection, "float8", rows, s -> s.summary().latencyP99Ms()));
      return upsert.executeUpdate();
    }
  }

  /** {@code rules} as a JSON object, e.g. {@code {"RISCO":2,"SALDO":5}}. */
  static String rulesJson(Map<String, Long> rules) {
    try {
      return JSON.writeValueAsString(rules);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("cannot write rejections by rule as JSON", impossible);
    }
  }
}
