package io.bankstream.core.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankstream.core.postgres.DecisionStatements.Outcome;
import io.bankstream.core.postgres.DecisionStatements.Row;
import io.bankstream.core.retry.RetryPolicy;
import io.bankstream.model.DecidedTransaction;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of {@link DecidedTransaction}s to {@code transacoes} and keeps the balances of
 * {@code usuarios} as a ledger (SPEC sections 4 and 5), idempotently. One {@link #write} is one
 * database transaction that (a) inserts every row of the batch with a single statement (arrays
 * unnested server-side, {@code ON CONFLICT (id_transacao) DO NOTHING RETURNING id_transacao}), then
 * (b) for the approved rows that statement actually added, debits each payer and credits each
 * receiver by {@code valor_transacao}: one net delta of {@code saldo} per user, and the user's
 * debits added to {@code total_debitado} (which the approval rules read), the users' rows locked in
 * ascending id order first so concurrent batches cannot deadlock on them, then one {@code UPDATE};
 * and (c) commits. A replayed row is not inserted again and so moves no money twice.
 *
 * <p>A replay is the same Kafka record again (the same topic, partition and offset): it is counted
 * as already present and nothing else happens. A row whose {@code id_transacao} is already stored
 * from another Kafka record (or comes earlier in the batch from another record) is not a replay but
 * a second transaction reusing the id: it is written nowhere and comes back as a {@link Failed}
 * with reason {@link Failed#DUPLICATE_TRANSACTION_ID}, so it becomes a dead letter instead of
 * vanishing. The stored row's Kafka coordinates are read in the same database transaction as the
 * insert.
 *
 * <p>Transient errors (see {@link TransientErrors}) retry the whole transaction under the {@link
 * RetryPolicy}. When the database refuses the batch for its data (a balance that would go below
 * zero, an unknown user, a value out of range), the batch is rolled back and its rows are written
 * one by one, each in its own transaction; the rows still refused come back as {@link Failed} for
 * the dead letters. Other errors (authentication, missing schema, retries exhausted) are thrown:
 * nothing in the batch can be written, and the caller should fail.
 *
 * <p>{@code score_risco} is {@code NUMERIC(6,4)}: the score is rounded half up to 4 decimals and
 * clamped to &plusmn;{@link #MAX_RISK_SCORE}, because the seed profile's score is unbounded. A
 * score that is not a number is refused before reaching the database. Timestamps are stored to the
 * microsecond (PostgreSQL rounds the nanoseconds). Instances are thread-safe.
 */
public final class DecisionWriter {

  /** The largest {@code score_risco} a {@code NUMERIC(6,4)} column holds. */
  public static final BigDecimal MAX_RISK_SCORE = new BigDecimal("99.9999");

  /** Decimals of {@code score_risco}. */
  public static final int RISK_SCORE_SCALE = 4;

  /** The SQLState given to a row refused before reaching the database (numeric out of range). */
  static final String NOT_A_NUMBER_STATE = "22003";

  /** PostgreSQL's order of {@code uuid}: the 16 bytes compared unsigned. */
  static final Comparator<UUID> POSTGRES_UUID_ORDER =
      (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0
            ? high
            : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      };

  private static final Logger LOG = LoggerFactory.getLogger(DecisionWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BatchTransactions transactions;

  /** A writer to {@code dataSource} with {@link RetryPolicy#defaults()}. */
  public DecisionWriter(DataSource dataSource) {
    this(dataSource, RetryPolicy.defaults());
  }

  /** A writer to {@code dataSource} that retries transient errors under {@code retryPolicy}. */
  public DecisionWriter(DataSource dataSource, RetryPolicy retryPolicy) {
    this.transactions = new BatchTransactions(dataSource, retryPolicy);
  }

  /** How many times this writer has retried a transaction after a transient error, so far. */
  public long retries() {
    return transactions.retries();
  }

  /**
   * Writes {@code batch} and applies its approved, newly recorded rows to the ledger, in one
   * transaction; see the class comment. Rows with the same {@code id_transacao} are written once,
   * as the first of them.
   *
   * @return how many rows were added, were already there, and were refused (with why)
   * @throws PostgresWriteException when the batch could not be written: a permanent error that is
   *     not about the rows' data, or a transient one that outlasted the retry policy. Rows written
   *     one by one before it stay written; writing the batch again adds only the others.
   */
  public WriteResult write(List<DecidedTransaction> batch) {
    if (batch.isEmpty()) {
      return WriteResult.empty();
    }
    Map<UUID, DecidedTransaction> firstById = new LinkedHashMap<>();
    List<Failed> failures = new ArrayList<>();
    int duplicates = 0;
    for (DecidedTransaction row : batch) {
      DecidedTransaction first = firstById.putIfAbsent(row.transaction().id(), row);
      if (first == null) {
        continue;
      }
      if (sameRecord(first, row)) {
        duplicates++;
      } else {
        failures.add(Failed.duplicateId(row, source(first)));
      }
    }
    List<Row> rows = new ArrayList<>(firstById.size());
    for (DecidedTransaction row : firstById.values()) {
      try {
        rows.add(Row.of(row));
      } catch (IllegalArgumentException notANumber) {
        failures.add(new Failed(row, NOT_A_NUMBER_STATE, notANumber.getMessage()));
      }
    }
    if (rows.isEmpty()) {
      return new WriteResult(0, duplicates, 0, false, failures);
    }
    // The same insertion order in every writer: two batches sharing ids cannot deadlock.
    rows.sort(Comparator.comparing(Row::id, POSTGRES_UUID_ORDER));

    String operation = "write " + rows.size() + " decisions";
    SQLException refusal;
    try {
      Outcome outcome = writeWithRetries(operation, rows);
      failures.addAll(outcome.reusedIds());
      return new WriteResult(
          outcome.inserted(),
          duplicates + rows.size() - outcome.inserted() - outcome.reusedIds().size(),
          outcome.ledgerUpdates(),
          false,
          failures);
    } catch (SQLException error) {
      if (!TransientErrors.isDataError(error)) {
        throw new PostgresWriteException(operation, error);
      }
      refusal = error;
    }
    LOG.warn(
        "A batch of {} decisions was refused (SQLState {}: {}); writing its rows one by one",
        rows.size(),
        TransientErrors.sqlState(refusal),
        TransientErrors.oneLine(refusal.getMessage()));
    int inserted = 0;
    int ledgerUpdates = 0;
    int refused = 0;
    for (Row row : rows) {
      String rowOperation = "write decision " + row.id();
      try {
        Outcome outcome = writeWithRetries(rowOperation, List.of(row));
        inserted += outcome.inserted();
        ledgerUpdates += outcome.ledgerUpdates();
        refused += outcome.reusedIds().size();
        failures.addAll(outcome.reusedIds());
      } catch (SQLException error) {
        if (!TransientErrors.isDataError(error)) {
          throw new PostgresWriteException(rowOperation, error);
        }
        refused++;
        failures.add(
            new Failed(
                row.source(), TransientErrors.sqlState(error), String.valueOf(error.getMessage())));
      }
    }
    return new WriteResult(
        inserted, duplicates + rows.size() - inserted - refused, ledgerUpdates, true, failures);
  }

  private Outcome writeWithRetries(String operation, List<Row> rows) throws SQLException {
    return transactions.call(operation, connection -> DecisionStatements.write(connection, rows));
  }

  /** Whether {@code a} and {@code b} come from the same Kafka record (a replay). */
  private static boolean sameRecord(DecidedTransaction a, DecidedTransaction b) {
    return a.topic().equals(b.topic())
        && a.partition() == b.partition()
        && a.offset() == b.offset();
  }

  /** {@code topic/partition@offset} of {@code row}. */
  private static String source(DecidedTransaction row) {
    return row.topic() + "/" + row.partition() + "@" + row.offset();
  }

  /** {@code score} as stored in {@code score_risco}: 4 decimals, half up, within range. */
  public static BigDecimal storedRiskScore(double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("risk score is not a number");
    }
    if (Double.isInfinite(score)) {
      return score > 0 ? MAX_RISK_SCORE : MAX_RISK_SCORE.negate();
    }
    BigDecimal rounded = BigDecimal.valueOf(score).setScale(RISK_SCORE_SCALE, RoundingMode.HALF_UP);
    return rounded.max(MAX_RISK_SCORE.negate()).min(MAX_RISK_SCORE);
  }

  /** {@code components} as a JSON object, e.g. {@code {"amount":0.25,"hour":0.1}}. */
  public static String componentsJson(Map<String, Double> components) {
    for (Map.Entry<String, Double> component : components.entrySet()) {
      Double value = component.getValue();
      if (value == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "risk component " + component.getKey() + " is not a number: " + value);
      }
    }
    try {
      return JSON.writeValueAsString(components);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("cannot write risk components as JSON", impossible);
    }
  }

  /**
   * What one {@link DecisionWriter#write} did with a batch. Every row of the batch is counted
   * exactly once: {@code inserted + alreadyPresent + failures.size()} is the batch size.
   *
   * @param inserted rows added to {@code transacoes} by this call
   * @param alreadyPresent rows not added because their {@code id_transacao} was already stored or
   *     came earlier in the same batch (replays); they changed no balance
   * @param ledgerUpdates balance updates applied to {@code usuarios}: the users whose {@code saldo}
   *     changed, counted once per database transaction (so per row when the batch was written row
   *     by row)
   * @param wroteRowByRow true when the batch as a whole was refused for its data and its rows were
   *     then written one by one
   * @param failures rows refused for their data, to be dead-lettered; the other rows were written
   */
  public record WriteResult(
      int inserted,
      int alreadyPresent,
      int ledgerUpdates,
      boolean wroteRowByRow,
      List<Failed> failures) {

    public WriteResult {
      failures = List.copyOf(failures);
    }

    /** The result of writing nothing. */
    public static WriteResult empty() {
      return new WriteResult(0, 0, 0, false, List.of());
    }
  }

  /**
   * A row that was not written, with why; the rest of its batch was written. Either the database
   * refused it for its data ({@link #DATABASE_REFUSED}), or its {@code id_transacao} was already
   * written from another Kafka record ({@link #DUPLICATE_TRANSACTION_ID}).
   *
   * @param row the row as given to {@link DecisionWriter#write} (the same instance)
   * @param reason {@link #DATABASE_REFUSED} or {@link #DUPLICATE_TRANSACTION_ID}, the dead letter's
   *     reason
   * @param sqlState the SQLState of the refusal, e.g. {@code 23514} (a balance below zero: {@code
   *     usuarios_saldo_check}) or {@code 23503} (an unknown user); {@code 22003} also for a risk
   *     score or component that is not a number, refused before reaching the database ; {@code
   *     null} for a duplicate id
   * @param message the database's message, or which Kafka record holds the id
   */
  public record Failed(DecidedTransaction row, String reason, String sqlState, String message)
      implements Serializable {

    /** The reason of a row the database refused for its data. */
    public static final String DATABASE_REFUSED = "DATABASE_REFUSED";

    /** The reason of a row whose id was already written from another Kafka record. */
    public static final String DUPLICATE_TRANSACTION_ID = "DUPLICATE_TRANSACTION_ID";

    public Failed {
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** A row the database refused for its data. */
    public Failed(DecidedTransaction row, String sqlState, String message) {
      this(row, DATABASE_REFUSED, sqlState, message);
    }

    /** {@code row}, whose id was already written from the Kafka record {@code writtenFrom}. */
    static Failed duplicateId(DecidedTransaction row, String writtenFrom) {
      return new Failed(
          row,
          DUPLICATE_TRANSACTION_ID,
          null,
          "id_transacao "
              + row.transaction().id()
              + " was already written from "
              + writtenFrom
              + "; this record ("
              + source(row)
              + ") reuses it, so it is not written.");
    }
  }
}
