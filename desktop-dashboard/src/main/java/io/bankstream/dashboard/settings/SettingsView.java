package io.bankstream.dashboard.settings;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The settings tab: Redis host, port, TLS and password file; the JDBC URL, user and password file;
 * the refresh period; the validation messages (each naming its field) and Apply / Revert. It only
 * builds controls and binds them to a {@link SettingsViewModel}. Passwords are not typed here: they
 * come from {@code BANKSTREAM_REDIS_PASSWORD} / {@code BANKSTREAM_DB_PASSWORD} or the files named.
 */
public final class SettingsView extends BorderPane {

  private final SettingsViewModel model;

  public SettingsView(SettingsViewModel model) {
    this.model = model;
    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(8);
    form.setPadding(new Insets(12));
    int row = 0;
    field(form, row++, "Redis host", "settingsRedisHost", model.redisHostProperty());
    field(form, row++, "Redis port", "settingsRedisPort", model.redisPortProperty());
    CheckBox ssl = new CheckBox("Redis over TLS (rediss://)");
    ssl.setId("settingsRedisSsl");
    ssl.selectedProperty().bindBidirectional(model.redisSslProperty());
    form.add(ssl, 1, row++);
    field(
        form,
        row++,
        "Redis password file",
        "settingsRedisPasswordFile",
        model.redisPasswordFileProperty());
    field(form, row++, "JDBC URL", "settingsJdbcUrl", model.jdbcUrlProperty());
    field(form, row++, "Database user", "settingsDbUser", model.dbUserProperty());
    field(
        form,
        row++,
        "Database password file",
        "settingsDbPasswordFile",
        model.dbPasswordFileProperty());
    field(form, row++, "Refresh seconds", "settingsRefreshSeconds", model.refreshSecondsProperty());

    Label problems = new Label();
    problems.setId("settingsProblems");
    problems.setStyle("-fx-text-fill: #c62828;");
    problems
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> String.join("\n", model.problems()), model.problems()));
    Label message = new Label();
    message.setId("settingsMessage");
    message.textProperty().bind(model.messageProperty());
    Label note =
        new Label(
            "Passwords come from BANKSTREAM_REDIS_PASSWORD and BANKSTREAM_DB_PASSWORD, or from the"
                + " files named above; for a loopback database with neither, the local stack's.");
    note.setWrapText(true);

    Button apply = new Button("Apply");
    apply.setId("settingsApply");
    apply.setDefaultButton(true);
    apply.disableProperty().bind(model.validProperty().not());
    apply.setOnAction(event -> model.apply());
    Button revert = new Button("Revert");
    revert.setId("settingsRevert");
    revert.setOnAction(event -> model.revert());

    VBox content = new VBox(10, form, new HBox(8, apply, revert), problems, message, note);
    content.setPadding(new Insets(12));
    content.setMaxWidth(760);
    setCenter(content);
  }

  public SettingsViewModel model() {
    return model;
  }

  private static void field(
      GridPane form, int row, String caption, String id, StringProperty property) {
    TextField text = new TextField();
    text.setId(id);
    text.setPrefColumnCount(40);
    text.textProperty().bindBidirectional(property);
    form.add(new Label(caption), 0, row);
    form.add(text, 1, row);
  }
}
