package io.bankstream.model.db;

import io.bankstream.model.db.migration.V2__InsertRegions;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a PostgreSQL database to bankstream's current schema (SPEC section 4) with Flyway: the SQL
 * migrations under {@code db/migration} and the Java ones listed here. Every component that may
 * start first calls {@link #apply}; Flyway serialises concurrent callers with an advisory lock, and
 * a database that is already current is left untouched, so applying twice is a no-op.
 */
public final class Migrations {

  /** Classpath folder of the SQL migrations. */
  public static final String SQL_LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Applies every pending migration to {@code dataSource} and returns what Flyway did. */
  public static MigrateResult apply(DataSource dataSource) {
    return flyway(Flyway.configure().dataSource(dataSource)).migrate();
  }

  /** Applies every pending migration to the database at {@code jdbcUrl}. */
  public static MigrateResult apply(String jdbcUrl, String user, String password) {
    return flyway(Flyway.configure().dataSource(jdbcUrl, user, password)).migrate();
  }

  private static Flyway flyway(FluentConfiguration config) {
    return config
        .locations(SQL_LOCATION)
        // Listed, not scanned: classpath scanning for classes is fragile inside shaded jars.
        .javaMigrations(new V2__InsertRegions())
        .failOnMissingLocations(true)
        .load();
  }
}
