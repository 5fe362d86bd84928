package io.bankstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaymentModalityTest {

  @Test
  void readsTheContractNamesCaseInsensitively() {
    assertThat(PaymentModality.fromContract("PIX")).contains(PaymentModality.PIX);
    assertThat(PaymentModality.fromContract("Boleto")).contains(PaymentModality.BOLETO);
    assertThat(PaymentModality.fromContract("ted")).contains(PaymentModality.TED);
    assertThat(PaymentModality.fromContract(" doc ")).contains(PaymentModality.DOC);
    assertThat(PaymentModality.fromContract("CARTAO")).isEmpty();
    assertThat(PaymentModality.fromContract(null)).isEmpty();
  }
}
