package io.bankstream.dashboard.settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The settings pane's state: one editable text property per field of {@link ConnectionSettings},
 * validated on every edit into {@link #problems()} (each message names its field, e.g. {@code
 * "Redis port: must be a whole number from 1 to 65535"}), and {@link #apply()}, which hands valid
 * settings to the callback given at construction (the dashboard closes its sources and opens new
 * ones). Passwords are not edited here: they stay those of the environment; password files can be
 * named. No JavaFX scene imports; use it on the UI thread.
 */
public final class SettingsViewModel {

  private final Consumer<ConnectionSettings> onApply;
  private ConnectionSettings applied;

  private final StringProperty redisHost = new SimpleStringProperty(this, "redisHost", "");
  private final StringProperty redisPort = new SimpleStringProperty(this, "redisPort", "");
  private final BooleanProperty redisSsl = new SimpleBooleanProperty(this, "redisSsl");
  private final StringProperty redisPasswordFile =
      new SimpleStringProperty(this, "redisPasswordFile", "");
  private final StringProperty jdbcUrl = new SimpleStringProperty(this, "jdbcUrl", "");
  private final StringProperty dbUser = new SimpleStringProperty(this, "dbUser", "");
  private final StringProperty dbPasswordFile =
      new SimpleStringProperty(this, "dbPasswordFile", "");
  private final StringProperty refreshSeconds =
      new SimpleStringProperty(this, "refreshSeconds", "");

  private final ObservableList<String> problems = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", true);
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

  /**
   * @param initial the settings in use, shown first
   * @param onApply receives the new settings on {@link #apply()}
   */
  public SettingsViewModel(ConnectionSettings initial, Consumer<ConnectionSettings> onApply) {
    this.onApply = Objects.requireNonNull(onApply, "onApply");
    for (Observable field :
        List.of(
            redisHost,
            redisPort,
            redisSsl,
            redisPasswordFile,
            jdbcUrl,
            dbUser,
            dbPasswordFile,
            refreshSeconds)) {
      field.addListener(changed -> revalidate());
    }
    reset(initial);
  }

  /** Shows {@code settings} in the fields, as the ones in use. */
  public void reset(ConnectionSettings settings) {
    applied = Objects.requireNonNull(settings, "settings");
    redisHost.set(settings.redisHost());
    redisPort.set(Integer.toString(settings.redisPort()));
    redisSsl.set(settings.redisSsl());
    redisPasswordFile.set(pathText(settings.redisPasswordFile()));
    jdbcUrl.set(settings.jdbcUrl());
    dbUser.set(settings.dbUser());
    dbPasswordFile.set(pathText(settings.dbPasswordFile()));
    refreshSeconds.set(Integer.toString(settings.refreshSeconds()));
    revalidate();
    message.set("");
  }

  /** Puts back the settings in use. */
  public void revert() {
    reset(applied);
  }

  /**
   * Validates the fields and, when they are valid, hands the settings to the callback.
   *
   * @return whether they were applied
   */
  public boolean apply() {
    List<String> found = validate();
    if (!found.isEmpty()) {
      message.set("Not applied: " + String.join("; ", found));
      return false;
    }
    ConnectionSettings settings = toSettings();
    applied = settings;
    onApply.accept(settings);
    revalidate();
    message.set("Applied: Redis " + settings.redisUri() + ", PostgreSQL " + settings.jdbcUrl());
    return true;
  }

  /** The problems of the fields as they are, each naming its field; empty when valid. */
  public List<String> validate() {
    List<String> found = new ArrayList<>();
    if (redisHost.get() == null || redisHost.get().isBlank()) {
      found.add("Redis host: required");
    }
    Integer port = parse(redisPort.get());
    if (port == null || ConnectionSettings.portProblem(port) != null) {
      found.add("Redis port: must be a whole number from 1 to 65535");
    }
    String urlProblem = ConnectionSettings.jdbcUrlProblem(jdbcUrl.get());
    if (urlProblem != null) {
      found.add("JDBC URL: " + urlProblem);
    }
    if (dbUser.get() == null || dbUser.get().isBlank()) {
      found.add("Database user: required");
    }
    Integer refresh = parse(refreshSeconds.get());
    if (refresh == null || ConnectionSettings.refreshProblem(refresh) != null) {
      found.add("Refresh seconds: must be a whole number from 1 to 60");
    }
    if (path(redisPasswordFile.get()) == INVALID) {
      found.add("Redis password file: not a valid path");
    }
    if (path(dbPasswordFile.get()) == INVALID) {
      found.add("Database password file: not a valid path");
    }
    return found;
  }

  /** The settings in use (the last applied, or the initial ones). */
  public ConnectionSettings applied() {
    return applied;
  }

  private ConnectionSettings toSettings() {
    return new ConnectionSettings(
        redisHost.get().strip(),
        parse(redisPort.get()),
        redisSsl.get(),
        applied.redisCaFile(),
        applied.redisPassword(),
        path(redisPasswordFile.get()),
        jdbcUrl.get().strip(),
        dbUser.get().strip(),
        applied.dbPassword(),
        path(dbPasswordFile.get()),
        parse(refreshSeconds.get()));
  }

  private void revalidate() {
    problems.setAll(validate());
    valid.set(problems.isEmpty());
    dirty.set(!problems.isEmpty() || !toSettings().equals(applied));
  }

  private static Integer parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final Path INVALID = Path.of("");

  private static Path path(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Path.of(text.strip());
    } catch (InvalidPathException e) {
      return INVALID;
    }
  }

  private static String pathText(Path path) {
    return path == null ? "" : path.toString();
  }

  public StringProperty redisHostProperty() {
    return redisHost;
  }

  public StringProperty redisPortProperty() {
    return redisPort;
  }

  public BooleanProperty redisSslProperty() {
    return redisSsl;
  }

  public StringProperty redisPasswordFileProperty() {
    return redisPasswordFile;
  }

  public StringProperty jdbcUrlProperty() {
    return jdbcUrl;
  }

  public StringProperty dbUserProperty() {
    return dbUser;
  }

  public StringProperty dbPasswordFileProperty() {
    return dbPasswordFile;
  }

  public StringProperty refreshSecondsProperty() {
    return refreshSeconds;
  }

  /** The current fields' problems, each naming its field. */
  public ObservableList<String> problems() {
    return problems;
  }

  /** Whether the fields are valid. */
  public ReadOnlyBooleanProperty validProperty() {
    return valid.getReadOnlyProperty();
  }

  /** Whether the fields differ from the settings in use (or are invalid). */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  /** What the last {@link #apply()} did, for a label. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }
}
