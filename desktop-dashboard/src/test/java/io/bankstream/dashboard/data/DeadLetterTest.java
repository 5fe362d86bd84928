package io.bankstream.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The payload excerpt of a dead letter: UTF-8 or not, one line, cut with an ellipsis. */
class DeadLetterTest {

  @Test
  void aShortPayloadIsShownWhole() {
    byte[] json = "{\"valor\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(DeadLetter.excerpt(json, json.length)).isEqualTo("{\"valor\": \"abc\"}");
  }

  @Test
  void lineBreaksAndControlCharactersBecomeOneSpace() {
    byte[] text = "{\n  \"a\":\t1,\r\n\u0000 \"b\": 2}".getBytes(StandardCharsets.UTF_8);
    assertThat(DeadLetter.excerpt(text, text.length)).isEqualTo("{ \"a\": 1, \"b\": 2}");
  }

  @Test
  void bytesThatAreNotUtf8AreReplaced() {
    byte[] bytes = {'o', 'k', (byte) 0xff, (byte) 0xfe, '!'};
    assertThat(DeadLetter.excerpt(bytes, bytes.length)).isEqualTo("ok\uFFFD\uFFFD!");
  }

  @Test
  void aLongPayloadIsCutWithAnEllipsis() {
    byte[] long200 = "x".repeat(200).getBytes(StandardCharsets.UTF_8);
    assertThat(DeadLetter.excerpt(long200, 200))
        .isEqualTo("x".repeat(DeadLetter.EXCERPT_CHARS) + "…");
  }

  @Test
  void aHeadThatCutsACharacterInTwoDropsTheHalfAndSaysItGoesOn() {
    byte[] whole = "são".getBytes(StandardCharsets.UTF_8); // ã is two bytes
    byte[] head = Arrays.copyOf(whole, 2);
    assertThat(DeadLetter.excerpt(head, whole.length)).isEqualTo("s…");
  }
}
