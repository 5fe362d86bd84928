package io.bankstream.dashboard;

import io.bankstream.dashboard.app.Dashboard;
import io.bankstream.dashboard.app.Sources;
import io.bankstream.dashboard.settings.ConnectionSettings;
import io.bankstream.localstack.LocalStack;
import java.util.Map;
import javafx.stage.Stage;

/** The dashboard of the integration tests: on a local stack's Redis and PostgreSQL. */
final class StackDashboards {

  private StackDashboards() {}

  /** The settings of {@code stack}'s Redis and PostgreSQL, refreshing every second. */
  static ConnectionSettings settings(LocalStack stack) {
    return ConnectionSettings.fromEnvironment(
            Map.of(
                ConnectionSettings.ENV_REDIS_HOST, stack.redisHost(),
                ConnectionSettings.ENV_REDIS_PORT, Integer.toString(stack.redisPort()),
                ConnectionSettings.ENV_JDBC_URL, stack.jdbcUrl(),
                ConnectionSettings.ENV_DB_USER, stack.databaseUser(),
                ConnectionSettings.ENV_DB_PASSWORD, stack.databasePassword()))
        .withRefreshSeconds(1);
  }

  /** A dashboard on {@code stack}'s real sources, shown on {@code stage} and started. */
  static Dashboard start(Stage stage, LocalStack stack) {
    Dashboard dashboard =
        new Dashboard(settings(stack), Sources::live, Sources::history, Sources::operations);
    stage.setScene(dashboard.createScene());
    stage.show();
    dashboard.start();
    return dashboard;
  }
}
