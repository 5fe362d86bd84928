package io.bankstream.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses a pipeline in a JVM of its own announces in its log (Flink's web UI, the pipeline's
 * Prometheus endpoint), for the demo to print once each: the log goes to a file the user does not
 * watch.
 */
final class PipelineAddresses {

  /** What to look for in the log, by what the demo calls it. */
  private static final Map<String, Pattern> ANNOUNCED = new LinkedHashMap<>();

  static {
    ANNOUNCED.put("Flink web UI", Pattern.compile("Web frontend listening at (http://\\S+?)\\.?$"));
    ANNOUNCED.put("Prometheus metrics", Pattern.compile("^Prometheus metrics: (http://\\S+)$"));
  }

  /** No log to read: a pipeline in the demo's own JVM. */
  static final PipelineAddresses NONE = new PipelineAddresses(null);

  private final Path log;
  private final Map<String, String> found = new LinkedHashMap<>();

  PipelineAddresses(Path log) {
    this.log = log;
  }

  /** {@code name: address} of each address first seen in the log since the last call. */
  List<String> newlyAnnounced() {
    if (log == null || found.size() == ANNOUNCED.size() || !Files.isRegularFile(log)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of(); // Not readable now (bytes of another charset half written): next time.
    }
    List<String> announced = new ArrayList<>();
    for (String line : lines) {
      for (Map.Entry<String, Pattern> entry : ANNOUNCED.entrySet()) {
        Matcher matcher = entry.getValue().matcher(line.strip());
        if (!found.containsKey(entry.getKey()) && matcher.find()) {
          found.put(entry.getKey(), matcher.group(1));
          announced.add(entry.getKey() + ": " + matcher.group(1));
        }
      }
    }
    return announced;
  }
}
