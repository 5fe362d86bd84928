package io.bankstream.dashboard.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

  @Test
  void plainFieldsAreWrittenAsTheyAre() {
    assertThat(CsvWriter.quote("SP")).isEqualTo("SP");
    assertThat(CsvWriter.quote("150.00")).isEqualTo("150.00");
    assertThat(CsvWriter.quote("")).isEmpty();
    assertThat(CsvWriter.quote(null)).isEmpty();
  }

  @Test
  void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
    assertThat(CsvWriter.quote("SALDO,RISCO")).isEqualTo("\"SALDO,RISCO\"");
    assertThat(CsvWriter.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvWriter.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CsvWriter.quote("cr\rhere")).isEqualTo("\"cr\rhere\"");
  }

  @Test
  void recordsEndWithCrlf() throws Exception {
    StringWriter out = new StringWriter();

    CsvWriter.write(
        out,
        List.of("Id", "Rules"),
        List.of(List.of("t1", "SALDO RISCO"), Arrays.asList("t2", null), List.of("t,3", "")));

    assertThat(out.toString()).isEqualTo("Id,Rules\r\nt1,SALDO RISCO\r\nt2,\r\n\"t,3\",\r\n");
  }

  @Test
  void writesUtf8Files(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.csv");

    CsvWriter.write(file, List.of("UF", "Name"), List.of(List.of("SP", "São Paulo")));

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("UF,Name\r\nSP,São Paulo\r\n");
  }
}
