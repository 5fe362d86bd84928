package io.bankstream.localstack;

import io.bankstream.model.db.DatabasePassword;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream stack}: runs Kafka, PostgreSQL and Redis on the seed's ports until Ctrl-C or
 * SIGTERM, and prints how to connect to each. Every option also reads an environment variable.
 */
@Command(
    name = "bankstream stack",
    mixinStandardHelpOptions = true,
    version = "bankstream stack 0.1.0",
    description =
        "Runs real Kafka (in-process KRaft), PostgreSQL and Redis on 127.0.0.1 until Ctrl-C."
            + " Creates database 'bank' owned by user 'bank_etl' with the schema migrated, the"
            + " read-only user 'bank_dashboard', and the transactions topic. Passwords come from"
            + " BANKSTREAM_DB_PASSWORD, BANKSTREAM_DASHBOARD_DB_PASSWORD and"
            + " BANKSTREAM_REDIS_PASSWORD (Redis: none if unset).",
    sortOptions = false)
public final class StackCommand implements Callable<Integer> {

  /** Exit code when the stack cannot start: a port is taken or a server failed. */
  static final int EXIT_NOT_STARTED = 1;

  /** The application user's password (default bank_etl). */
  static final String DB_PASSWORD = DatabasePassword.ENVIRONMENT_VARIABLE;

  /** The dashboard's read-only user's password (default bank_dashboard). */
  static final String DASHBOARD_DB_PASSWORD = DatabasePassword.DASHBOARD_ENVIRONMENT_VARIABLE;

  /** The password Redis requires (default: none). */
  static final String REDIS_PASSWORD = "BANKSTREAM_REDIS_PASSWORD";

  @Spec private CommandSpec spec;

  @Option(
      names = "--kafka-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_KAFKA_PORT:-9092}",
      description = "Kafka's client port (env BANKSTREAM_KAFKA_PORT; default: ${DEFAULT-VALUE}).")
  private int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_KAFKA_CONTROLLER_PORT:-9093}",
      description = "Kafka's KRaft controller port (default: ${DEFAULT-VALUE}).")
  private int kafkaControllerPort;

  @Option(
      names = "--postgres-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_POSTGRES_PORT:-5432}",
      description = "PostgreSQL's port (env BANKSTREAM_POSTGRES_PORT; default: ${DEFAULT-VALUE}).")
  private int postgresPort;

  @Option(
      names = "--redis-port",
      paramLabel = "<port>",
      defaultValue = "${env:BANKSTREAM_REDIS_PORT:-6379}",
      description = "Redis's port (env BANKSTREAM_REDIS_PORT; default: ${DEFAULT-VALUE}).")
  private int redisPort;

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      defaultValue = "${env:BANKSTREAM_DATA_DIR}",
      description =
          "Keep the data here, reused on the next start (env BANKSTREAM_DATA_DIR; default: a"
              + " fresh temporary directory, deleted on exit).")
  private Path dataDirectory;

  @Option(
      names = "--topic",
      paramLabel = "<name>",
      defaultValue = "${env:BANKSTREAM_TOPIC:-bank_transactions}",
      description = "Topic to create for transactions (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--partitions",
      paramLabel = "<n>",
      defaultValue = "4",
      description = "Partitions of that topic (default: ${DEFAULT-VALUE}).")
  private int partitions;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    System.exit(new CommandLine(new StackCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalStack.Builder builder =
        LocalStack.builder()
            .kafkaPort(kafkaPort)
            .kafkaControllerPort(kafkaControllerPort)
            .postgresPort(postgresPort)
            .redisPort(redisPort)
            .topic(topic, partitions)
            .database("bank", "bank_etl", fromEnvironment(DB_PASSWORD, "bank_etl"))
            .dashboardUser(
                "bank_dashboard", fromEnvironment(DASHBOARD_DB_PASSWORD, "bank_dashboard"))
            .redisPassword(fromEnvironment(REDIS_PASSWORD, null));
    if (dataDirectory != null) {
      builder.dataDirectory(dataDirectory);
    }

    out.println("Starting Kafka, PostgreSQL and Redis...");
    out.flush();
    LocalStack stack;
    try {
      stack = builder.start();
    } catch (PortInUseException e) {
      err.printf(
          "error: %s. Stop what uses it, or choose another port with %s <port>.%n",
          e.getMessage(), e.option());
      return EXIT_NOT_STARTED;
    } catch (RuntimeException e) {
      err.printf("error: the local stack did not start: %s%n", rootMessage(e));
      return EXIT_NOT_STARTED;
    }

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping the local stack...");
                  out.flush();
                  stack.close();
                  out.println("Stopped.");
                  out.flush();
                  stopped.countDown();
                },
                "bankstream-stack-shutdown"));
    printConnections(out, stack);
    stopped.await();
    return 0;
  }

  private void printConnections(PrintWriter out, LocalStack stack) {
    out.printf("%nbankstream local stack is up.%n");
    out.printf(
        "  Kafka       bootstrap.servers=%s  topic %s (%d partitions)%n",
        stack.kafkaBootstrapServers(), stack.topic(), stack.partitions());
    out.printf(
        "  PostgreSQL  %s  user %s, password from BANKSTREAM_DB_PASSWORD (default bank_etl)%n",
        stack.jdbcUrl(), stack.databaseUser());
    out.printf(
        "              psql -h 127.0.0.1 -p %d -U %s %s%n",
        stack.postgresPort(), stack.databaseUser(), stack.database());
    out.printf(
        "              read-only: user %s, password from %s (default bank_dashboard)%n",
        stack.dashboardUser(), DASHBOARD_DB_PASSWORD);
    out.printf(
        "  Redis       %s%s%n              redis-cli -h %s -p %d%s%n",
        stack.redisUri(),
        stack.redisPassword() == null ? "" : "  password from " + REDIS_PASSWORD,
        stack.redisHost(),
        stack.redisPort(),
        stack.redisPassword() == null ? "" : "  (then AUTH, or REDISCLI_AUTH in the environment)");
    out.printf(
        "  Data        %s%s%n",
        stack.dataDirectory(), dataDirectory == null ? " (deleted on exit)" : " (kept)");
    out.printf("Press Ctrl-C to stop.%n");
    out.flush();
  }

  /** The value of environment variable {@code name}, or {@code fallback} when unset or empty. */
  static String fromEnvironment(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
  }
}
