package io.bankstream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the cluster submission scripts in {@code deploy/} (and commands they print) with bash in a
 * controlled environment, for {@link SubmitScriptsTest} and {@link EmrStepsTest}: the environment
 * holds only what a test gives, and the PATH only links to a few named tools (and, where a test
 * gives one, a directory of fakes), so a script that needs another tool fails.
 */
final class Scripts {

  /** The tools the scripts call besides bash builtins. */
  static final List<String> TOOLS =
      List.of("cat", "date", "dirname", "mktemp", "rm", "sed", "tee", "timeout");

  /** The result of one run of a script. */
  record Run(int exit, String out, String err) {}

  private final Path temp;
  private final Path tools;
  private final Map<String, String> fixedEnv;

  /**
   * Links {@code tools} (from /usr/bin or /bin) into {@code temp/tools}, the PATH of every run;
   * every run also gets {@code HOME=temp}, {@code LANG=C.UTF-8} and {@code fixedEnv}, and leaves
   * its output in {@code temp}.
   */
  Scripts(Path temp, List<String> tools, Map<String, String> fixedEnv) throws IOException {
    this.temp = temp;
    this.tools = Files.createDirectories(temp.resolve("tools"));
    this.fixedEnv = Map.copyOf(fixedEnv);
    for (String tool : tools) {
      Path found =
          Stream.of("/usr/bin", "/bin")
              .map(d -> Path.of(d, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException(tool + " not found in /usr/bin or /bin"));
      Files.createSymbolicLink(this.tools.resolve(tool), found);
    }
  }

  /** The repository's root: the nearest directory above this one holding the scripts. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("deploy/emr/submit-emr.sh"))) {
      dir = dir.getParent();
    }
    assertThat(dir)
        .as("a directory above %s holding deploy/emr/submit-emr.sh", Path.of(""))
        .isNotNull();
    return dir;
  }

  /** Runs {@code bash script args} with {@code env}, {@code extraPath} (or null) first on PATH. */
  Run run(Path script, Map<String, String> env, Path extraPath, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(Arrays.asList(args));
    return exec(command, env, extraPath);
  }

  /** Runs {@code command} with {@code env}, {@code extraPath} (or null) first on PATH. */
  Run exec(List<String> command, Map<String, String> env, Path extraPath) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("PATH", (extraPath == null ? "" : extraPath + ":") + tools);
    builder.environment().put("HOME", temp.toString());
    builder.environment().putAll(fixedEnv);
    builder.environment().put("LANG", "C.UTF-8");
    File out = temp.resolve("stdout").toFile();
    File err = temp.resolve("stderr").toFile();
    builder
        .redirectOutput(out)
        .redirectError(err)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS))
        .as("finished within 60 s: %s", command)
        .isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  /** Writes an executable sh script {@code file}, a fake of a tool, running {@code body}. */
  static void fake(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The words of a printed "+ ..." command line, as bash reads them. */
  List<String> bashWords(String printedLine) throws Exception {
    assertThat(printedLine).startsWith("+ ");
    Run run =
        exec(
            List.of(
                "bash",
                "-c",
                "set -f; words=( "
                    + printedLine.substring(2)
                    + " ); printf '%s\\0' \"${words[@]}\""),
            Map.of(),
            null);
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> split = List.of(run.out().split("\0", -1));
    return split.subList(0, split.size() - 1);
  }
}
