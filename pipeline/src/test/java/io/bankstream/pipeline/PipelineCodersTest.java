package io.bankstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.coders.DecidedTransactionCoder;
import io.bankstream.pipeline.coders.DecodedRecordCoder;
import io.bankstream.pipeline.coders.ParsedTransactionCoder;
import io.bankstream.pipeline.coders.PayerStateCoder;
import io.bankstream.pipeline.coders.SourcePayloadCoder;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.stats.WindowGroupsCoder;
import io.bankstream.pipeline.stats.WindowStatsCoder;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.Test;

/**
 * Nothing the pipeline's own steps pass between them or keep in state travels by Java
 * serialization: builds the whole graph of {@link BankstreamPipeline#build} without running it and
 * walks every collection's coder, every state cell's coder and every combine's accumulator coder,
 * components included, looking for a {@link SerializableCoder}.
 */
class PipelineCodersTest {

  /**
   * Beam's own expansion of the Kafka read hands its one {@link UnboundedSource} to the reading
   * step with a {@code SerializableCoder} (once per job, not per element); only that is let
   * through.
   */
  private static final String KAFKA_READ = "ReadTransactions/ReadFromKafka/";

  @Test
  void everyStepOfTheGraphUsesTheHandMadeCoders() throws Exception {
    BankstreamOptions options =
        PipelineOptionsFactory.fromArgs(
                "--bootstrapServers=127.0.0.1:9092",
                "--jdbcUrl=jdbc:postgresql://127.0.0.1:5432/bank")
            .as(BankstreamOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    BankstreamPipeline.build(pipeline, options);

    CoderWalk walk = new CoderWalk(pipeline);
    pipeline.traverseTopologically(walk);

    assertThat(walk.javaSerialized).as("steps whose coders use Java serialization").isEmpty();
    assertThat(walk.stateCells)
        .as("state cells checked")
        .containsExactlyInAnyOrder("payer", "total");
    assertThat(walk.accumulators).as("accumulators checked").hasSize(1);
    assertThat(walk.seen)
        .as("the hand-made coders are in use")
        .contains(
            SourcePayloadCoder.of(),
            DecodedRecordCoder.of(),
            ParsedTransactionCoder.of(),
            DecidedTransactionCoder.of(),
            DeadLetterCoder.of(),
            PayerStateCoder.of(),
            WindowGroupsCoder.of(),
            WindowStatsCoder.of());
  }

  /** Collects every coder of the graph and where each Java-serializing one is. */
  private static final class CoderWalk extends Pipeline.PipelineVisitor.Defaults {
    private final Pipeline pipeline;
    final List<String> javaSerialized = new ArrayList<>();
    final List<String> stateCells = new ArrayList<>();
    final List<String> accumulators = new ArrayList<>();
    final Set<Coder<?>> seen = new HashSet<>();

    CoderWalk(Pipeline pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public void visitValue(PValue value, TransformHierarchy.Node producer) {
      if (value instanceof PCollection<?> collection) {
        String where = producer.getFullName() + " -> " + collection.getName();
        check(collection.getCoder(), where, where.startsWith(KAFKA_READ));
      }
    }

    @Override
    public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
      if (node.getTransform() instanceof Combine.PerKey<?, ?, ?> perKey
          && perKey.getFn() instanceof Combine.CombineFn<?, ?, ?> fn) {
        PCollection<?> input = (PCollection<?>) node.getInputs().values().iterator().next();
        Coder<?> valueCoder = ((KvCoder<?, ?>) input.getCoder()).getValueCoder();
        check(accumulatorCoder(fn, valueCoder), node.getFullName() + " accumulator", false);
        accumulators.add(node.getFullName());
      }
      return CompositeBehavior.ENTER_TRANSFORM;
    }

    @Override
    public void visitPrimitiveTransform(TransformHierarchy.Node node) {
      if (node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo) {
        DoFn<?, ?> fn = parDo.getFn();
        DoFnSignature signature = DoFnSignatures.getSignature(fn.getClass());
        for (Map.Entry<String, DoFnSignature.StateDeclaration> state :
            signature.stateDeclarations().entrySet()) {
          for (Coder<?> coder : stateCoders(fn, state.getValue().field())) {
            check(coder, node.getFullName() + " state " + state.getKey(), false);
          }
          stateCells.add(state.getKey());
        }
      }
    }

    /** Checks {@code coder} and its components; {@code inKafkaRead} allows Beam's source coder. */
    private void check(Coder<?> coder, String where, boolean inKafkaRead) {
      seen.add(coder);
      if (coder instanceof SerializableCoder<?> serializable
          && !(inKafkaRead && serializable.getRecordType() == UnboundedSource.class)) {
        javaSerialized.add(where + ": " + coder);
      }
      List<? extends Coder<?>> components =
          coder instanceof StructuredCoder<?> structured
              ? structured.getComponents()
              : coder.getCoderArguments();
      for (Coder<?> component : components) {
        check(component, where, inKafkaRead);
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // The fn's own input type, known only at runtime.
    private Coder<?> accumulatorCoder(Combine.CombineFn<?, ?, ?> fn, Coder<?> inputCoder) {
      try {
        return ((Combine.CombineFn) fn)
            .getAccumulatorCoder(pipeline.getCoderRegistry(), inputCoder);
      } catch (Exception e) {
        throw new AssertionError("no accumulator coder for " + fn, e);
      }
    }

    private static List<Coder<?>> stateCoders(DoFn<?, ?> fn, Field field) {
      try {
        field.setAccessible(true);
        StateSpec<?> spec = (StateSpec<?>) field.get(fn);
        return spec.match(
            new StateSpec.Cases.WithDefault<List<Coder<?>>>() {
              @Override
              public List<Coder<?>> dispatchValue(Coder<?> valueCoder) {
                return List.of(valueCoder);
              }

              @Override
              public List<Coder<?>> dispatchBag(Coder<?> elementCoder) {
                return List.of(elementCoder);
              }

              @Override
              public List<Coder<?>> dispatchOrderedList(Coder<?> elementCoder) {
                return List.of(elementCoder);
              }

              @Override
              public List<Coder<?>> dispatchMap(Coder<?> keyCoder, Coder<?> valueCoder) {
                return List.of(keyCoder, valueCoder);
              }

              @Override
              protected List<Coder<?>> dispatchDefault() {
                throw new AssertionError("a state kind this test does not know: " + spec);
              }
            });
      } catch (IllegalAccessException e) {
        throw new AssertionError("cannot read the state spec " + field, e);
      }
    }
  }
}
