package io.bankstream.core.rules;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the approval rules remember about one payer between its transactions: the per-key state of
 * the approval step, keyed by payer id. Only {@link ApprovalEngine#evaluate} advances it; {@link
 * #initial(UserProfile)} starts it the first time the pipeline sees the payer. Its size is bounded
 * whatever the payer does: a few numbers, at most {@link RulesConfig.Velocidade#maxTransactions()}
 * instants, and at most {@link RulesConfig.AggregateLimit#MAX_COUNT} history entries of 22 bytes.
 *
 * <ul>
 *   <li><b>Ledger</b> ({@code SALDO}): the available balance is {@code baselineBalance -
 *       approvedTotal}, brought up to date from the database's ledger by {@link #withLedger} before
 *       each evaluation: the baseline is {@code saldo + total_debitado} as last read, so credits
 *       the payer received count, and {@code approvedTotal} counts the debits the database held
 *       when the payer was first seen plus every approval since, so nothing counts twice.
 *   <li><b>Velocity</b> ({@code VELOCIDADE}): the event times of the payer's latest transactions,
 *       approved or rejected, ascending. After each transaction it keeps only instants later than
 *       (latest instant - window), and of those at most {@code velocityMaxTransactions}, the
 *       latest: enough to decide exactly for events that arrive in event-time order. An event older
 *       than the latest one is counted against what is still remembered only; as at most {@code
 *       velocityMaxTransactions} instants are kept, all at or before the latest, an event strictly
 *       earlier than the latest one seen never finds that many and is not rejected by {@code
 *       VELOCIDADE}.
 *   <li><b>Usual amount</b> ({@code RISCO}): per modality, an exponential moving average of the
 *       natural logarithm of the payer's <em>approved</em> amounts, {@code ema' = ema + alpha (ln
 *       amount - ema)}, starting from ln of the configured default usual amount; the usual amount
 *       is {@code e^ema}. A modality without an approved transaction is absent and uses the
 *       default. Rejected transactions do not move it, so a fraudster cannot raise it by repeating
 *       rejected attempts.
 *   <li><b>History</b> ({@link RulesConfig#limits() aggregate limits}): the payer's latest
 *       transactions (event time, amount, UF, modality, approved), ascending by event time, those
 *       within the longest limit window of the latest one, and of those at most {@link
 *       RulesConfig.AggregateLimit#MAX_COUNT}, the latest. Empty when the deciding rules have no
 *       limit. Exact for events in event-time order; an event older than the latest one is measured
 *       against what is still remembered. Held as a {@link LimitHistory}: primitive arrays, as it
 *       is most of the state's size.
 * </ul>
 *
 * @param baselineBalance the payer's {@code saldo + total_debitado} as last read from the ledger
 * @param approvedTotal the payer's debits when first seen plus its approvals since, at most the
 *     baseline
 * @param recentEventTimes event times of the latest transactions, ascending (see above)
 * @param usualLogAmounts per modality, the moving average of ln(approved amount)
 * @param history the latest transactions the aggregate limits measure (see above)
 */
public record PayerState(
    BigDecimal baselineBalance,
    BigDecimal approvedTotal,
    List<Instant> recentEventTimes,
    Map<PaymentModality, Double> usualLogAmounts,
    List<Recent> history)
    implements Serializable {

  /**
   * One of the payer's transactions as the aggregate limits remember it.
   *
   * @param eventTime its event time
   * @param amount its amount
   * @param region the UF it came from
   * @param modality its modality
   * @param approved whether it was approved
   */
  public record Recent(
      Instant eventTime,
      BigDecimal amount,
      Region region,
      PaymentModality modality,
      boolean approved)
      implements Serializable {
    public Recent {
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(modality, "modality");
    }
  }

  public PayerState {
    Objects.requireNonNull(baselineBalance, "baselineBalance");
    Objects.requireNonNull(approvedTotal, "approvedTotal");
    Objects.requireNonNull(recentEventTimes, "recentEventTimes");
    Objects.requireNonNull(usualLogAmounts, "usualLogAmounts");
    if (baselineBalance.signum() < 0) {
      throw new IllegalArgumentException(
          "baselineBalance must not be negative: " + baselineBalance);
    }
    if (approvedTotal.signum() < 0 || approvedTotal.compareTo(baselineBalance) > 0) {
      throw new IllegalArgumentException(
          "approvedTotal must be between 0 and the baseline "
              + baselineBalance
              + ": "
              + approvedTotal);
    }
    List<Instant> times = new ArrayList<>(recentEventTimes);
    times.forEach(time -> Objects.requireNonNull(time, "recentEventTimes element"));
    Collections.sort(times);
    recentEventTimes = List.copyOf(times);
    EnumMap<PaymentModality, Double> usual = new EnumMap<>(PaymentModality.class);
    usualLogAmounts.forEach(
        (modality, logAmount) -> {
          if (logAmount == null || !Double.isFinite(logAmount)) {
            throw new IllegalArgumentException(
                "usual log amount of " + modality + ": " + logAmount);
          }
          usual.put(modality, logAmount);
        });
    usualLogAmounts = Collections.unmodifiableMap(usual);
    history = LimitHistory.of(Objects.requireNonNull(history, "history"));
  }

  /**
   * The state of a payer the pipeline has not seen before: its balance from {@code payer}, nothing
   * approved, no recent transaction, the default usual amounts.
   */
  public static PayerState initial(UserProfile payer) {
    BigDecimal zero = Money.of("0");
    return new PayerState(payer.balance(), zero, List.of(), Map.of(), List.of());
  }

  /**
   * The payer's state with its balance brought up to date from the database's ledger, so credits
   * the payer received count, and no approval counts twice. The database holds {@code saldo} and
   * {@code total_debitado} (every debit it has applied); the state counts, in {@code
   * approvedTotal}, the database's debits when the payer was first seen plus every approval since.
   * So {@code saldo + total_debitado - approvedTotal} is the balance once the approvals not yet
   * written are, and that is what the rules spend from. A stale profile only hides recent credits:
   * safe. A replayed approval counts again in the state but not in the database: safe too, the
   * balance is only underestimated.
   */
  public static PayerState withLedger(PayerState stored, LedgerEntry payer) {
    PayerState state = stored != null ? stored : PayerState.initial(payer.user());
    BigDecimal approved = stored != null ? state.approvedTotal() : payer.totalDebited();
    BigDecimal baseline = payer.user().balance().add(payer.totalDebited());
    // A profile older than the state's last approval could put the approvals above the
    // baseline: then nothing is available, which only errs on the safe side.
    return new PayerState(
        baseline.max(approved),
        approved,
        state.recentEventTimes(),
        state.usualLogAmounts(),
        state.history());
  }

  /** What the payer may still spend: {@code baselineBalance - approvedTotal}, never negative. */
  public BigDecimal availableBalance() {
    return baselineBalance.subtract(approvedTotal);
  }

  /** How many remembered event times fall in ({@code from}, {@code to}]. */
  int eventsBetween(Instant fromExclusive, Instant toInclusive) {
    int count = 0;
    for (Instant time : recentEventTimes) {
      if (time.isAfter(fromExclusive) && !time.isAfter(toInclusive)) {
        count++;
      }
    }
    return count;
  }

  /** The payer's usual amount of {@code modality}, {@code defaultAmount} if none was approved. */
  double usualAmount(PaymentModality modality, BigDecimal defaultAmount) {
    Double logAmount = usualLogAmounts.get(modality);
    return logAmount == null ? defaultAmount.doubleValue() : StrictMath.exp(logAmount);
  }

  /**
   * The state after {@code tx} was decided: {@code approved} debits its amount and teaches the
   * usual amount; either way its event time and amount are remembered (see the class Javadoc).
   */
  PayerState after(Transaction tx, boolean approved, RulesConfig config) {
    BigDecimal amount = tx.amount();
    BigDecimal nextApproved = approved ? approvedTotal.add(amount) : approvedTotal;
    Map<PaymentModality, Double> nextUsual = usualLogAmounts;
    if (approved) {
      double previous =
          StrictMath.log(usualAmount(tx.modality(), config.risco().usualAmount(tx.modality())));
      double updated =
          previous
              + config.risco().usualAmountAlpha()
                  * (StrictMath.log(amount.doubleValue()) - previous);
      EnumMap<PaymentModality, Double> usual = new EnumMap<>(PaymentModality.class);
      usual.putAll(usualLogAmounts);
      usual.put(tx.modality(), updated);
      nextUsual = usual;
    }
    return new PayerState(
        baselineBalance,
        nextApproved,
        rememberEventTime(
            tx.eventTime(), config.velocidade().window(), config.velocidade().maxTransactions()),
        nextUsual,
        rememberForLimits(tx, approved, config.longestLimitWindow()));
  }

  /**
   * What {@code limit} measures for {@code tx}: over the payer's remembered transactions in (t -
   * window, t] of the limit's modality, and {@code tx} itself (see {@link
   * RulesConfig.AggregateLimit}).
   */
  BigDecimal measure(RulesConfig.AggregateLimit limit, Transaction tx) {
    Instant time = tx.eventTime();
    Instant from = time.minus(limit.window());
    LimitHistory remembered = (LimitHistory) history;
    return switch (limit.measure()) {
      case SUM -> tx.amount().add(remembered.approvedSum(from, time, limit));
      case COUNT -> BigDecimal.valueOf(remembered.count(from, time, limit) + 1L);
      case DISTINCT_UFS -> {
        EnumSet<Region> regions = EnumSet.of(tx.region());
        remembered.addRegions(from, time, limit, regions);
        yield BigDecimal.valueOf(regions.size());
      }
    };
  }

  private List<Recent> rememberForLimits(Transaction tx, boolean approved, Duration window) {
    if (window.isZero()) {
      return LimitHistory.empty();
    }
    return ((LimitHistory) history)
        .plus(
            new Recent(tx.eventTime(), tx.amount(), tx.region(), tx.modality(), approved),
            window,
            RulesConfig.AggregateLimit.MAX_COUNT);
  }

  private List<Instant> rememberEventTime(Instant eventTime, Duration window, int keep) {
    List<Instant> times = new ArrayList<>(recentEventTimes.size() + 1);
    times.addAll(recentEventTimes);
    times.add(eventTime);
    Collections.sort(times);
    Instant horizon = times.get(times.size() - 1).minus(window);
    times.removeIf(time -> !time.isAfter(horizon));
    int excess = times.size() - keep;
    return excess > 0 ? times.subList(excess, times.size()) : times;
  }
}
