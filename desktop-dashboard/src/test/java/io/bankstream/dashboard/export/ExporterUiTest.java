package io.bankstream.dashboard.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.dashboard.app.Widgets;
import io.bankstream.dashboard.data.RecentTransaction;
import io.bankstream.dashboard.history.Windows;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A chart saved as PNG and a table saved as CSV, from a headless window, written off the FX thread.
 */
@ExtendWith(ApplicationExtension.class)
class ExporterUiTest {

  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final List<String> writerThreads = new CopyOnWriteArrayList<>();
  private final Exporter exporter =
      new Exporter(
          command ->
              io.execute(
                  () -> {
                    writerThreads.add(Thread.currentThread().getName());
                    command.run();
                  }),
          Platform::runLater,
          reports::add);
  private BarChart<String, Number> chart;
  private TableView<RecentTransaction> table;

  @TempDir Path dir;

  @Start
  void start(Stage stage) {
    chart = Widgets.barChart("chart", "Per UF", "UF", "transactions");
    XYChart.Series<String, Number> series = Widgets.series(chart, "Transactions");
    series.getData().add(new XYChart.Data<>("SP", 73));
    series.getData().add(new XYChart.Data<>("RJ", 31));
    table =
        Widgets.transactionTable(
            "table",
            FXCollections.observableArrayList(
                Windows.transaction("t1", "SP", "PIX", Windows.T0, "SALDO", "RISCO"),
                Windows.transaction("t,2", "RJ", "TED", Windows.T0)),
            ZoneOffset.UTC,
            true);
    stage.setScene(new Scene(new VBox(chart, table), 640, 700));
    stage.show();
  }

  @AfterEach
  void stop() {
    io.shutdownNow();
  }

  @Test
  void aChartBecomesAPngOfItsSize(FxRobot robot) throws Exception {
    Path file = dir.resolve("chart.png");

    robot.interact(() -> exporter.savePng(chart, file));

    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> reports.contains("Saved " + file));
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo((int) Math.ceil(chart.getWidth()));
    assertThat(image.getHeight()).isEqualTo((int) Math.ceil(chart.getHeight()));
    assertThat(writerThreads).isNotEmpty().noneMatch(name -> name.contains("JavaFX"));
  }

  @Test
  void aTableBecomesCsvWithItsHeaderAndCells(FxRobot robot) throws Exception {
    Path file = dir.resolve("table.csv");

    robot.interact(() -> exporter.saveCsv(table, file));

    WaitForAsyncUtils.waitFor(
        15, TimeUnit.SECONDS, () -> reports.contains("Saved 2 rows to " + file));
    List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines)
        .containsExactly(
            "Event time,Id,Payer,Receiver,UF,Modality,Amount (R$),Result,Rules,Risk",
            "2026-03-02 21:00:00,t1,payer-t1,receiver-t1,SP,PIX,150.00,rejected,SALDO RISCO,0.9000",
            "2026-03-02 21:00:00,\"t,2\",\"payer-t,2\",\"receiver-t,2\",RJ,TED,150.00,approved,,0.1000");
  }

  @Test
  void aFailedWriteIsReported(FxRobot robot) throws Exception {
    Path file = dir.resolve("missing-dir").resolve("table.csv");

    robot.interact(() -> exporter.saveCsv(table, file));

    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () -> reports.stream().anyMatch(report -> report.startsWith("Could not save " + file)));
  }
}
