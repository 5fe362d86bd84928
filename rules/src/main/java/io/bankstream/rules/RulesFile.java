package io.bankstream.rules;

import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.rules.RulesValidation;
import io.bankstream.producer.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A rules file as {@code validate} and {@code push} read it: its text, or one refusal naming the
 * file when it cannot be read, and its problems printed one {@code error:} line each, in the words
 * {@link io.bankstream.core.rules.RulesLoader} uses for the pipeline's own rules file.
 */
final class RulesFile {

  private RulesFile() {}

  /** The file's text, or a {@link CliException} (exit code 2) saying why it cannot be read. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.badInput("rules file " + file + ": not found");
    } catch (CharacterCodingException e) {
      throw CliException.badInput("rules file " + file + ": is not UTF-8 text");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "is a directory" : e.getClass().getSimpleName();
      throw CliException.badInput("rules file " + file + ": cannot be read (" + why + ")");
    }
  }

  /** Every problem of {@code text} as a rules document; empty when it is valid. */
  static List<RulesConfigException> problems(String text) {
    return RulesValidation.problems(text);
  }

  /**
   * Prints each problem as {@code error: rules file FILE: field.path: problem}.
   *
   * @return whether there was any
   */
  static boolean report(PrintWriter err, Path file, List<RulesConfigException> problems) {
    for (RulesConfigException problem : problems) {
      err.println("error: rules file " + file + ": " + problem.getMessage());
    }
    return !problems.isEmpty();
  }
}
