package io.bankstream.pipeline.backtest;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.PayerState;
import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.model.Money;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Replays one payer's recorded history in event-time order (or, with {@code --order=arrival}, in
 * the order the pipeline read it), twice over: with the version recorded as having decided each
 * transaction (the replay), and with the candidate; each with its own per-payer state built by the
 * same {@link ApprovalEngine} the pipeline decides with. Emits the payer's {@link Outcome}s in the
 * range already added into one {@link BacktestReport}, keyed by one of {@link #BUCKETS} buckets of
 * payers: the reports are then merged per bucket and the buckets' into one. Merging in two steps
 * keeps each group small; the DirectRunner copies a group's whole content for every bundle that
 * adds to it, and one group of every outcome took it tens of minutes for 13,000 transactions.
 *
 * <p>The balance: the payer's balance before the history started is what the ledger holds now
 * ({@code saldo + total_debitado}) less every credit the history recorded to it; each side then
 * spends from it with its own approvals, and receives the recorded credits (other payers' recorded
 * approvals to it) at their event time. The live pipeline learns of credits at its profile refresh
 * instead, which is where a replay may differ from what was recorded; the report counts those.
 */
final class ReplayPayerFn extends DoFn<KV<String, CoGbkResult>, KV<Integer, BacktestReport>> {

  /** How many buckets the payers' reports are merged in before the last merge. */
  static final int BUCKETS = 64;

  /** A recorded approval credited to its receiver: when, and how much. */
  record Credit(Instant eventTime, BigDecimal amount) implements Serializable {}

  static final TupleTag<RecordedTransaction> TRANSACTIONS = new TupleTag<>() {};
  static final TupleTag<Credit> CREDITS = new TupleTag<>() {};

  /** Event-time order, ties in the order the pipeline decided them. */
  private static final Comparator<RecordedTransaction> EVENT_TIME_ORDER =
      Comparator.comparing((RecordedTransaction r) -> r.transaction().eventTime())
          .thenComparingInt(RecordedTransaction::partition)
          .thenComparingLong(RecordedTransaction::offset)
          .thenComparing(r -> r.transaction().id());

  /** The order the pipeline decided them in: a payer's records are in one partition. */
  private static final Comparator<RecordedTransaction> ARRIVAL_ORDER =
      Comparator.comparingInt(RecordedTransaction::partition)
          .thenComparingLong(RecordedTransaction::offset)
          .thenComparing(r -> r.transaction().id());

  private final Counter unknownPayers = Metrics.counter(ReplayPayerFn.class, "unknownPayers");
  private final Counter unknownVersions = Metrics.counter(ReplayPayerFn.class, "unknownVersions");

  private final PostgresConfig postgres;
  private final RulesConfig candidate;
  private final Instant from;
  private final Instant to;
  private final int examples;
  private final boolean arrivalOrder;
  private transient Map<UUID, LedgerEntry> ledger;
  private transient Map<UUID, BigDecimal> credited;
  private transient Map<Integer, ApprovalEngine> versions;
  private transient ApprovalEngine candidateEngine;

  ReplayPayerFn(
      PostgresConfig postgres,
      RulesConfig candidate,
      Instant from,
      Instant to,
      int examples,
      boolean arrivalOrder) {
    this.arrivalOrder = arrivalOrder;
    this.postgres = postgres;
    this.candidate = candidate;
    this.from = from;
    this.to = to;
    this.examples = examples;
  }

  @Setup
  public void setup() throws SQLException {
    candidateEngine = new ApprovalEngine(candidate);
    ledger = new HashMap<>();
    credited = new HashMap<>();
    versions = new HashMap<>();
    try (Connection connection = postgres.connect()) {
      UserProfiles.loadLedger(connection).forEach(entry -> ledger.put(entry.user().id(), entry));
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT id_usuario_recebedor, sum(valor_transacao) FROM transacoes"
                      + " WHERE transacao_aprovada GROUP BY id_usuario_recebedor")) {
        while (rows.next()) {
          credited.put(rows.getObject(1, UUID.class), rows.getBigDecimal(2));
        }
      }
      for (RuleVersionStore.Stored version : RuleVersionStore.all(connection)) {
        try {
          versions.put(version.number(), new ApprovalEngine(version.rules(), version.number()));
        } catch (RulesConfigException e) {
          // Left out, as the pipeline leaves it out: the version before it decided instead.
        }
      }
    }
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, CoGbkResult> payer, OutputReceiver<KV<Integer, BacktestReport>> out) {
    List<RecordedTransaction> history = new ArrayList<>();
    payer.getValue().getAll(TRANSACTIONS).forEach(history::add);
    if (history.isEmpty()) {
      return; // Only credits: a receiver that paid nothing.
    }
    history.sort(arrivalOrder ? ARRIVAL_ORDER : EVENT_TIME_ORDER);
    List<Credit> credits = new ArrayList<>();
    payer.getValue().getAll(CREDITS).forEach(credits::add);
    credits.sort(Comparator.comparing(Credit::eventTime));
    UUID payerId = UUID.fromString(payer.getKey());
    LedgerEntry entry = ledger.get(payerId);
    if (entry == null) {
      unknownPayers.inc();
      return;
    }
    BigDecimal opening =
        entry
            .user()
            .balance()
            .add(entry.totalDebited())
            .subtract(credited.getOrDefault(payerId, BigDecimal.ZERO))
            .max(BigDecimal.ZERO);
    PayerState replayed = opening(opening);
    PayerState candidateState = opening(opening);
    BigDecimal received = Money.of("0");
    int nextCredit = 0;
    BacktestReport report = new BacktestReport(examples);
    for (RecordedTransaction recorded : history) {
      Instant time = recorded.transaction().eventTime();
      while (nextCredit < credits.size() && !credits.get(nextCredit).eventTime().isAfter(time)) {
        received = received.add(credits.get(nextCredit++).amount());
      }
      BigDecimal baseline = opening.add(received);
      ApprovalEngine.Evaluation replay =
          engineOf(recorded.version())
              .evaluate(recorded.transaction(), entry.user(), rebase(replayed, baseline));
      ApprovalEngine.Evaluation decided =
          candidateEngine.evaluate(
              recorded.transaction(), entry.user(), rebase(candidateState, baseline));
      replayed = replay.next();
      candidateState = decided.next();
      if (!time.isBefore(from) && !time.isAfter(to)) {
        report.add(
            new Outcome(
                recorded.transaction().id().toString(),
                time,
                recorded.transaction().region().code(),
                recorded.transaction().modality().name(),
                recorded.transaction().amount(),
                recorded.label(),
                recorded.version(),
                recorded.rejectedBy(),
                replay.decision().rejectedBy(),
                decided.decision().rejectedBy()));
      }
    }
    if (report.transactions() > 0) {
      out.output(KV.of(Math.floorMod(payer.getKey().hashCode(), BUCKETS), report));
    }
  }

  /** The engine of recorded version {@code version}; the bundled defaults for one not found. */
  private ApprovalEngine engineOf(int version) {
    ApprovalEngine engine = versions.get(version);
    if (engine == null) {
      unknownVersions.inc();
      engine = new ApprovalEngine(RulesConfig.defaults(), version);
      versions.put(version, engine);
    }
    return engine;
  }

  private static PayerState opening(BigDecimal balance) {
    BigDecimal zero = Money.of("0");
    return new PayerState(balance, zero, List.of(), Map.of(), List.of());
  }

  /** {@code state} with the payer's balance before its own approvals set to {@code baseline}. */
  private static PayerState rebase(PayerState state, BigDecimal baseline) {
    return new PayerState(
        baseline.max(state.approvedTotal()),
        state.approvedTotal(),
        state.recentEventTimes(),
        state.usualLogAmounts(),
        state.history());
  }
}
