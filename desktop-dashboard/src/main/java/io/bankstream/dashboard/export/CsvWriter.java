package io.bankstream.dashboard.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rows as CSV after RFC 4180: fields separated by commas, records ended by CRLF, a field
 * that holds a comma, a double quote, CR or LF enclosed in double quotes with its quotes doubled. A
 * null field is written empty. Plain Java; the file is UTF-8.
 */
public final class CsvWriter {

  private CsvWriter() {}

  /** Writes {@code header} then {@code rows} to {@code out}; does not close it. */
  public static void write(Writer out, List<String> header, List<List<String>> rows)
      throws IOException {
    writeRecord(out, header);
    for (List<String> row : rows) {
      writeRecord(out, row);
    }
    out.flush();
  }

  /** Writes {@code header} then {@code rows} to {@code file}, replacing it. */
  public static void write(Path file, List<String> header, List<List<String>> rows)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, header, rows);
    }
  }

  /** One record, CRLF included. */
  public static String record(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quote(fields.get(i)));
    }
    return line.append("\r\n").toString();
  }

  /** {@code field} as a CSV field: quoted when it must be. */
  public static String quote(String field) {
    if (field == null) {
      return "";
    }
    boolean mustQuote =
        field.indexOf(',') >= 0
            || field.indexOf('"') >= 0
            || field.indexOf('\r') >= 0
            || field.indexOf('\n') >= 0;
    return mustQuote ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  private static void writeRecord(Writer out, List<String> fields) throws IOException {
    out.write(record(fields));
  }
}
