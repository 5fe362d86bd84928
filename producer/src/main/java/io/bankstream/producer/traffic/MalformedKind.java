package io.bankstream.producer.traffic;

import io.bankstream.model.ContractViolation.Reason;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of malformed record the generator mixes in, each breaking the data contract (SPEC
 * section 3) in one known way, so the pipeline's dead-letter path can be checked. Each starts from
 * a normal transaction and changes one thing; {@link #expectedReason()} is the {@link Reason}
 * {@link io.bankstream.model.json.TransactionCodec#decode(byte[])} reports for it. The label is
 * {@code "malformed:"} plus the lower-case name, such as {@code malformed:bad_json}.
 *
 * <table>
 *   <caption>Malformed kinds</caption>
 *   <tr><th>kind</th><th>what the value is</th><th>codec reason</th></tr>
 *   <tr><td>BAD_JSON</td><td>the JSON cut at a random byte</td><td>MALFORMED_JSON</td></tr>
 *   <tr><td>NOT_AN_OBJECT</td><td>the JSON object inside an array</td>
 *       <td>NOT_AN_OBJECT</td></tr>
 *   <tr><td>MISSING_FIELD</td><td>one of the 7 fields (drawn at random) removed</td>
 *       <td>MISSING</td></tr>
 *   <tr><td>WRONG_TYPE</td><td>{@code valor_transacao} as a string, {@code "123.45"}</td>
 *       <td>WRONG_TYPE</td></tr>
 *   <tr><td>UNKNOWN_REGION</td><td>{@code id_regiao} {@code "XX"}</td>
 *       <td>UNKNOWN_REGION</td></tr>
 *   <tr><td>UNKNOWN_MODALITY</td><td>{@code modalidade_pagamento} {@code "CHEQUE"}</td>
 *       <td>UNKNOWN_MODALITY</td></tr>
 *   <tr><td>NEGATIVE_AMOUNT</td><td>the amount negated</td><td>NOT_POSITIVE</td></tr>
 *   <tr><td>ZERO_AMOUNT</td><td>{@code 0.00}</td><td>NOT_POSITIVE</td></tr>
 *   <tr><td>THREE_DECIMALS</td><td>the amount plus 0.005, such as {@code 10.555}</td>
 *       <td>TOO_MANY_DECIMALS</td></tr>
 *   <tr><td>SAME_PAYER_AND_RECEIVER</td><td>the receiver set to the payer</td>
 *       <td>SAME_PAYER_AND_RECEIVER</td></tr>
 *   <tr><td>EPOCH_SECONDS</td><td>{@code data_horario} in epoch seconds (lands in 1970)</td>
 *       <td>TIMESTAMP_OUT_OF_RANGE</td></tr>
 *   <tr><td>NOT_UTF8</td><td>the JSON in ISO-8859-1 with {@code id_regiao} "São Paulo" (byte
 *       0xE3 is not UTF-8 there)</td><td>MALFORMED_JSON</td></tr>
 *   <tr><td>UNKNOWN_USER</td><td>a well-formed transaction whose payer is no generated user</td>
 *       <td>none: valid for the codec; the pipeline's user lookup rejects it
 *       ({@code UNKNOWN_USER})</td></tr>
 * </table>
 */
public enum MalformedKind {
  BAD_JSON(Reason.MALFORMED_JSON),
  NOT_AN_OBJECT(Reason.NOT_AN_OBJECT),
  MISSING_FIELD(Reason.MISSING),
  WRONG_TYPE(Reason.WRONG_TYPE),
  UNKNOWN_REGION(Reason.UNKNOWN_REGION),
  UNKNOWN_MODALITY(Reason.UNKNOWN_MODALITY),
  NEGATIVE_AMOUNT(Reason.NOT_POSITIVE),
  ZERO_AMOUNT(Reason.NOT_POSITIVE),
  THREE_DECIMALS(Reason.TOO_MANY_DECIMALS),
  SAME_PAYER_AND_RECEIVER(Reason.SAME_PAYER_AND_RECEIVER),
  EPOCH_SECONDS(Reason.TIMESTAMP_OUT_OF_RANGE),
  NOT_UTF8(Reason.MALFORMED_JSON),
  UNKNOWN_USER(null);

  /** The prefix of every malformed label. */
  public static final String LABEL_PREFIX = "malformed:";

  private final Reason expectedReason;
  private final String label;

  MalformedKind(Reason expectedReason) {
    this.expectedReason = expectedReason;
    this.label = "malformed:" + name().toLowerCase(Locale.ROOT);
  }

  /** The label, as written in the {@link GeneratedRecord#LABEL_HEADER} header. */
  public String label() {
    return label;
  }

  /**
   * The reason the codec reports for this kind; empty for {@link #UNKNOWN_USER}, which the codec
   * accepts and the pipeline rejects when it looks the payer up ({@link Reason#UNKNOWN_USER}).
   */
  public Optional<Reason> expectedReason() {
    return Optional.ofNullable(expectedReason);
  }
}
