package io.bankstream.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every problem of a rules document, not only the first: what {@code ./bankstream rules validate}
 * prints. Binding stops at the first invalid field, so this binds, notes the field refused, puts a
 * usable value in its place (the default's, or for a limit, which has no defaults, a placeholder;
 * an unknown key is taken out) and binds again, until the document binds or the problems stop
 * changing. Hand-written because Jackson's binding reports one problem per call by design; the
 * repair keeps each later problem's path as the user wrote it.
 */
public final class RulesValidation {

  /** The most problems one document is reported with. */
  static final int MAX_PROBLEMS = 50;

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  /** Valid stand-ins for a limit's fields, which have no defaults to fall back on. */
  private static final Map<String, String> LIMIT_PLACEHOLDERS =
      Map.of(
          "description", "",
          "measure", "sum",
          "window", "1h",
          "max", "1.00",
          "modality", RulesConfig.AggregateLimit.ANY);

  private RulesValidation() {}

  /**
   * Every problem of {@code yaml} as a rules document over the defaults; empty when it is valid.
   */
  public static List<RulesConfigException> problems(String yaml) {
    List<RulesConfigException> found = new ArrayList<>();
    JsonNode document;
    try {
      document = RulesLoader.over(RulesLoader.defaultsDocument(), RulesLoader.parse(yaml), "");
    } catch (RulesConfigException e) {
      found.add(e);
      return found;
    }
    while (found.size() < MAX_PROBLEMS) {
      try {
        RulesLoader.bind(document.deepCopy());
        return found;
      } catch (RulesConfigException e) {
        boolean seen = found.stream().anyMatch(known -> known.getMessage().equals(e.getMessage()));
        if (seen) {
          return found;
        }
        found.add(e);
        if (e.field().isEmpty() || !repair(document, e.field().get())) {
          return found;
        }
      }
    }
    return found;
  }

  /** Puts a usable value at {@code path}; false if the path cannot be followed. */
  private static boolean repair(JsonNode document, String path) {
    List<Object> steps = steps(path);
    if (steps.isEmpty()) {
      return false;
    }
    JsonNode parent = document;
    for (Object step : steps.subList(0, steps.size() - 1)) {
      parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
      if (parent == null) {
        return false;
      }
    }
    Object last = steps.get(steps.size() - 1);
    JsonNode replacement = replacementFor(steps);
    if (last instanceof Integer index && parent instanceof ArrayNode list) {
      if (index >= list.size()) {
        return false;
      }
      list.set(index, replacement == null ? TextNode.valueOf("0") : replacement);
      return true;
    }
    if (last instanceof String key && parent instanceof ObjectNode mapping) {
      if (replacement == null) {
        mapping.remove(key);
      } else {
        mapping.set(key, replacement);
      }
      return true;
    }
    return false;
  }

  /**
   * What goes at {@code steps}: the defaults' value there; in a limit, a placeholder ({@code code}
   * one unique to the limit); nothing (take the key out) for a key nobody knows.
   */
  private static JsonNode replacementFor(List<Object> steps) {
    JsonNode defaults = RulesLoader.defaultsDocument();
    for (Object step : steps) {
      defaults =
          defaults == null
              ? null
              : step instanceof Integer index ? defaults.get(index) : defaults.get((String) step);
    }
    if (defaults != null) {
      return defaults.deepCopy();
    }
    if (steps.size() == 3 && "limits".equals(steps.get(0)) && steps.get(1) instanceof Integer i) {
      String key = (String) steps.get(2);
      if (key.equals("code")) {
        return TextNode.valueOf("LIMIT_" + i);
      }
      String placeholder = LIMIT_PLACEHOLDERS.get(key);
      return placeholder == null ? null : TextNode.valueOf(placeholder);
    }
    if (steps.size() == 1 && "limits".equals(steps.get(0))) {
      return RulesLoader.defaultsDocument().arrayNode();
    }
    return null;
  }

  /** {@code limits[0].max} as {@code ["limits", 0, "max"]}. */
  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      Matcher segment = SEGMENT.matcher(part);
      if (!segment.matches()) {
        return List.of();
      }
      steps.add(segment.group(1));
      Matcher index = INDEX.matcher(segment.group(2));
      while (index.find()) {
        steps.add(Integer.parseInt(index.group(1)));
      }
    }
    return steps;
  }
}
