package io.bankstream.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RulesLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rules commands that need no database: {@code validate} on a valid file, a file with several
 * problems and a missing file, and the options refused before any connection is tried.
 */
class RulesCliTest {

  /** Nothing listens here: a command that tried to connect would fail with exit code 1, not 2. */
  private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:9/none";

  @TempDir Path directory;

  @Test
  void aValidFileIsReportedValid() throws Exception {
    Path file = write("valid.yaml", RulesLoader.defaultRulesYaml());

    Run run = run("validate", file.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).isEqualTo(file + ": valid\n");
    assertThat(run.err).isEmpty();
  }

  @Test
  void everyProblemOfAFileIsOneErrorLine() throws Exception {
    Path file =
        write(
            "bad.yaml",
            """
            pixNoturno:
              limit: -5
            velocidade:
              window: soon
            risco:
              weights:
                amount: 1.7
            """);

    Run run = run("validate", file.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.out).isEmpty();
    List<String> lines = run.errLines();
    assertThat(lines).hasSize(3).allMatch(line -> line.startsWith("error: rules file " + file));
    assertThat(lines.get(0)).startsWith("error: rules file " + file + ": pixNoturno.limit: ");
    assertThat(lines.get(1)).startsWith("error: rules file " + file + ": velocidade.window: ");
    assertThat(lines.get(2))
        .startsWith("error: rules file " + file + ": risco.weights.amount: ")
        .contains("1.7");
  }

  @Test
  void aMissingFileIsOneErrorLine() {
    Path missing = directory.resolve("missing.yaml");

    Run run = run("validate", missing.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("error: rules file " + missing + ": not found");
  }

  @Test
  void aBadDurationIsRefusedBeforeAnyConnection() throws Exception {
    Path file = write("valid.yaml", RulesLoader.defaultRulesYaml());

    Run run =
        run(
            "push",
            file.toString(),
            "--effective-in",
            "soon",
            "--comment",
            "x",
            "--jdbc-url",
            NO_DATABASE);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err)
        .startsWith("error: ")
        .contains("--effective-in")
        .contains("'soon' is not a duration")
        .contains("rules push --help");
  }

  @Test
  void bothEffectiveTimesAtOnceAreRefused() throws Exception {
    Path file = write("valid.yaml", RulesLoader.defaultRulesYaml());

    Run run =
        run(
            "push",
            file.toString(),
            "--effective-in",
            "30s",
            "--effective-at",
            "2030-01-01T00:00:00Z",
            "--comment",
            "x",
            "--jdbc-url",
            NO_DATABASE);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err).startsWith("error: ").contains("mutually exclusive");
  }

  @Test
  void aPushWithoutACommentIsRefusedBeforeAnyConnection() throws Exception {
    Path file = write("valid.yaml", RulesLoader.defaultRulesYaml());

    for (List<String> comment : List.of(List.<String>of(), List.of("--comment", "  "))) {
      String[] args =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of("push", file.toString(), "--jdbc-url", NO_DATABASE),
                  comment.stream())
              .toArray(String[]::new);
      Run run = run(args);

      assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.err).startsWith("error: --comment is required");
    }
  }

  @Test
  void aBadInstantOrVersionNumberIsRefused() {
    Run at = run("active", "--at", "tomorrow", "--jdbc-url", NO_DATABASE);
    assertThat(at.exitCode).isEqualTo(2);
    assertThat(at.errLines()).hasSize(1);
    assertThat(at.err).contains("'tomorrow' is not an instant");

    Run show = run("show", "three", "--jdbc-url", NO_DATABASE);
    assertThat(show.exitCode).isEqualTo(2);
    assertThat(show.errLines()).hasSize(1);
    assertThat(show.err).contains("'three' is not a rules version number");

    Run unknown = run("list", "--colour", "--jdbc-url", NO_DATABASE);
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.errLines()).hasSize(1);
    assertThat(unknown.err).startsWith("error: Unknown option: '--colour'");
  }

  @Test
  void anUnreachableDatabaseIsOneErrorLineAndExitCodeOne() {
    Run run = run("list", "--jdbc-url", NO_DATABASE);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err).startsWith("error: ").contains(NO_DATABASE);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(directory.resolve(name), text);
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = RulesCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** One command's exit code and what it printed. */
  record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    List<String> outLines() {
      return out.lines().toList();
    }
  }
}
