package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.NOON;
import static io.bankstream.bench.floor.FloorFixtures.approved;
import static io.bankstream.bench.floor.FloorFixtures.decided;
import static io.bankstream.bench.floor.FloorFixtures.rejected;
import static io.bankstream.bench.floor.FloorFixtures.transaction;
import static io.bankstream.bench.floor.FloorFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.postgres.DeadLetterWriter;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.model.Decision;
import io.bankstream.model.SourceRecord;
import io.bankstream.model.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void textEscapesBackslashTabNewlineAndReturnKeepsQuotesAndDropsNul() {
    String awkward = "a\\b\tc\nd\re \"quoted\" 'single' {x,y} \u0000end ç";

    String copied = CopyText.appendText(new StringBuilder(), awkward).toString();

    assertThat(copied).isEqualTo("a\\\\b\\tc\\nd\\re \"quoted\" 'single' {x,y} end ç");
    assertThat(copied).doesNotContain("\t", "\n", "\r", "\u0000");
  }

  @Test
  void nullIsBackslashN() {
    assertThat(CopyText.appendText(new StringBuilder(), null)).hasToString("\\N");
    assertThat(CopyText.appendBytea(new StringBuilder(), null)).hasToString("\\N");
    assertThat(CopyText.appendInstant(new StringBuilder(), null)).hasToString("\\N");
  }

  @Test
  void byteaIsHexWithItsBackslashEscapedWhateverTheBytes() {
    byte[] invalidUtf8 = {(byte) 0xff, (byte) 0xfe, 0x00, '\\', '\t', '\n', (byte) 0xc3};

    assertThat(CopyText.appendBytea(new StringBuilder(), invalidUtf8))
        .hasToString("\\\\xfffe005c090ac3");
    assertThat(CopyText.appendBytea(new StringBuilder(), new byte[0])).hasToString("\\\\x");
  }

  @Test
  void uuidsAreWrittenAsToStringWritesThem() {
    List<UUID> ids =
        List.of(
            new UUID(0, 0),
            new UUID(-1, -1),
            UUID.fromString("00000001-0002-0003-0004-000000000005"),
            UUID.randomUUID(),
            UUID.randomUUID());
    for (UUID id : ids) {
      assertThat(CopyText.appendUuid(new StringBuilder(), id)).hasToString(id.toString());
    }
  }

  @Test
  void instantsAreIsoUtc() {
    Instant withNanos = Instant.parse("2026-03-02T21:00:01.250123456Z");

    assertThat(CopyText.appendInstant(new StringBuilder(), withNanos))
        .hasToString(withNanos.toString());
  }

  @Test
  void reasonsAreATextArrayLiteralAndEmptyWhenApproved() {
    assertThat(CopyText.appendReasons(new StringBuilder(), List.of())).hasToString("{}");
    assertThat(CopyText.appendReasons(new StringBuilder(), List.of("SALDO", "RISCO")))
        .hasToString("{SALDO,RISCO}");
  }

  @Test
  void aDecisionIsOneLineOfItsSeventeenColumns() {
    Transaction tx = transaction(user("100"), user("100"), "12.50", NOON);
    DecidedTransaction row = decided(tx, rejected("SALDO", "RISCO"), 42);

    String line = CopyText.appendDecision(new StringBuilder(), row).toString();

    assertThat(line).endsWith("\n");
    String[] columns = line.substring(0, line.length() - 1).split("\t", -1);
    assertThat(columns).hasSize(CopyText.DECISION_COLUMNS.size());
    assertThat(columns)
        .containsExactly(
            tx.id().toString(),
            tx.payerId().toString(),
            tx.receiverId().toString(),
            "SP",
            "PIX",
            "2026-03-02T15:00:00Z",
            "12.50",
            "f",
            "{SALDO,RISCO}",
            "0.9000",
            "{\"amount\":0.8}",
            "default",
            "bank_transactions",
            "0",
            "42",
            "2026-03-02T15:00:00.020Z",
            "2026-03-02T15:00:00.045Z");
  }

  @Test
  void anApprovedDecisionWithoutKafkaTimeHasEmptyReasonsAndANullTime() {
    Transaction tx = transaction(user("100"), user("100"), "1.00", NOON);
    DecidedTransaction row =
        new DecidedTransaction(
            tx,
            new SourceRecord("t", 3, 7, null, new byte[0], null),
            approved(),
            NOON.plusSeconds(1));

    String[] columns = CopyText.appendDecision(new StringBuilder(), row).toString().split("\t");

    assertThat(columns[7]).isEqualTo("t");
    assertThat(columns[8]).isEqualTo("{}");
    assertThat(columns[15]).isEqualTo("\\N");
  }

  @Test
  void aRiskScoreThatIsNotANumberIsRefusedAndLeavesNothingAppended() {
    Transaction tx = transaction(user("100"), user("100"), "1.00", NOON);
    Decision notANumber = new Decision(false, List.of("RISCO"), Double.NaN, Map.of(), "default", 0);
    StringBuilder out = new StringBuilder("kept\n");

    assertThatThrownBy(() -> CopyText.appendDecision(out, decided(tx, notANumber, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a number");
    assertThat(out).hasToString("kept\n");
  }

  @Test
  void aDeadLetterKeepsRawBytesAndEscapesItsText() {
    DeadLetter letter =
        new DeadLetter(
            "bank_transactions",
            2,
            99,
            null,
            new byte[] {'{', (byte) 0xff, '\n'},
            null,
            "ParseTransactions",
            "MALFORMED_JSON",
            null,
            "bad\tjson\non line 2 \\ here");

    String line = CopyText.appendDeadLetter(new StringBuilder(), letter).toString();

    assertThat(line)
        .isEqualTo(
            "bank_transactions\t2\t99\t\\N\t\\\\x7bff0a\t\\N\tParseTransactions\tMALFORMED_JSON"
                + "\t\\N\tbad\\tjson\\non line 2 \\\\ here\n");
  }

  @Test
  void messagesAreCutAsThePipelineCutsThemAfterDroppingNuls() {
    int max = DeadLetterWriter.MAX_MESSAGE_LENGTH;
    String nulsThenLong = "\u0000\u0000" + "x".repeat(max + 10);
    String pairAtTheCut = "y".repeat(max - 1) + "\uD83D\uDE00" + "tail";

    assertThat(CopyText.message(nulsThenLong)).isEqualTo("x".repeat(max));
    assertThat(CopyText.message(pairAtTheCut)).isEqualTo("y".repeat(max - 1));
    assertThat(CopyText.message("short")).isEqualTo("short");
  }
}
