package io.bankstream.dashboard.data;

import io.bankstream.model.net.Tls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The reason of a failure in one line, for the message of a {@link SourceUnavailableException}. */
final class Reasons {

  private Reasons() {}

  /**
   * The messages of {@code error} and its causes (and their suppressed errors), joined with {@code
   * ": "}, without repeats and without the messages that only restate their cause; for a failed TLS
   * handshake only its reason ({@link Tls#failure}).
   */
  static String of(Throwable error) {
    Optional<String> tls = Tls.failure(error);
    if (tls.isPresent()) {
      return "TLS failed: " + tls.get();
    }
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
