package io.bankstream.dashboard.app;

import io.bankstream.dashboard.settings.ConnectionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Application;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./bankstream dashboard}: parses the connection options (each falling back to an
 * environment variable, then to the local stack's address), refuses bad ones with one {@code
 * error:} line naming the option, prints {@code --help}, and otherwise launches {@link
 * DashboardApp}. A plain main class, as launching the {@code Application} subclass directly fails
 * when JavaFX is on the class path rather than the module path. Passwords are never options: they
 * come from {@code BANKSTREAM_REDIS_PASSWORD} / {@code BANKSTREAM_DB_PASSWORD} or a file.
 */
@Command(
    name = "bankstream dashboard",
    mixinStandardHelpOptions = true,
    version = "bankstream dashboard 0.1.0",
    sortOptions = false,
    description =
        "A JavaFX dashboard: live statistics from Redis, history from PostgreSQL. Every option"
            + " falls back to its environment variable, then to the local stack's address.")
public final class DashboardMain {

  @Option(
      names = "--redis-host",
      paramLabel = "<host>",
      description = "Redis host (env BANKSTREAM_REDIS_HOST; default 127.0.0.1).")
  String redisHost;

  @Option(
      names = "--redis-port",
      paramLabel = "<port>",
      description = "Redis port (env BANKSTREAM_REDIS_PORT; default 6379).")
  Integer redisPort;

  @Option(
      names = "--redis-ssl",
      description = "Reach Redis over TLS (env BANKSTREAM_REDIS_SSL=true).")
  Boolean redisSsl;

  @Option(
      names = "--redis-ca-file",
      paramLabel = "<file>",
      description =
          "PEM file of the CA certificates that sign Redis's TLS certificate (env"
              + " BANKSTREAM_REDIS_CA_FILE; default: the JVM's trust store).")
  Path redisCaFile;

  @Option(
      names = "--redis-password-file",
      paramLabel = "<file>",
      description =
          "File holding the Redis password (else env BANKSTREAM_REDIS_PASSWORD; else none).")
  Path redisPasswordFile;

  @Option(
      names = "--jdbc-url",
      paramLabel = "<url>",
      description =
          "PostgreSQL JDBC URL (env BANKSTREAM_JDBC_URL; default"
              + " jdbc:postgresql://127.0.0.1:5432/bank).")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "<user>",
      description = "Database user (env BANKSTREAM_DB_USER; default bank_etl).")
  String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "<file>",
      description =
          "File holding the database password (else env BANKSTREAM_DB_PASSWORD; for a loopback"
              + " URL with neither, the local stack's development password).")
  Path dbPasswordFile;

  @Option(
      names = "--refresh-seconds",
      paramLabel = "<seconds>",
      description =
          "How often the live view reads Redis, 1 to 60 (env"
              + " BANKSTREAM_DASHBOARD_REFRESH_SECONDS; default 2).")
  Integer refreshSeconds;

  DashboardMain() {}

  public static void main(String[] args) {
    int code =
        run(
            args,
            System.getenv(),
            launchArgs -> Application.launch(DashboardApp.class, launchArgs),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    System.exit(code);
  }

  /**
   * Parses {@code args}; prints help or an error, or calls {@code launcher} with {@code args}.
   *
   * @return 0 after help or after the window closed, 2 for bad options
   */
  public static int run(
      String[] args,
      Map<String, String> env,
      Consumer<String[]> launcher,
      PrintWriter out,
      PrintWriter err) {
    CommandLine commandLine = new CommandLine(new DashboardMain());
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return 0;
      }
      DashboardMain options = commandLine.getCommand();
      options.toSettings(env);
    } catch (ParameterException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for the options.");
      err.flush();
      return 2;
    }
    launcher.accept(args);
    return 0;
  }

  /**
   * The settings that {@code args} and {@code env} give: an option wins over its variable, which
   * wins over the local stack's default.
   *
   * @throws ParameterException for unknown or malformed options
   * @throws IllegalArgumentException naming the field when a value is out of range
   */
  public static ConnectionSettings settings(List<String> args, Map<String, String> env) {
    CommandLine commandLine = new CommandLine(new DashboardMain());
    commandLine.parseArgs(args.toArray(String[]::new));
    DashboardMain options = commandLine.getCommand();
    return options.toSettings(env);
  }

  private ConnectionSettings toSettings(Map<String, String> env) {
    ConnectionSettings base = ConnectionSettings.fromEnvironment(env);
    try {
      return new ConnectionSettings(
          redisHost != null ? redisHost : base.redisHost(),
          redisPort != null ? redisPort : base.redisPort(),
          redisSsl != null ? redisSsl : base.redisSsl(),
          redisCaFile != null ? redisCaFile : base.redisCaFile(),
          base.redisPassword(),
          redisPasswordFile,
          jdbcUrl != null ? jdbcUrl : base.jdbcUrl(),
          dbUser != null ? dbUser : base.dbUser(),
          base.dbPassword(),
          dbPasswordFile,
          refreshSeconds != null ? refreshSeconds : base.refreshSeconds());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(optionNamed(e.getMessage()), e);
    }
  }

  /** "Redis port: ..." becomes "--redis-port: ...", so the message names what to change. */
  private static String optionNamed(String message) {
    return message
        .replaceFirst("^Redis host:", "--redis-host:")
        .replaceFirst("^Redis port:", "--redis-port:")
        .replaceFirst("^JDBC URL:", "--jdbc-url:")
        .replaceFirst("^Database user:", "--db-user:")
        .replaceFirst("^Refresh seconds:", "--refresh-seconds:");
  }
}
