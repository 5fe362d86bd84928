package io.bankstream.pipeline.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.bankstream.core.postgres.PostgresConfig;
import javax.sql.DataSource;

/**
 * A {@link BatchingWriteFn} that writes to PostgreSQL: it owns a connection pool for its lifetime
 * and hands it to {@link #connect(DataSource)} to build its writer.
 */
public abstract class PostgresBatchingWriteFn<T> extends BatchingWriteFn<T> {

  private final PostgresConfig config;
  private transient HikariDataSource dataSource;

  protected PostgresBatchingWriteFn(PostgresConfig config, int batchSize) {
    super(batchSize);
    this.config = config;
  }

  /** Builds this sink's writer on the pool. */
  protected abstract void connect(DataSource dataSource);

  @Override
  protected final void open() {
    dataSource = config.dataSource();
    connect(dataSource);
  }

  @Override
  protected final void close() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
