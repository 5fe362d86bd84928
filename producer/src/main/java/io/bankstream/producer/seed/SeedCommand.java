package io.bankstream.producer.seed;

import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.PostgresOptions;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream seed}: migrates the schema and creates the users the producer and the
 * pipeline work with. The same {@code --seed} gives the same users; a database that already has
 * users is left alone unless {@code --force}.
 */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description =
        "Migrates the schema and creates users in PostgreSQL (usuarios): home UF weighted by"
            + " population, log-normal balances and per-modality limits. Does nothing if users"
            + " exist, unless --force.",
    sortOptions = false)
public final class SeedCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--users",
      paramLabel = "<n>",
      defaultValue = "10000",
      description = "How many users to create (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(
      names = "--seed",
      paramLabel = "<long>",
      defaultValue = "1",
      description = "Random seed: the same seed gives the same users (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--force",
      description =
          "Delete every user first, and with them every transaction in transacoes, then seed.")
  private boolean force;

  @Mixin private PostgresOptions postgres;

  private final Clock clock;

  public SeedCommand() {
    this(Clock.systemUTC());
  }

  SeedCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    if (users < 1) {
      throw new CliException("--users must be at least 1, was " + users);
    }
    postgres.applyMigrations();
    try (Connection connection = postgres.connect()) {
      connection.setAutoCommit(false);
      long existing = UserProfiles.count(connection);
      if (existing > 0 && !force) {
        out.printf(
            "usuarios already holds %,d users: nothing added. --force deletes them, and every"
                + " transaction, and seeds anew.%n",
            existing);
        return 0;
      }
      if (existing > 0) {
        out.printf("Deleting %,d users and every row of transacoes (--force).%n", existing);
        try (Statement truncate = connection.createStatement()) {
          truncate.execute("TRUNCATE usuarios CASCADE");
        }
      }
      long start = System.nanoTime();
      List<UserProfile> generated =
          new UserGenerator(new Random(seed))
              .generate(users, clock.instant().truncatedTo(ChronoUnit.MILLIS));
      long generatedNanos = System.nanoTime();
      long inserted = UserCopy.copy(connection, generated);
      connection.commit();
      long end = System.nanoTime();
      out.printf(
          "Seeded %,d users (seed %d) into %s in %,d ms (drawn in %,d ms, copied in %,d ms).%n",
          inserted,
          seed,
          postgres.jdbcUrl(),
          (end - start) / 1_000_000,
          (generatedNanos - start) / 1_000_000,
          (end - generatedNanos) / 1_000_000);
      return 0;
    }
  }
}
