package io.bankstream.dashboard.data;

import java.util.ArrayList;
import java.util.List;

/** The reason of a failure in one line, for the message of a {@link SourceUnavailableException}. */
final class Reasons {

  private Reasons() {}

  /**
   * The messages of {@code error} and its causes (and their suppressed errors), joined with {@code
   * ": "}, without repeats and without the messages that only restate their cause.
   */
  static String of(Throwable error) {
    List<String> parts = new ArrayList<>();
    for (Throwable each = error; each != null; each = each.getCause()) {
      Throwable cause = each.getCause();
      if (cause == null || !cause.toString().equals(each.getMessage())) {
        addMessage(parts, each);
      }
      for (Throwable suppressed : each.getSuppressed()) {
        addMessage(parts, suppressed);
      }
      if (each.getCause() == each) {
        break;
      }
    }
    return parts.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", parts);
  }

  private static void addMessage(List<String> parts, Throwable error) {
    String message = error.getMessage();
    if (message != null && !message.isBlank() && parts.stream().noneMatch(message::equals)) {
      parts.add(message);
    }
  }
}
