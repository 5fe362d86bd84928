package io.bankstream.pipeline.parse;

import io.bankstream.model.DeadLetter;
import io.bankstream.model.ParsedTransaction;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
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
 * Turns Kafka records into transactions with the contract's codec. Output {@link #PARSED} holds the
 * valid ones; {@link #DEAD_LETTERS} holds every record that breaks the contract, with the field and
 * the reason. Nothing is dropped.
 */
public final class ParseTransactions
    extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {

  /** Name of this step, as recorded in {@code dead_letters.step}. */
  public static final String STEP = DeadLetter.PARSE_STEP;

  public static final TupleTag<ParsedTransaction> PARSED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple outputs =
        records.apply(
            "DecodeJson",
            ParDo.of(new ParseFn()).withOutputTags(PARSED, TupleTagList.of(DEAD_LETTERS)));
    outputs.get(PARSED).setCoder(ParsedTransactionCoder.of());
    outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return outputs;
  }

  /** Decodes one record: a transaction, or a dead letter naming the field and the reason. */
  static final class ParseFn extends DoFn<SourceRecord, ParsedTransaction> {
    private final Counter parsed = Metrics.counter(ParseTransactions.class, "parsed");
    private final Counter invalid = Metrics.counter(ParseTransactions.class, "invalid");
    private final TransactionCodec codec = new TransactionCodec();

    @ProcessElement
    public void processElement(@Element SourceRecord record, MultiOutputReceiver out) {
      DecodeResult result = codec.decode(record.value());
      if (result instanceof DecodeResult.Valid valid) {
        parsed.inc();
        out.get(PARSED).output(new ParsedTransaction(valid.transaction(), record, null));
      } else {
        invalid.inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(record, STEP, ((DecodeResult.Invalid) result).violation()));
      }
    }
  }
}
