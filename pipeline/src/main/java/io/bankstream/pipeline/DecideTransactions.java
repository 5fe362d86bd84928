package io.bankstream.pipeline;

import io.bankstream.core.profiles.ProfileLookup;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesSource;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.DecodedRecord;
import io.bankstream.pipeline.approve.ApproveTransactions;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.enrich.EnrichTransactions;
import io.bankstream.pipeline.parse.ParseTransactions;
import java.time.Clock;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The pipeline's logic between source and sinks: split the decoded Kafka records into transactions
 * and contract violations, enrich each transaction with the payer's profile, and decide it. Output
 * {@link #DECIDED} holds every valid transaction with its decision; {@link #DEAD_LETTERS} every
 * record that broke the contract or named an unknown user, each with its bytes as sent. Tests build
 * this transform directly on a {@code TestStream}.
 */
public final class DecideTransactions
    extends PTransform<PCollection<DecodedRecord>, PCollectionTuple> {

  public static final TupleTag<DecidedTransaction> DECIDED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final ProfileLookup profiles;
  private final RulesSource rules;
  private final Clock clock;

  /** Decides with the published rules versions of {@code rules}. */
  public DecideTransactions(ProfileLookup profiles, RulesSource rules, Clock clock) {
    this.profiles = profiles;
    this.rules = rules;
    this.clock = clock;
  }

  /** Decides with {@code rules} alone, as version 0: for tests. */
  public DecideTransactions(ProfileLookup profiles, RulesConfig rules, Clock clock) {
    this(profiles, RulesSource.fixed(rules), clock);
  }

  @Override
  public PCollectionTuple expand(PCollection<DecodedRecord> records) {
    PCollectionTuple parsed = records.apply("ParseTransactions", new ParseTransactions());
    PCollectionTuple enriched =
        parsed
            .get(ParseTransactions.PARSED)
            .apply("EnrichTransactions", new EnrichTransactions(profiles));
    PCollection<DecidedTransaction> decided =
        enriched
            .get(EnrichTransactions.ENRICHED)
            .apply("ApproveTransactions", new ApproveTransactions(rules, clock));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(parsed.get(ParseTransactions.DEAD_LETTERS))
            .and(enriched.get(EnrichTransactions.DEAD_LETTERS))
            .apply("CollectDeadLetters", Flatten.pCollections())
            .setCoder(DeadLetterCoder.of());
    return PCollectionTuple.of(DECIDED, decided).and(DEAD_LETTERS, deadLetters);
  }
}
