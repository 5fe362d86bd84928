package io.bankstream.dashboard.app;

import io.bankstream.dashboard.settings.ConnectionSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: reads the settings from its parameters (the command line, parsed like
 * {@link DashboardMain} does) and the environment, opens a {@link Dashboard} on the real sources
 * ({@link Sources}) in a window, and closes it on exit. Launch it through {@link DashboardMain}.
 */
public final class DashboardApp extends Application {

  private Dashboard dashboard;

  @Override
  public void start(Stage stage) {
    ConnectionSettings settings = DashboardMain.settings(getParameters().getRaw(), System.getenv());
    dashboard = new Dashboard(settings, Sources::live, Sources::history, Sources::operations);
    stage.setTitle("bankstream dashboard");
    stage.setScene(dashboard.createScene());
    stage.show();
    dashboard.start();
  }

  @Override
  public void stop() throws InterruptedException {
    if (dashboard != null) {
      try {
        // The window is gone; wait a little so pools close before the JVM ends.
        dashboard.closeAsync().get(3, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Nothing left to show it to; the JVM ends anyway.
      }
    }
  }
}
