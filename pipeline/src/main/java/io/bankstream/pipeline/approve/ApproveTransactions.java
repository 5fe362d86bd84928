package io.bankstream.pipeline.approve;

import io.bankstream.core.rules.ApprovalEngine;
import io.bankstream.core.rules.PayerState;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.RuleCode;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.pipeline.coders.DecidedTransactionCoder;
import io.bankstream.pipeline.coders.ParsedTransactionCoder;
import io.bankstream.pipeline.coders.PayerStateCoder;
import java.time.Clock;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
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
 * Uses per-key state only, no timers, so it runs on every runner here, the Spark runner's streaming
 * mode included.
 */
public final class ApproveTransactions
    extends PTransform<PCollection<ParsedTransaction>, PCollection<DecidedTransaction>> {

  private final RulesConfig rules;
  private final Clock clock;

  /**
   * @param rules the rules and thresholds
   * @param clock stamps each decision's time ({@code horario_decisao})
   */
  public ApproveTransactions(RulesConfig rules, Clock clock) {
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

    @StateId("payer")
    private final StateSpec<ValueState<PayerState>> payerSpec =
        StateSpecs.value(PayerStateCoder.of());

    private final RulesConfig rules;
    private final Clock clock;
    private transient ApprovalEngine engine;

    ApproveFn(RulesConfig rules, Clock clock) {
      this.rules = rules;
      this.clock = clock;
    }

    @Setup
    public void setup() {
      engine = new ApprovalEngine(rules);
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, ParsedTransaction> element,
        @StateId("payer") ValueState<PayerState> payerState,
        OutputReceiver<DecidedTransaction> out) {
      ParsedTransaction parsed = element.getValue();
      LedgerEntry payer = parsed.payer();
      PayerState state = PayerState.withLedger(payerState.read(), payer);
      ApprovalEngine.Evaluation evaluation =
          engine.evaluate(parsed.transaction(), payer.user(), state);
      payerState.write(evaluation.next());
      (evaluation.decision().approved() ? approved : rejected).inc();
      for (RuleCode code : evaluation.decision().rejectedBy()) {
        Metrics.counter(ApproveTransactions.class, "rejectedBy" + code.name()).inc();
      }
      out.output(
          new DecidedTransaction(
              parsed.transaction(), parsed.source(), evaluation.decision(), clock.instant()));
    }
  }
}
