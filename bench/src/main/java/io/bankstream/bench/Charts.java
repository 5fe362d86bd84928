package io.bankstream.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The bench's PNG charts, drawn by JFreeChart without a display ({@code java.awt.headless} is set
 * to true before the first chart unless the JVM was started with it): stacked panels of series over
 * time sharing one time axis (the soak), and stacked bar panels sharing one axis of contenders (the
 * report's throughput and p99). Inputs are plain numbers; output is a PNG of the given size.
 */
final class Charts {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // Encode in memory: ImageIO's file cache registers a shutdown hook for each stream, which the
    // JVM refuses while shutting down, and the soak's Ctrl-C writes its chart then.
    javax.imageio.ImageIO.setUseCache(false);
  }

  /** Colours that read on white (JFreeChart's default palette has a pale yellow). */
  private static final Color[] PALETTE = {
    new Color(0xD6, 0x27, 0x28),
    new Color(0x1F, 0x77, 0xB4),
    new Color(0x2C, 0xA0, 0x2C),
    new Color(0xFF, 0x7F, 0x0E),
    new Color(0x94, 0x67, 0xBD),
    new Color(0x17, 0xBE, 0xCF),
    new Color(0x8C, 0x56, 0x4B),
    new Color(0x7F, 0x7F, 0x7F)
  };

  private Charts() {}

  /**
   * Loads Java2D, its fonts and the PNG encoder now, by drawing a small chart into memory. Their
   * first use registers shutdown hooks, which the JVM refuses once it is shutting down ("Shutdown
   * in progress"): the soak, whose Ctrl-C draws its chart while a shutdown hook waits, calls this
   * when it starts.
   */
  static void prepare() throws IOException {
    ChartUtils.writeChartAsPNG(
        new java.io.ByteArrayOutputStream(),
        new JFreeChart(
            "0",
            new XYPlot(
                new XYSeriesCollection(),
                new NumberAxis("0"),
                new NumberAxis("0"),
                new XYLineAndShapeRenderer())),
        16,
        16);
  }

  private static Color colour(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /**
   * One panel of a time chart: its axis label and its series, each a name and one value per sample
   * (NaN for none).
   */
  record Panel(String axisLabel, Map<String, double[]> series) {}

  /** One bar: its series (the colour, e.g. an offered rate), its category (a contender), value. */
  record Bar(String series, String category, double value) {}

  /** One panel of a bar chart: its axis label and its bars. */
  record BarPanel(String axisLabel, List<Bar> bars) {}

  /**
   * Writes {@code panels} stacked over one axis of {@code minutes} (one per sample) to {@code
   * file}, {@code width} x {@code height} pixels.
   */
  static void timeSeries(
      Path file, String title, double[] minutes, List<Panel> panels, int width, int height)
      throws IOException {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes since start"));
    plot.setGap(8);
    int colours = 0;
    for (Panel panel : panels) {
      XYSeriesCollection dataset = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      for (Map.Entry<String, double[]> entry : panel.series().entrySet()) {
        renderer.setSeriesPaint(dataset.getSeriesCount(), colour(colours++));
        XYSeries series = new XYSeries(entry.getKey(), false, true);
        double[] values = entry.getValue();
        for (int i = 0; i < minutes.length && i < values.length; i++) {
          if (!Double.isNaN(values[i])) {
            series.add(minutes[i], values[i]);
          }
        }
        dataset.addSeries(series);
      }
      NumberAxis axis = new NumberAxis(panel.axisLabel());
      axis.setAutoRangeIncludesZero(true);
      XYPlot sub = new XYPlot(dataset, null, axis, renderer);
      style(sub);
      sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.add(sub, 1);
    }
    write(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), width, height);
  }

  /** Writes {@code panels} of bars stacked over one axis of contenders to {@code file}. */
  static void bars(Path file, String title, List<BarPanel> panels, int width, int height)
      throws IOException {
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis());
    plot.setGap(8);
    List<String> series =
        panels.stream().flatMap(p -> p.bars().stream()).map(Bar::series).distinct().toList();
    boolean first = true;
    for (BarPanel panel : panels) {
      DefaultCategoryDataset dataset = new DefaultCategoryDataset();
      for (Bar bar : panel.bars()) {
        dataset.addValue(bar.value(), bar.series(), bar.category());
      }
      BarRenderer renderer = new BarRenderer();
      renderer.setBarPainter(new StandardBarPainter());
      renderer.setShadowVisible(false);
      renderer.setMaximumBarWidth(0.2);
      // The same series in the same colour in every panel, and in the legend once.
      for (int i = 0; i < dataset.getRowCount(); i++) {
        renderer.setSeriesPaint(i, colour(series.indexOf((String) dataset.getRowKey(i))));
      }
      renderer.setDefaultSeriesVisibleInLegend(first && series.size() > 1);
      first = false;
      CategoryPlot sub =
          new CategoryPlot(dataset, null, new NumberAxis(panel.axisLabel()), renderer);
      style(sub);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.add(sub, 1);
    }
    write(
        file,
        new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1),
        width,
        height);
  }

  private static void style(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
  }

  private static void write(Path file, JFreeChart chart, int width, int height) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
  }
}
