package io.bankstream.pipeline.approve;

import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.PayerState;
import io.bankstream.core.rules.PostgresRulesSource;
import io.bankstream.core.rules.RuleVersions;
import io.bankstream.core.rules.RulesSource;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.pipeline.coders.DecidedTransactionCoder;
import io.bankstream.pipeline.coders.ParsedTransactionCoder;
import io.bankstream.pipeline.coders.PayerStateCoder;
import java.time.Clock;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Decides every enriched transaction with the approval rules, keyed by payer so that each payer's
 * state (balance already spent, recent transactions, usual amounts) follows it across transactions.
 * Each transaction is decided by the rules version in force at its event time ({@link
 * RuleVersions#select}), taken from a {@link RulesSource} that the workers reload every few
 * seconds, so a published version takes effect without a restart. Uses per-key state only, no
 * timers, so it runs on every runner here, the Spark runner's streaming mode included.
 */
public final class ApproveTransactions
    extends PTransform<PCollection<ParsedTransaction>, PCollection<DecidedTransaction>> {

  private final RulesSource rules;
  private final Clock clock;

  /**
   * @param rules where the rules versions come from
   * @param clock stamps each decision's time ({@code horario_decisao})
   */
  public ApproveTransactions(RulesSource rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public PCollection<DecidedTransaction> expand(PCollection<ParsedTransaction> transactions) {
    return transactions
        .apply(
            "KeyByPayer",
            WithKeys.of((ParsedTransaction parsed) -> parsed.transaction().payerId().toString())
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ParsedTransactionCoder.of()))
        .apply("EvaluateRules", ParDo.of(new ApproveFn(rules, clock)))
        .setCoder(DecidedTransactionCoder.of());
  }

  /** Evaluates the rules against the payer's state, then stores the updated state. */
  static final class ApproveFn extends DoFn<KV<String, ParsedTransaction>, DecidedTransaction> {

    private final Counter approved = Metrics.counter(ApproveTransactions.class, "approved");
    private final Counter rejected = Metrics.counter(ApproveTransactions.class, "rejected");
    private final Gauge newestVersion =
        Metrics.gauge(ApproveTransactions.class, "rulesVersionNewest");
    private final Gauge refusedVersions =
        Metrics.gauge(ApproveTransactions.class, "rulesVersionsRefused");

    @StateId("payer")
    private final StateSpec<ValueState<PayerState>> payerSpec =
        StateSpecs.value(PayerStateCoder.of());

    private final RulesSource rules;
    private final Clock clock;

    ApproveFn(RulesSource rules, Clock clock) {
      this.rules = rules;
      this.clock = clock;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, ParsedTransaction> element,
        @StateId("payer") ValueState<PayerState> payerState,
        OutputReceiver<DecidedTransaction> out) {
      ParsedTransaction parsed = element.getValue();
      LedgerEntry payer = parsed.payer();
      PayerState state = PayerState.withLedger(payerState.read(), payer);
      RuleVersions versions = rules.current();
      ApprovalEngine.Evaluation evaluation =
          versions
              .engineAt(parsed.transaction().eventTime())
              .evaluate(parsed.transaction(), payer.user(), state);
      newestVersion.set(versions.newest());
      refusedVersions.set(PostgresRulesSource.refusedVersions());
      payerState.write(evaluation.next());
      (evaluation.decision().approved() ? approved : rejected).inc();
      for (String code : evaluation.decision().rejectedBy()) {
        Metrics.counter(ApproveTransactions.class, "rejectedBy" + code).inc();
      }
      out.output(
          new DecidedTransaction(
              parsed.transaction(), parsed.source(), evaluation.decision(), clock.instant()));
    }
  }
}
