package io.bankstream.pipeline.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankstream.core.rules.RulesDocument;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link BacktestReport} written out, as JSON (for tools and tests: the same run gives the same
 * bytes on every runner) and as Markdown (for people), with what the run was: the range, the
 * candidate, and how the candidate differs from each recorded version it is compared with.
 *
 * @param from the start of the range, inclusive
 * @param to the end of the range, inclusive
 * @param candidate where the candidate rules came from (the file as given)
 * @param changes per recorded version of the range, how the candidate differs from it
 * @param report the findings
 */
public record BacktestDocument(
    Instant from,
    Instant to,
    String candidate,
    Map<Integer, List<RulesDocument.Change>> changes,
    BacktestReport report) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String[] SIDES = {"recorded", "replayed", "candidate"};

  /** The report as JSON, keys in a fixed order. */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("from", from.toString());
    root.put("to", to.toString());
    root.put("candidate", candidate);
    root.put("transactions", report.transactions);
    ObjectNode versions = root.putObject("versions");
    report.byVersion.forEach(
        (version, count) -> {
          ObjectNode entry = versions.putObject(Integer.toString(version));
          entry.put("decided", count);
          ArrayNode changed = entry.putArray("candidateChanges");
          changes
              .getOrDefault(version, List.of())
              .forEach(
                  change ->
                      changed
                          .addObject()
                          .put("field", change.field())
                          .put("version", change.before())
                          .put("candidate", change.after()));
        });
    ObjectNode rejected = root.putObject("rejected");
    for (int side = 0; side < SIDES.length; side++) {
      rejected.put(SIDES[side], report.rejected[side]);
    }
    root.put("replayDiffersFromRecorded", report.replayDiffers);
    ObjectNode flips = root.putObject("flips");
    flips.put("toRejected", report.toRejected);
    flips.put("toApproved", report.toApproved);
    ObjectNode byRule = flips.putObject("byRule");
    report.flipsByRule.forEach(
        (code, counts) -> byRule.putObject(code).put("added", counts[0]).put("removed", counts[1]));
    directions(flips.putObject("byUf"), report.flipsByUf);
    directions(flips.putObject("byModality"), report.flipsByModality);
    examples(flips.putArray("examples"), report.flipExamples);
    examples(root.putArray("replayDiffersExamples"), report.replayExamples);
    ObjectNode labels = root.putObject("labels");
    report.byLabel.forEach(
        (label, counts) -> {
          ObjectNode entry = labels.putObject(label).put("records", counts[0]);
          for (int side = 0; side < SIDES.length; side++) {
            entry.put(SIDES[side] + "Rejected", counts[1 + side]);
          }
        });
    ObjectNode quality = root.putObject("precisionRecall");
    for (int side = 0; side < SIDES.length; side++) {
      double[] pr = report.precisionRecall(side);
      ObjectNode entry = quality.putObject(SIDES[side]);
      putRatio(entry, "precision", pr[0]);
      putRatio(entry, "recall", pr[1]);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  /** The report as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Backtest of ").append(candidate).append("\n\n");
    md.append("Transactions with event time from ")
        .append(from)
        .append(" to ")
        .append(to)
        .append(": ")
        .append(String.format(Locale.ROOT, "%,d", report.transactions))
        .append(". The recorded decisions were replayed with the version that made each, and")
        .append(" decided again with the candidate, both with the same rule code and per-payer")
        .append(" state built in event-time order from the start of the history.")
        .append(" Nothing was written.\n\n");
    md.append("| | recorded | replayed | candidate |\n| --- | --- | --- | --- |\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| rejected | %,d | %,d | %,d |%n",
            report.rejected[0],
            report.rejected[1],
            report.rejected[2]));
    md.append("| precision, recall (labelled) |");
    for (int side = 0; side < SIDES.length; side++) {
      double[] pr = report.precisionRecall(side);
      md.append(' ').append(percent(pr[0])).append(", ").append(percent(pr[1])).append(" |");
    }
    md.append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "%n**Flips** (candidate against the replay): %,d approved would be rejected, %,d rejected"
                + " would be approved. The replay differs from the recorded decisions on %,d"
                + " transactions (balances credited at event time here, at the profile refresh live).%n%n",
            report.toRejected,
            report.toApproved,
            report.replayDiffers));
    if (!report.flipsByRule.isEmpty()) {
      md.append("| rule | added by the candidate | dropped by the candidate |\n");
      md.append("| --- | --- | --- |\n");
      report.flipsByRule.forEach(
          (code, counts) ->
              md.append(
                  String.format(
                      Locale.ROOT, "| `%s` | %,d | %,d |%n", code, counts[0], counts[1])));
      md.append('\n');
      table(md, "UF", report.flipsByUf);
      table(md, "modality", report.flipsByModality);
      md.append("Examples (smallest ids):\n\n");
      md.append("| id | event time | UF | modality | amount | version | replayed | candidate |\n");
      md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
      for (Outcome example : report.flipExamples) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %d | %s | %s |%n",
                example.id(),
                example.eventTime(),
                example.region(),
                example.modality(),
                example.amount().toPlainString(),
                example.version(),
                codes(example.replayed()),
                codes(example.candidate())));
      }
      md.append('\n');
    }
    md.append("Versions recorded in the range, and how the candidate differs from each:\n\n");
    report.byVersion.forEach(
        (version, count) -> {
          List<RulesDocument.Change> changed = changes.getOrDefault(version, List.of());
          md.append(
              String.format(
                  Locale.ROOT,
                  "- version %d (%,d transactions): %s%n",
                  version,
                  count,
                  changed.isEmpty() ? "the same rules" : changed.size() + " field(s) differ"));
          changed.forEach(
              change ->
                  md.append("  - `")
                      .append(change.field())
                      .append("`: ")
                      .append(change.before() == null ? "(absent)" : change.before())
                      .append(" → ")
                      .append(change.after() == null ? "(absent)" : change.after())
                      .append('\n'));
        });
    if (!report.byLabel.isEmpty()) {
      md.append("\n| label | records | rejected as recorded | replayed | by the candidate |\n");
      md.append("| --- | --- | --- | --- | --- |\n");
      report.byLabel.forEach(
          (label, counts) ->
              md.append(
                  String.format(
                      Locale.ROOT,
                      "| `%s` | %,d | %,d | %,d | %,d |%n",
                      label,
                      counts[0],
                      counts[1],
                      counts[2],
                      counts[3])));
    }
    return md.toString();
  }

  private static void table(StringBuilder md, String what, Map<String, long[]> counts) {
    md.append("| ").append(what).append(" | to rejected | to approved |\n| --- | --- | --- |\n");
    counts.forEach(
        (key, c) -> md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", key, c[0], c[1])));
    md.append('\n');
  }

  private static void directions(ObjectNode into, Map<String, long[]> counts) {
    counts.forEach((key, c) -> into.putObject(key).put("toRejected", c[0]).put("toApproved", c[1]));
  }

  private static void examples(ArrayNode into, List<Outcome> outcomes) {
    for (Outcome outcome : outcomes) {
      ObjectNode entry = into.addObject();
      entry.put("id", outcome.id());
      entry.put("eventTime", outcome.eventTime().toString());
      entry.put("uf", outcome.region());
      entry.put("modality", outcome.modality());
      entry.put("amount", outcome.amount().toPlainString());
      entry.put("version", outcome.version());
      entry.put("label", outcome.label());
      entry.put("recorded", codes(outcome.recorded()));
      entry.put("replayed", codes(outcome.replayed()));
      entry.put("candidate", codes(outcome.candidate()));
    }
  }

  private static String codes(List<String> codes) {
    return codes.isEmpty() ? "approved" : String.join(" ", codes);
  }

  private static void putRatio(ObjectNode into, String name, double ratio) {
    if (Double.isNaN(ratio)) {
      into.putNull(name);
    } else {
      into.put(name, Math.round(ratio * 10_000) / 10_000.0);
    }
  }

  private static String percent(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }
}
