package io.bankstream.core.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.model.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 17 for one test class: registered as a static {@code @RegisterExtension} field,
 * it starts an embedded server before the class's {@code @BeforeAll} methods, applies the project's
 * migrations, opens a HikariCP pool through {@link PostgresConfig}, and closes both after the
 * class.
 */
final class MigratedPostgres implements BeforeAllCallback, AfterAllCallback {

  private final String poolName;
  private final String password;
  private final int maxPoolSize;

  private EmbeddedPostgres server;
  private DataSource direct;
  private HikariDataSource pool;

  /** A pool of two connections named {@code poolName}, with no password. */
  MigratedPostgres(String poolName) {
    this(poolName, null, 2);
  }

  MigratedPostgres(String poolName, String password, int maxPoolSize) {
    this.poolName = poolName;
    this.password = password;
    this.maxPoolSize = maxPoolSize;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = EmbeddedPostgres.builder().start();
    direct = server.getPostgresDatabase();
    Migrations.apply(direct);
    pool =
        new PostgresConfig(
                server.getJdbcUrl("postgres", "postgres"), "postgres", password, maxPoolSize)
            .dataSource(poolName);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (pool != null) {
      pool.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The embedded server, for other databases on it. */
  EmbeddedPostgres server() {
    return server;
  }

  /** Plain connections with auto-commit to the migrated database, for seeding and reading back. */
  DataSource direct() {
    return direct;
  }

  /** The pool made by {@link PostgresConfig}, for the writer under test. */
  HikariDataSource pool() {
    return pool;
  }
}
