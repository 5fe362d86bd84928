package io.bankstream.pipeline.parse;

import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecodedRecord;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.coders.ParsedTransactionCoder;
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
 * Splits the records the contract's codec accepted from those it refused. The reader decoded each
 * record once already ({@link io.bankstream.pipeline.source.ReadTransactions}); this step does not
 * parse again. Output {@link #PARSED} holds the valid transactions with their records; {@link
 * #DEAD_LETTERS} holds every record that breaks the contract, its bytes as sent, with the field and
 * the reason. Nothing is dropped.
 */
public final class ParseTransactions
    extends PTransform<PCollection<DecodedRecord>, PCollectionTuple> {

  /** Name of this step, as recorded in {@code dead_letters.step}. */
  public static final String STEP = DeadLetter.PARSE_STEP;

  public static final TupleTag<ParsedTransaction> PARSED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<DecodedRecord> records) {
    PCollectionTuple outputs =
        records.apply(
            "SplitValidFromInvalid",
            ParDo.of(new ParseFn()).withOutputTags(PARSED, TupleTagList.of(DEAD_LETTERS)));
    outputs.get(PARSED).setCoder(ParsedTransactionCoder.of());
    outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return outputs;
  }

  /** One record: its transaction, or a dead letter naming the field and the reason. */
  static final class ParseFn extends DoFn<DecodedRecord, ParsedTransaction> {
    private final Counter parsed = Metrics.counter(ParseTransactions.class, "parsed");
    private final Counter invalid = Metrics.counter(ParseTransactions.class, "invalid");

    @ProcessElement
    public void processElement(@Element DecodedRecord record, MultiOutputReceiver out) {
      if (record.decoded() instanceof DecodeResult.Valid valid) {
        parsed.inc();
        out.get(PARSED).output(new ParsedTransaction(valid.transaction(), record.source(), null));
      } else {
        invalid.inc();
        DecodeResult.Invalid refused = (DecodeResult.Invalid) record.decoded();
        out.get(DEAD_LETTERS).output(DeadLetter.of(record.source(), STEP, refused.violation()));
      }
    }
  }
}
