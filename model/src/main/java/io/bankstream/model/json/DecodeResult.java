package io.bankstream.model.json;

import io.bankstream.model.ContractViolation;
import io.bankstream.model.Transaction;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of decoding one message with {@link TransactionCodec}: either {@link Valid}, holding
 * the {@link Transaction}, or {@link Invalid}, holding the first {@link ContractViolation} found.
 * Decoding never returns {@code null} and never throws for bad input, so a caller branches on this
 * value instead of catching exceptions: {@link #isValid()}, the two optional accessors, or {@link
 * #fold(Function, Function)}.
 */
public sealed interface DecodeResult extends Serializable
    permits DecodeResult.Valid, DecodeResult.Invalid {

  /** A result holding {@code transaction}. */
  static DecodeResult valid(Transaction transaction) {
    return new Valid(transaction);
  }

  /** A result holding {@code violation}. */
  static DecodeResult invalid(ContractViolation violation) {
    return new Invalid(violation);
  }

  /** Whether the message met the contract. */
  boolean isValid();

  /** The transaction if the message met the contract, empty otherwise. */
  Optional<Transaction> transactionIfValid();

  /** The violation if the message broke the contract, empty otherwise. */
  Optional<ContractViolation> violationIfInvalid();

  /** Applies {@code ifValid} or {@code ifInvalid}, whichever matches, and returns its result. */
  <R> R fold(
      Function<? super Transaction, ? extends R> ifValid,
      Function<? super ContractViolation, ? extends R> ifInvalid);

  /**
   * A message that met the contract.
   *
   * @param transaction the decoded transaction
   */
  record Valid(Transaction transaction) implements DecodeResult {

    public Valid {
      Objects.requireNonNull(transaction, "transaction");
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public Optional<Transaction> transactionIfValid() {
      return Optional.of(transaction);
    }

    @Override
    public Optional<ContractViolation> violationIfInvalid() {
      return Optional.empty();
    }

    @Override
    public <R> R fold(
        Function<? super Transaction, ? extends R> ifValid,
        Function<? super ContractViolation, ? extends R> ifInvalid) {
      return ifValid.apply(transaction);
    }
  }

  /**
   * A message that broke the contract.
   *
   * @param violation the first violation found, in contract order
   */
  record Invalid(ContractViolation violation) implements DecodeResult {

    public Invalid {
      Objects.requireNonNull(violation, "violation");
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public Optional<Transaction> transactionIfValid() {
      return Optional.empty();
    }

    @Override
    public Optional<ContractViolation> violationIfInvalid() {
      return Optional.of(violation);
    }

    @Override
    public <R> R fold(
        Function<? super Transaction, ? extends R> ifValid,
        Function<? super ContractViolation, ? extends R> ifInvalid) {
      return ifInvalid.apply(violation);
    }
  }
}
