package io.bankstream.core.rules;

import io.bankstream.model.Decision;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named test values and builders for the rules' inputs: a payer ({@link #aPayer()}), a transaction
 * ({@link #aTransaction()}) and a {@link Session} that threads one payer's state through a sequence
 * of transactions. Every field has a fixed default, so a test names only what it is about.
 */
public final class RulesFixtures {

  public static final UUID PAYER_ID = UUID.fromString("0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b");
  public static final UUID RECEIVER_ID = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");

  /** The day of every fixture: a Tuesday; São Paulo is at UTC-3 all year (no daylight saving). */
  public static final LocalDate DAY = LocalDate.of(2024, 5, 28);

  /** 12:00 in São Paulo: daytime, hour risk 0, seed t7 = 0. */
  public static final Instant NOON = saoPaulo("12:00");

  /** 14:00 in São Paulo: daytime. */
  public static final Instant AFTERNOON = saoPaulo("14:00");

  /** 02:00 in São Paulo: deep night, hour risk 1. */
  public static final Instant TWO_AM = saoPaulo("02:00");

  /** A balance and limits high enough that no fixture trips SALDO or LIMITE unless it means to. */
  public static final String LARGE = "1000000.00";

  private static final AtomicLong NEXT_ID = new AtomicLong();

  private RulesFixtures() {}

  /** {@code time} ("HH:mm", "HH:mm:ss" or "HH:mm:ss.SSS") on {@link #DAY} in São Paulo. */
  public static Instant saoPaulo(String time) {
    return LocalTime.parse(time).atDate(DAY).atZone(RulesConfig.ZONE).toInstant();
  }

  /** A builder preset to a payer living in SP with R$ 1,000,000.00 and that much for each limit. */
  public static PayerBuilder aPayer() {
    return new PayerBuilder();
  }

  /** A builder preset to a R$ 50.00 PIX in SP at {@link #NOON} from {@link #PAYER_ID}. */
  public static TransactionBuilder aTransaction() {
    return new TransactionBuilder();
  }

  /**
   * An engine with the default profile's five built-in rules and their default values, without the
   * aggregate limits: what each rule's own test is about. {@code AggregateLimitTest} tests the
   * limits, and {@code ScenarioSanityTest} the bundled defaults whole ({@link
   * #bundledDefaultsEngine}).
   */
  public static ApprovalEngine defaultEngine() {
    return new ApprovalEngine(RulesConfig.defaults().withLimits(List.of()));
  }

  /** An engine with the bundled defaults as they are, aggregate limits included. */
  public static ApprovalEngine bundledDefaultsEngine() {
    return new ApprovalEngine(RulesConfig.defaults());
  }

  /** An engine with the seed profile and otherwise default rules. */
  public static ApprovalEngine seedEngine() {
    return new ApprovalEngine(RulesConfig.defaults().withProfile(RuleProfile.SEED));
  }

  /** Mutable builder of {@link UserProfile}. */
  public static final class PayerBuilder {
    private Region home = Region.SP;
    private BigDecimal balance = new BigDecimal(LARGE);
    private final Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);

    private PayerBuilder() {
      for (PaymentModality modality : PaymentModality.values()) {
        limits.put(modality, new BigDecimal(LARGE));
      }
    }

    public PayerBuilder home(Region value) {
      home = value;
      return this;
    }

    public PayerBuilder balance(String value) {
      balance = new BigDecimal(value);
      return this;
    }

    public PayerBuilder limit(PaymentModality modality, String value) {
      limits.put(modality, new BigDecimal(value));
      return this;
    }

    public UserProfile build() {
      return new UserProfile(
          PAYER_ID, home, balance, limits, Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  /** Mutable builder of {@link Transaction}; every build gets a new id. */
  public static final class TransactionBuilder {
    private Region region = Region.SP;
    private PaymentModality modality = PaymentModality.PIX;
    private Instant eventTime = NOON;
    private BigDecimal amount = new BigDecimal("50.00");

    private TransactionBuilder() {}

    public TransactionBuilder region(Region value) {
      region = value;
      return this;
    }

    public TransactionBuilder modality(PaymentModality value) {
      modality = value;
      return this;
    }

    public TransactionBuilder at(Instant value) {
      eventTime = value;
      return this;
    }

    /** At {@code time} on {@link #DAY} in São Paulo. */
    public TransactionBuilder at(String time) {
      return at(saoPaulo(time));
    }

    public TransactionBuilder amount(String value) {
      amount = new BigDecimal(value);
      return this;
    }

    public Transaction build() {
      UUID id =
          UUID.nameUUIDFromBytes(
              ("tx-" + NEXT_ID.getAndIncrement()).getBytes(StandardCharsets.UTF_8));
      return new Transaction(id, PAYER_ID, RECEIVER_ID, region, modality, eventTime, amount);
    }
  }

  /**
   * One payer's transactions through one engine, in the order submitted: each call evaluates with
   * the state the previous one left, as the pipeline's per-payer state does.
   */
  public static final class Session {
    private final ApprovalEngine engine;
    private final UserProfile payer;
    private PayerState state;

    public Session(ApprovalEngine engine, UserProfile payer) {
      this.engine = engine;
      this.payer = payer;
      this.state = PayerState.initial(payer);
    }

    /** Evaluates {@code tx} and keeps the payer's next state. */
    public Decision submit(Transaction tx) {
      ApprovalEngine.Evaluation evaluation = engine.evaluate(tx, payer, state);
      state = evaluation.next();
      return evaluation.decision();
    }

    /** Evaluates what {@code tx} builds. */
    public Decision submit(TransactionBuilder tx) {
      return submit(tx.build());
    }

    public PayerState state() {
      return state;
    }
  }
}
