package io.bankstream.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@link DeadLetterWriter} cleans text for PostgreSQL. */
class DeadLetterWriterTest {

  @Test
  void nulCharactersAreRemovedFromText() {
    assertThat(DeadLetterWriter.text("a\u0000b\u0000")).isEqualTo("ab");
    assertThat(DeadLetterWriter.text("clean")).isEqualTo("clean");
    assertThat(DeadLetterWriter.text(null)).isNull();
  }

  @Test
  void longMessagesAreCutWithoutSplittingASurrogatePair() {
    String emoji = "\uD83D\uDCB8"; // two chars, one code point
    String message = "x".repeat(DeadLetterWriter.MAX_MESSAGE_LENGTH - 1) + emoji + "tail";

    String cut = DeadLetterWriter.message(message);

    assertThat(cut).isEqualTo("x".repeat(DeadLetterWriter.MAX_MESSAGE_LENGTH - 1));
    assertThat(DeadLetterWriter.message("short\u0000")).isEqualTo("short");
    assertThat(DeadLetterWriter.message("y".repeat(5_000)))
        .hasSize(DeadLetterWriter.MAX_MESSAGE_LENGTH);
  }
}
