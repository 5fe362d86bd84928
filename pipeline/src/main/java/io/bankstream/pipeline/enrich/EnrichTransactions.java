package io.bankstream.pipeline.enrich;

import io.bankstream.core.profiles.ProfileLookup;
import io.bankstream.model.ContractViolation;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.Transaction;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.coders.ParsedTransactionCoder;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Attaches the payer's profile (home UF, balance, limits) to each transaction. A payer or receiver
 * that is not a user becomes a dead letter with reason {@code UNKNOWN_USER} naming the field.
 */
public final class EnrichTransactions
    extends PTransform<PCollection<ParsedTransaction>, PCollectionTuple> {

  /** Name of this step, as recorded in {@code dead_letters.step}. */
  public static final String STEP = DeadLetter.ENRICH_STEP;

  public static final TupleTag<ParsedTransaction> ENRICHED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final ProfileLookup profiles;

  public EnrichTransactions(ProfileLookup profiles) {
    this.profiles = profiles;
  }

  @Override
  public PCollectionTuple expand(PCollection<ParsedTransaction> transactions) {
    PCollectionTuple outputs =
        transactions.apply(
            "LookUpProfiles",
            ParDo.of(new EnrichFn(profiles))
                .withOutputTags(ENRICHED, TupleTagList.of(DEAD_LETTERS)));
    outputs.get(ENRICHED).setCoder(ParsedTransactionCoder.of());
    outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return outputs;
  }

  /** Looks up the payer and checks the receiver exists. */
  static final class EnrichFn extends DoFn<ParsedTransaction, ParsedTransaction> {
    private final Counter unknownUsers = Metrics.counter(EnrichTransactions.class, "unknownUsers");
    private final ProfileLookup profiles;

    EnrichFn(ProfileLookup profiles) {
      this.profiles = profiles;
    }

    @ProcessElement
    public void processElement(@Element ParsedTransaction parsed, MultiOutputReceiver out) {
      Transaction transaction = parsed.transaction();
      Optional<LedgerEntry> payer = profiles.find(transaction.payerId());
      if (payer.isEmpty()) {
        unknown(parsed, TransactionCodec.PAYER_FIELD, "payer", out);
      } else if (profiles.find(transaction.receiverId()).isEmpty()) {
        unknown(parsed, TransactionCodec.RECEIVER_FIELD, "receiver", out);
      } else {
        out.get(ENRICHED).output(parsed.withPayer(payer.get()));
      }
    }

    private void unknown(
        ParsedTransaction parsed, String field, String role, MultiOutputReceiver out) {
      unknownUsers.inc();
      String id =
          role.equals("payer")
              ? parsed.transaction().payerId().toString()
              : parsed.transaction().receiverId().toString();
      out.get(DEAD_LETTERS)
          .output(
              DeadLetter.of(
                  parsed.source(),
                  STEP,
                  ContractViolation.Reason.UNKNOWN_USER.name(),
                  field,
                  field + ": the " + role + " " + id + " is not a user (no row in usuarios)"));
    }
  }
}
