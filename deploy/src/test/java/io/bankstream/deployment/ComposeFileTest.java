package io.bankstream.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code docker-compose.yml} and {@code .env.example} at the repository root and {@code
 * deploy/Dockerfile} without a Docker engine (none runs where the tests run, so no image is built
 * and no container started here). It parses the compose file and asserts that:
 *
 * <ul>
 *   <li>the services kafka, kafka-init, kafka-ui, postgres, redis, seed, producer and pipeline are
 *       in the default set, flink-jobmanager, flink-taskmanager and pipeline-flink in profile
 *       {@code flink}, pipeline-spark in profile {@code spark}; no top-level {@code name:} (which
 *       docker-compose 1.29 rejects);
 *   <li>the services that serve something (kafka, kafka-ui, postgres, redis, flink-jobmanager,
 *       flink-taskmanager, pipeline-spark), and every service that publishes a port, have a health
 *       check;
 *   <li>every {@code depends_on} names an existing service with a condition that service can meet
 *       (a health check for {@code service_healthy}, no restart policy for {@code
 *       service_completed_successfully}) and that is started with it (profiles);
 *   <li>every published port is {@code 127.0.0.1:<host>:<container>};
 *   <li>every variable named like {@code *PASSWORD*} is a {@code ${VAR}} or {@code ${VAR:?msg}}
 *       reference, no password has a default or is passed as an argument, and {@code .env.example}
 *       defines every variable referenced without a default; {@code .env} is ignored by git and by
 *       the Docker build (the {@code .dockerignore} of the context root, with no {@code
 *       deploy/Dockerfile.dockerignore} to replace it);
 *   <li>every service builds with context {@code .} and {@code dockerfile: deploy/Dockerfile};
 *       every {@code build.target} is a stage of the Dockerfile ({@code FROM ... AS name}), every
 *       jar under {@code /app} in either file is one of the four bundled jars, each copied from its
 *       module's {@code target/};
 *   <li>the pipelines use the runner of their jar and consumer groups of their own;
 *   <li>and, only where an executable {@code docker-compose} is on the PATH, that {@code
 *       docker-compose config -q} accepts the file with {@code .env.example} and both profiles.
 * </ul>
 */
class ComposeFileTest {

  /** The Dockerfile, relative to the repository root (the build context of every service). */
  private static final String DOCKERFILE = "deploy/Dockerfile";

  /** The bundled jars under /app, each with the path Maven builds it at. */
  private static final Map<String, String> JARS =
      Map.of(
          "/app/bankstream-producer.jar", "producer/target/bankstream-producer.jar",
          "/app/bankstream-pipeline-direct.jar",
              "runners/direct/target/bankstream-pipeline-direct.jar",
          "/app/bankstream-pipeline-flink.jar",
              "runners/flink/target/bankstream-pipeline-flink.jar",
          "/app/bankstream-pipeline-spark.jar",
              "runners/spark/target/bankstream-pipeline-spark.jar");

  /** The pipeline jars and the runner each must be run with. */
  private static final Map<String, String> RUNNER_OF_JAR =
      Map.of(
          "/app/bankstream-pipeline-direct.jar", "DirectRunner",
          "/app/bankstream-pipeline-flink.jar", "FlinkRunner",
          "/app/bankstream-pipeline-spark.jar", "SparkRunner");

  /** Expected services and their profile ("" for the default set). */
  private static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    for (String service :
        List.of(
            "kafka",
            "kafka-init",
            "kafka-ui",
            "postgres",
            "redis",
            "seed",
            "producer",
            "pipeline")) {
      SERVICES.put(service, "");
    }
    SERVICES.put("flink-jobmanager", "flink");
    SERVICES.put("flink-taskmanager", "flink");
    SERVICES.put("pipeline-flink", "flink");
    SERVICES.put("pipeline-spark", "spark");
  }

  /** Long-running services that serve something, so must say when they are ready. */
  private static final Set<String> SERVING =
      Set.of(
          "kafka",
          "kafka-ui",
          "postgres",
          "redis",
          "flink-jobmanager",
          "flink-taskmanager",
          "pipeline-spark");

  private static final Set<String> CONDITIONS =
      Set.of("service_healthy", "service_completed_successfully", "service_started");

  private static final Pattern LOOPBACK_PORT =
      Pattern.compile("127\\.0\\.0\\.1:\\d{1,5}:\\d{1,5}(/(tcp|udp))?");
  private static final Pattern STAGE =
      Pattern.compile(
          "^\\s*FROM\\s+(?:--platform=\\S+\\s+)?\\S+\\s+AS\\s+(\\S+)\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern APP_JAR = Pattern.compile("/app/[A-Za-z0-9._-]+\\.jar");
  private static final Pattern COPIED_JAR =
      Pattern.compile("^\\s*COPY\\s+--from=\\S+\\s+(\\S+\\.jar)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
  private static final Pattern REQUIREPASS = Pattern.compile("--requirepass\\s+(\\S+)");
  private static final Pattern PASSWORD_OPTION =
      Pattern.compile("--[A-Za-z]*[Pp]assword(=|$)", Pattern.MULTILINE);
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static Path root;
  private static JsonNode compose;
  private static JsonNode services;
  private static String dockerfile;

  @BeforeAll
  static void load() throws IOException {
    root = repositoryRoot();
    compose =
        new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
    assertThat(compose).as("docker-compose.yml parses to a mapping").isNotNull();
    assertThat(compose.isObject()).as("docker-compose.yml is a mapping").isTrue();
    services = compose.path("services");
    assertThat(services.isObject()).as("docker-compose.yml has a services: mapping").isTrue();
    dockerfile = Files.readString(root.resolve(DOCKERFILE), StandardCharsets.UTF_8);
  }

  @Test
  void expectedServicesExistInTheirProfiles() {
    assertThat(fieldNames(services)).containsAll(SERVICES.keySet());
    SERVICES.forEach(
        (name, profile) -> {
          List<String> profiles = texts(services.get(name).path("profiles"));
          if (profile.isEmpty()) {
            assertThat(profiles)
                .as("profiles of %s (it belongs to the default set)", name)
                .isEmpty();
          } else {
            assertThat(profiles).as("profiles of %s", name).containsExactly(profile);
          }
        });
    assertThat(compose.has("name"))
        .as("top-level name: (docker-compose 1.29 rejects it)")
        .isFalse();
  }

  @Test
  void servingServicesHaveHealthChecks() {
    Set<String> mustCheck = new TreeSet<>(SERVING);
    forEachService(
        (name, service) -> {
          if (service.path("ports").size() > 0) {
            mustCheck.add(name);
          }
        });
    for (String name : mustCheck) {
      JsonNode healthcheck = services.path(name).path("healthcheck");
      assertThat(healthcheck.isObject()).as("%s has a healthcheck", name).isTrue();
      assertThat(healthcheck.path("disable").asBoolean(false))
          .as("%s healthcheck disabled", name)
          .isFalse();
      List<String> test = texts(healthcheck.path("test"));
      assertThat(test).as("%s healthcheck test", name).isNotEmpty();
      assertThat(test.get(0)).as("%s healthcheck test", name).isNotEqualTo("NONE");
    }
  }

  @Test
  void everyDependencyExistsWithAConditionItCanMeet() {
    forEachService(
        (name, service) -> {
          JsonNode dependsOn = service.path("depends_on");
          if (dependsOn.isMissingNode()) {
            return;
          }
          assertThat(dependsOn.isObject())
              .as("%s depends_on is a mapping with a condition per service, not a list", name)
              .isTrue();
          for (String target : fieldNames(dependsOn)) {
            assertThat(services.has(target))
                .as("%s depends on %s, which is no service", name, target)
                .isTrue();
            String condition = dependsOn.get(target).path("condition").asText("");
            assertThat(condition).as("condition of %s -> %s", name, target).isIn(CONDITIONS);
            JsonNode dependency = services.get(target);
            if (condition.equals("service_healthy")) {
              assertThat(dependency.has("healthcheck"))
                  .as("%s waits for %s to be healthy, which has no healthcheck", name, target)
                  .isTrue();
            }
            if (condition.equals("service_completed_successfully")) {
              assertThat(dependency.path("restart").asText("no"))
                  .as("%s waits for one-shot %s to complete, which must not restart", name, target)
                  .isEqualTo("no");
            }
            List<String> ownProfiles = texts(service.path("profiles"));
            for (String profile : texts(dependency.path("profiles"))) {
              assertThat(ownProfiles)
                  .as(
                      "%s depends on %s of profile %s, which it does not start",
                      name, target, profile)
                  .contains(profile);
            }
          }
        });
  }

  @Test
  void publishedPortsAreBoundToLoopbackOnly() {
    List<String> seen = new ArrayList<>();
    forEachService(
        (name, service) -> {
          for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
              assertThat(port.path("host_ip").asText(""))
                  .as("host_ip of a port of %s", name)
                  .isEqualTo("127.0.0.1");
              assertThat(port.has("published")).as("published port of %s", name).isTrue();
            } else {
              assertThat(port.isTextual())
                  .as("port %s of %s is a quoted \"127.0.0.1:host:container\"", port, name)
                  .isTrue();
              assertThat(port.asText()).as("port of %s", name).matches(LOOPBACK_PORT);
            }
            seen.add(name + " " + port.asText());
          }
        });
    assertThat(seen).as("published ports").isNotEmpty();
  }

  @Test
  void passwordsAreReferencesToTheEnvFile() {
    List<String> passwordVariables = new ArrayList<>();
    forEachService(
        (name, service) ->
            environment(service)
                .forEach(
                    (key, value) -> {
                      if (!key.toUpperCase().contains("PASSWORD")) {
                        return;
                      }
                      passwordVariables.add(name + "." + key);
                      List<Reference> refs = references(value);
                      assertThat(refs)
                          .as(
                              "%s of %s is one ${VAR} reference, not a literal: %s",
                              key, name, value)
                          .hasSize(1);
                      Reference ref = refs.get(0);
                      assertThat(ref.text())
                          .as("%s of %s is only the reference", key, name)
                          .isEqualTo(value);
                      assertThat(ref.braced()).as("%s of %s uses ${...}", key, name).isTrue();
                      assertThat(ref.hasDefault())
                          .as("%s of %s has a default, which is a literal password", key, name)
                          .isFalse();
                    }));
    assertThat(passwordVariables).as("password variables in docker-compose.yml").isNotEmpty();

    forEachString(
        compose,
        text -> {
          for (Reference ref : references(text)) {
            if (ref.name().toUpperCase().contains("PASSWORD")) {
              assertThat(ref.hasDefault()).as("%s has a default in %s", ref.name(), text).isFalse();
            }
          }
          Matcher requirepass = REQUIREPASS.matcher(text);
          while (requirepass.find()) {
            assertThat(requirepass.group(1))
                .as("--requirepass takes a variable, not a literal, in %s", text)
                .matches("\"?\\$.*");
          }
          assertThat(PASSWORD_OPTION.matcher(text).find())
              .as("a password passed as an argument: %s", text)
              .isFalse();
        });
  }

  @Test
  void envExampleDefinesEveryVariableReferencedWithoutADefault() throws IOException {
    Set<String> required = new TreeSet<>();
    forEachString(
        compose,
        text -> {
          for (Reference ref : references(text)) {
            if (!ref.hasDefault()) {
              required.add(ref.name());
            }
          }
        });
    assertThat(required).as("variables docker-compose.yml needs from .env").isNotEmpty();

    Map<String, String> example = new HashMap<>();
    for (String line : Files.readAllLines(root.resolve(".env.example"), StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      int equals = trimmed.indexOf('=');
      if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 1) {
        continue;
      }
      example.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
    }
    for (String name : required) {
      assertThat(example).as(".env.example defines %s", name).containsKey(name);
      assertThat(example.get(name)).as(".env.example value of %s", name).isNotBlank();
    }

    assertThat(lines(root.resolve(".gitignore"))).as(".gitignore ignores .env").contains(".env");
    assertThat(lines(root.resolve(".dockerignore")))
        .as(".dockerignore keeps .env and build output out of the image")
        .contains(".env", "**/target/");
    // BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile in place of the context's.
    assertThat(root.resolve(DOCKERFILE + ".dockerignore"))
        .as("no ignore file of the Dockerfile's own hides the .dockerignore of the context")
        .doesNotExist();
  }

  @Test
  void buildTargetsAreStagesOfTheDockerfile() {
    Set<String> stages = new LinkedHashSet<>();
    Matcher stage = STAGE.matcher(dockerfile);
    while (stage.find()) {
      stages.add(stage.group(1));
    }
    assertThat(stages).as("stages of the Dockerfile").isNotEmpty();
    List<String> built = new ArrayList<>();
    forEachService(
        (name, service) -> {
          JsonNode build = service.path("build");
          if (build.isMissingNode()) {
            return;
          }
          assertThat(build.isObject())
              .as("build of %s names a context and a target", name)
              .isTrue();
          assertThat(build.path("context").asText()).as("build context of %s", name).isEqualTo(".");
          assertThat(build.path("dockerfile").asText())
              .as("%s builds from %s", name, DOCKERFILE)
              .isEqualTo(DOCKERFILE);
          assertThat(build.path("target").asText("")).as("build target of %s", name).isIn(stages);
          built.add(name);
        });
    assertThat(built).as("services built from the Dockerfile").isNotEmpty();
  }

  @Test
  void jarsUnderAppAreTheFourBundledJars() {
    Set<String> used = new TreeSet<>();
    forEachString(compose, text -> used.addAll(appJars(text)));
    assertThat(used).as("jars docker-compose.yml runs").isNotEmpty();
    assertThat(JARS.keySet()).as("jars docker-compose.yml runs").containsAll(used);

    Set<String> inDockerfile = new TreeSet<>(appJars(dockerfile));
    assertThat(JARS.keySet()).as("jars the Dockerfile names").containsAll(inDockerfile);
    assertThat(inDockerfile).as("jars the Dockerfile puts in /app").containsAll(JARS.keySet());

    Matcher copy = COPIED_JAR.matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      copies++;
      String destination = copy.group(2);
      assertThat(JARS).as("COPY destination %s", destination).containsKey(destination);
      assertThat(copy.group(1))
          .as("the build output copied to %s", destination)
          .endsWith("/" + JARS.get(destination));
    }
    assertThat(copies).as("jars copied out of the build stage").isGreaterThanOrEqualTo(4);
  }

  @Test
  void pipelinesRunTheirOwnRunnerAndConsumerGroup() {
    Map<String, String> groups = new LinkedHashMap<>();
    forEachService(
        (name, service) -> {
          List<String> command = texts(service.path("command"));
          String jar = command.stream().filter(RUNNER_OF_JAR::containsKey).findFirst().orElse(null);
          if (jar == null) {
            return;
          }
          assertThat(command)
              .as("runner of %s", name)
              .contains("--runner=" + RUNNER_OF_JAR.get(jar));
          String group =
              command.stream()
                  .filter(arg -> arg.startsWith("--consumerGroup="))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError(name + " names no --consumerGroup"));
          assertThat(groups.values()).as("consumer group of %s", name).doesNotContain(group);
          groups.put(name, group);
        });
    assertThat(groups.keySet())
        .as("pipeline services")
        .containsExactlyInAnyOrder("pipeline", "pipeline-flink", "pipeline-spark");
  }

  @Test
  void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
    Path executable = onPath("docker-compose");
    Assumptions.assumeTrue(
        executable != null,
        "no executable docker-compose on the PATH: the Compose CLI's own validation is skipped"
            + " (every other check here runs without it)");
    File output = Files.createTempFile("docker-compose-config", ".log").toFile();
    output.deleteOnExit();
    ProcessBuilder builder =
        new ProcessBuilder(
                executable.toString(),
                "--env-file",
                root.resolve(".env.example").toString(),
                "-f",
                root.resolve("docker-compose.yml").toString(),
                "--profile",
                "flink",
                "--profile",
                "spark",
                "config",
                "-q")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output);
    // Only .env.example may supply the variables.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("BANKSTREAM_") || k.startsWith("COMPOSE_"));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("docker-compose config did not finish in 120 s");
    }
    assertThat(process.exitValue())
        .as("docker-compose config -q: %s", Files.readString(output.toPath()))
        .isZero();
  }

  // ---------------------------------------------------------------------------------------------

  /** A {@code $VAR} or {@code ${VAR...}} reference that compose interpolates. */
  record Reference(String name, String operator, String text, boolean braced) {
    /** {@code ${VAR:-x}} or {@code ${VAR-x}}: the variable may be unset. */
    boolean hasDefault() {
      return operator.startsWith(":-") || operator.startsWith("-");
    }
  }

  /** The references compose interpolates in {@code text}; {@code $$} is a literal dollar. */
  static List<Reference> references(String text) {
    List<Reference> refs = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '$' || i + 1 >= text.length()) {
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        i += 2;
      } else if (next == '{') {
        int end = text.indexOf('}', i);
        assertThat(end).as("unclosed ${ in %s", text).isPositive();
        String inside = text.substring(i + 2, end);
        Matcher name = VARIABLE_NAME.matcher(inside);
        assertThat(name.lookingAt()).as("variable name in %s", text).isTrue();
        refs.add(
            new Reference(
                name.group(), inside.substring(name.end()), text.substring(i, end + 1), true));
        i = end + 1;
      } else {
        Matcher name = VARIABLE_NAME.matcher(text).region(i + 1, text.length());
        if (name.lookingAt()) {
          refs.add(new Reference(name.group(), "", text.substring(i, name.end()), false));
          i = name.end();
        } else {
          i++;
        }
      }
    }
    return refs;
  }

  private static Set<String> appJars(String text) {
    Set<String> jars = new TreeSet<>();
    Matcher matcher = APP_JAR.matcher(text);
    while (matcher.find()) {
      jars.add(matcher.group());
    }
    return jars;
  }

  /** Environment as a map, from either the mapping or the list ("KEY=VALUE") form. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> environment = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText("")));
    } else if (node.isArray()) {
      for (JsonNode entry : node) {
        String text = entry.asText();
        int equals = text.indexOf('=');
        environment.put(
            equals < 0 ? text : text.substring(0, equals),
            equals < 0 ? "" : text.substring(equals + 1));
      }
    }
    return environment;
  }

  private static void forEachService(java.util.function.BiConsumer<String, JsonNode> action) {
    services.fields().forEachRemaining(e -> action.accept(e.getKey(), e.getValue()));
  }

  /** Every scalar value in the tree, as text (keys cannot be interpolated). */
  private static void forEachString(JsonNode node, Consumer<String> action) {
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(child -> forEachString(child, action));
    } else if (node.isValueNode()) {
      action.accept(node.asText());
    }
  }

  /** A string or a list of strings, as a list; empty when missing. */
  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(element -> texts.add(element.asText()));
    } else if (node.isValueNode()) {
      texts.add(node.asText());
    }
    return texts;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
  }

  private static Path onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The nearest directory at or above the working directory that holds docker-compose.yml. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new AssertionError(
        "no docker-compose.yml in " + Path.of("").toAbsolutePath() + " or a directory above it");
  }
}
