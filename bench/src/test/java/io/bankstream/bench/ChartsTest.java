package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static BufferedImage png(Path file) throws Exception {
    assertThat(file).exists();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(PNG_SIGNATURE);
    return ImageIO.read(file.toFile());
  }

  @Test
  void stackedTimePanelsAreAPngOfTheSizeAskedWithoutADisplay(@TempDir Path directory)
      throws Exception {
    Path file = directory.resolve("charts/soak.png");
    double[] minutes = {0, 0.5, 1, 1.5, 2};

    Charts.timeSeries(
        file,
        "Soak",
        minutes,
        List.of(
            new Charts.Panel("RSS (MiB)", Map.of("RSS", new double[] {500, 600, 610, 605, 612})),
            new Charts.Panel("lag", Map.of("lag", new double[] {10, Double.NaN, 30, 20, 10})),
            new Charts.Panel(
                "PostgreSQL (MiB)",
                Map.of(
                    "transacoes",
                    new double[] {1, 2, 3, 4, 5},
                    "database",
                    new double[] {9, 10, 11, 12, 13}))),
        640,
        900);

    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    BufferedImage image = png(file);
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(900);
    // Drawn, not blank: more than the background's one colour.
    assertThat(colours(image)).isGreaterThan(10);
  }

  @Test
  void barPanelsAreAPngOfTheSizeAsked(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("bars.png");

    Charts.bars(
        file,
        "Steady",
        List.of(
            new Charts.BarPanel(
                "records/s",
                List.of(
                    new Charts.Bar("2,000/s", "floor", 2000),
                    new Charts.Bar("2,000/s", "flink", 1900),
                    new Charts.Bar("5,000/s", "floor", 5000))),
            new Charts.BarPanel(
                "p99 (ms)",
                List.of(
                    new Charts.Bar("2,000/s", "floor", 52),
                    new Charts.Bar("2,000/s", "flink", 1100)))),
        800,
        600);

    BufferedImage image = png(file);
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(600);
    assertThat(colours(image)).isGreaterThan(10);
  }

  private static long colours(BufferedImage image) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int x = 0; x < image.getWidth(); x += 3) {
      for (int y = 0; y < image.getHeight(); y += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
