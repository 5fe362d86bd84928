package io.bankstream.model.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.Transaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * One transaction of the latest lists in Redis ({@link RedisKeys#latestTransactionsData()}, {@link
 * RedisKeys#latestRejectionsData()}): the JSON the pipeline and the bench's floor write and the
 * dashboard reads, with the layout documented in {@link RedisKeys}. {@link #toJson()} writes it
 * compact, in this order, {@code amount} and {@code risk_score} as plain decimals ({@code 150.00},
 * never {@code 1.5E+2}), instants as ISO-8601 UTC; {@link #fromJson} reads it back, ignoring keys
 * it does not know.
 *
 * @param id {@code id}, the transaction id
 * @param payer {@code payer}, the payer's id
 * @param receiver {@code receiver}, the receiver's id
 * @param region {@code region}, the UF code, e.g. {@code SP}
 * @param modality {@code modality}, e.g. {@code PIX}
 * @param eventTime {@code event_time}, when the transfer was made
 * @param amount {@code amount}, in reais as the transaction has it (scale 2)
 * @param approved {@code approved}
 * @param reasons {@code reasons}, the codes of the rules that rejected it, in rule order; empty
 *     when approved (and when absent)
 * @param riskScore {@code risk_score}, 4 decimals; null when it was not a number (and when absent)
 * @param decidedAt {@code decided_at}, when the pipeline decided
 */
@JsonPropertyOrder({
  "id",
  "payer",
  "receiver",
  "region",
  "modality",
  "event_time",
  "amount",
  "approved",
  "reasons",
  "risk_score",
  "decided_at"
})
public record LatestTransaction(
    @JsonProperty(value = "id", required = true) String id,
    @JsonProperty(value = "payer", required = true) String payer,
    @JsonProperty(value = "receiver", required = true) String receiver,
    @JsonProperty(value = "region", required = true) String region,
    @JsonProperty(value = "modality", required = true) String modality,
    @JsonProperty(value = "event_time", required = true) Instant eventTime,
    @JsonProperty(value = "amount", required = true) BigDecimal amount,
    @JsonProperty(value = "approved", required = true) boolean approved,
    @JsonProperty("reasons") List<String> reasons,
    @JsonProperty("risk_score") BigDecimal riskScore,
    @JsonProperty(value = "decided_at", required = true) Instant decidedAt) {

  /** The decimals of {@link #riskScore}. */
  public static final int RISK_SCORE_SCALE = 4;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          // Instants as Instant.toString() writes them; Jackson needs a module for java.time.
          .addModule(
              new SimpleModule("iso-instants")
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          // Newer writers may add keys; an older reader still reads the ones it knows.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // Types as written, no guessing: "10.00" is not an amount, 1 is not a rule code.
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  public LatestTransaction {
    requireText(id, "id");
    requireText(payer, "payer");
    requireText(receiver, "receiver");
    requireText(region, "region");
    requireText(modality, "modality");
    require(eventTime, "event_time");
    require(amount, "amount");
    require(decidedAt, "decided_at");
    if (reasons == null) {
      reasons = List.of();
    } else if (reasons.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("reasons holds a null");
    } else {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * The entry of {@code decided}: ids as UUID strings, UF and modality by name, the rule codes that
   * rejected it, its risk score rounded half up to {@value #RISK_SCORE_SCALE} decimals (null when
   * not finite).
   */
  public static LatestTransaction of(DecidedTransaction decided) {
    Transaction transaction = decided.transaction();
    Decision decision = decided.decision();
    double score = decision.riskScore();
    return new LatestTransaction(
        transaction.id().toString(),
        transaction.payerId().toString(),
        transaction.receiverId().toString(),
        transaction.region().name(),
        transaction.modality().name(),
        transaction.eventTime(),
        transaction.amount(),
        decision.approved(),
        decision.rejectedBy(),
        Double.isFinite(score)
            ? BigDecimal.valueOf(score).setScale(RISK_SCORE_SCALE, RoundingMode.HALF_UP)
            : null,
        decided.decidedAt());
  }

  /** The compact JSON stored in Redis; see the class comment. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("cannot write a latest transaction as JSON", impossible);
    }
  }

  /**
   * The entry {@code json} holds.
   *
   * @throws IllegalArgumentException naming what is wrong, when {@code json} is not a JSON object,
   *     lacks a required key, or holds a value of another type or format
   */
  public static LatestTransaction fromJson(String json) {
    LatestTransaction read;
    try {
      read = JSON.readValue(json, LatestTransaction.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    if (read == null) {
      throw new IllegalArgumentException("not a JSON object: " + json);
    }
    return read;
  }

  private static void require(Object value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
  }

  private static void requireText(String value, String key) {
    require(value, key);
    if (value.isBlank()) {
      throw new IllegalArgumentException(key + " is blank");
    }
  }

  /** An ISO-8601 instant from a JSON string, as {@link Instant#toString()} writes it. */
  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final long serialVersionUID = 1L;

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an instant");
      }
    }
  }
}
