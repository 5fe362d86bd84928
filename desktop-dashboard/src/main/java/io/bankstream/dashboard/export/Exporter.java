package io.bankstream.dashboard.export;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/**
 * Exports what the dashboard shows: any node (a chart) to PNG and any table to CSV, through a
 * context menu ("Export PNG...", "Export CSV...") and a {@link FileChooser}. The picture and the
 * cells are taken on the UI thread (they must be); encoding and writing the file run on the {@code
 * io} executor, and the outcome ("Saved ...", "Could not save ...") reaches {@code report} on the
 * UI thread.
 */
public final class Exporter {

  private final Executor io;
  private final Executor ui;
  private final Consumer<String> report;

  /**
   * @param io runs the file writing (never the UI thread)
   * @param ui runs {@code report} on the UI thread ({@code Platform::runLater})
   * @param report shows the outcome of each export
   */
  public Exporter(Executor io, Executor ui, Consumer<String> report) {
    this.io = Objects.requireNonNull(io, "io");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.report = Objects.requireNonNull(report, "report");
  }

  /** The exporter of the app: {@code Platform::runLater} for the UI. */
  public static Exporter onFxThread(Executor io, Consumer<String> report) {
    return new Exporter(io, Platform::runLater, report);
  }

  /** Gives {@code chart} a context menu item "Export PNG..." that asks for a file and saves it. */
  public void addPngMenu(Node chart, String suggestedName) {
    MenuItem item = new MenuItem("Export PNG...");
    item.setOnAction(event -> choosePng(chart, suggestedName));
    ContextMenu menu = new ContextMenu(item);
    chart.setOnContextMenuRequested(
        event -> menu.show(chart, event.getScreenX(), event.getScreenY()));
  }

  /** Gives {@code table} a context menu item "Export CSV..." that asks for a file and saves it. */
  public void addCsvMenu(TableView<?> table, String suggestedName) {
    MenuItem item = new MenuItem("Export CSV...");
    item.setOnAction(event -> chooseCsv(table, suggestedName));
    table.setContextMenu(new ContextMenu(item));
  }

  /** Asks for a PNG file and saves {@code node} to it. */
  public void choosePng(Node node, String suggestedName) {
    File file = choose(node, suggestedName + ".png", "PNG image", "*.png");
    if (file != null) {
      savePng(node, file.toPath());
    }
  }

  /** Asks for a CSV file and saves {@code table} to it. */
  public void chooseCsv(TableView<?> table, String suggestedName) {
    File file = choose(table, suggestedName + ".csv", "CSV file", "*.csv");
    if (file != null) {
      saveCsv(table, file.toPath());
    }
  }

  /** Snapshots {@code node} now (on the UI thread) and writes the PNG to {@code file} on io. */
  public void savePng(Node node, Path file) {
    BufferedImage image = snapshot(node);
    io.execute(
        () -> {
          try {
            writePng(image, file);
            done("Saved " + file);
          } catch (IOException | RuntimeException e) {
            done("Could not save " + file + ": " + e.getMessage());
          }
        });
  }

  /** Copies {@code table}'s header and rows now (on the UI thread) and writes the CSV on io. */
  public void saveCsv(TableView<?> table, Path file) {
    List<String> header = header(table);
    List<List<String>> rows = rows(table);
    io.execute(
        () -> {
          try {
            CsvWriter.write(file, header, rows);
            done("Saved " + rows.size() + " rows to " + file);
          } catch (IOException | RuntimeException e) {
            done("Could not save " + file + ": " + e.getMessage());
          }
        });
  }

  /** {@code node} as an image, on a white background. Call on the UI thread. */
  public static BufferedImage snapshot(Node node) {
    SnapshotParameters parameters = new SnapshotParameters();
    parameters.setFill(Color.WHITE);
    WritableImage image = node.snapshot(parameters, null);
    return SwingFXUtils.fromFXImage(image, null);
  }

  /** Encodes {@code image} as PNG into {@code file}. */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  /** The visible leaf columns' texts. */
  public static List<String> header(TableView<?> table) {
    List<String> header = new ArrayList<>();
    for (TableColumn<?, ?> column : table.getVisibleLeafColumns()) {
      header.add(column.getText());
    }
    return header;
  }

  /** Every row of {@code table} (in its sort order) as the cells' text. Call on the UI thread. */
  public static <S> List<List<String>> rows(TableView<S> table) {
    List<List<String>> rows = new ArrayList<>();
    for (S item : table.getItems()) {
      List<String> row = new ArrayList<>();
      for (TableColumn<S, ?> column : table.getVisibleLeafColumns()) {
        ObservableValue<?> cell = column.getCellObservableValue(item);
        Object value = cell == null ? null : cell.getValue();
        row.add(value == null ? "" : value.toString());
      }
      rows.add(row);
    }
    return rows;
  }

  private File choose(Node owner, String name, String description, String pattern) {
    FileChooser chooser = new FileChooser();
    chooser.setInitialFileName(name);
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
    Window window = owner.getScene() == null ? null : owner.getScene().getWindow();
    return chooser.showSaveDialog(window);
  }

  private void done(String message) {
    ui.execute(() -> report.accept(message));
  }
}
