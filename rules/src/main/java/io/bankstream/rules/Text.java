package io.bankstream.rules;

import io.bankstream.core.rules.RulesDocument;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How the rules commands write instants, leads and changes, the same in every command. */
final class Text {

  /**
   * Between a field's value before and after: an arrow, or {@code ->} where the terminal's encoding
   * (Java 17 writes in the locale's) has no arrow.
   */
  static final String ARROW =
      Charset.defaultCharset().newEncoder().canEncode('\u2192') ? " \u2192 " : " -> ";

  /** What a diff shows for a field one side does not have. */
  static final String ABSENT = "(absent)";

  private Text() {}

  /** UTC, ISO-8601, to the second unless the instant has a fraction. */
  static String instant(Instant instant) {
    Instant whole = instant.truncatedTo(ChronoUnit.SECONDS);
    return (whole.equals(instant) ? whole : instant.truncatedTo(ChronoUnit.MILLIS)).toString();
  }

  /** {@code 30 s}, {@code 5 min 10 s}, {@code 2 h 5 min}, {@code 3 d 4 h}: a lead, for people. */
  static String lead(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    if (seconds < 86_400) {
      long minutes = seconds % 3600 / 60;
      return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
    long hours = seconds % 86_400 / 3600;
    return seconds / 86_400 + " d" + (hours == 0 ? "" : " " + hours + " h");
  }

  /** A comment on one line: newlines would break {@code list} and {@code show}'s comments. */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** Each change as {@code <indent>field: before → after}. */
  static void changes(PrintWriter out, String indent, List<RulesDocument.Change> changes) {
    for (RulesDocument.Change change : changes) {
      out.println(
          indent
              + change.field()
              + ": "
              + (change.before() == null ? ABSENT : change.before())
              + ARROW
              + (change.after() == null ? ABSENT : change.after()));
    }
  }
}
