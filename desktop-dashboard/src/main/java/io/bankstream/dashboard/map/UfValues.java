package io.bankstream.dashboard.map;

import io.bankstream.dashboard.data.GroupStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.scene.paint.Color;

/**
 * The map's model: each UF's statistics and value for a {@link MapMetric}, and the {@link
 * ColorScale} they are drawn with. Volume is scaled from 0 to the busiest UF; the approval rate
 * from the lowest UF's to the highest's (rates sit close together, so a fixed 0 to 100% would paint
 * every UF alike), widened to one percentage point when they are all equal. A UF without statistics
 * has no value and is drawn {@link ColorScale#NO_DATA}.
 *
 * @param metric what the values are
 * @param stats per UF code, as given
 * @param scale the colour scale of the values
 */
public record UfValues(MapMetric metric, Map<String, GroupStats> stats, ColorScale scale) {

  public UfValues {
    Objects.requireNonNull(metric, "metric");
    stats = Map.copyOf(stats);
    Objects.requireNonNull(scale, "scale");
  }

  /** The values of {@code regions} (one {@link GroupStats} per UF) for {@code metric}. */
  public static UfValues of(List<GroupStats> regions, MapMetric metric) {
    Map<String, GroupStats> byUf = new LinkedHashMap<>();
    for (GroupStats region : regions) {
      byUf.put(region.key().value(), region);
    }
    double low;
    double high;
    if (metric == MapMetric.VOLUME) {
      low = 0;
      high = Math.max(1, byUf.values().stream().mapToDouble(metric::valueOf).max().orElse(1));
    } else {
      low = byUf.values().stream().mapToDouble(metric::valueOf).min().orElse(0);
      high = byUf.values().stream().mapToDouble(metric::valueOf).max().orElse(1);
      if (high - low < 0.01) {
        low = Math.max(0, high - 0.01);
        high = low + 0.01;
      }
    }
    return new UfValues(metric, byUf, new ColorScale(low, high));
  }

  /** The value of {@code uf}; null when it has no statistics. */
  public Double value(String uf) {
    GroupStats of = stats.get(uf);
    return of == null ? null : metric.valueOf(of);
  }

  /** The fill of {@code uf}: its value through the scale, or {@link ColorScale#NO_DATA}. */
  public Color color(String uf) {
    Double value = value(uf);
    return value == null ? ColorScale.NO_DATA : scale.colorOf(value);
  }

  /**
   * What hovering {@code uf} shows: {@code SP São Paulo}, then {@code 1,234 transactions: 1,200
   * approved, 34 rejected} and {@code approval rate 97.2%}; or {@code no transactions}.
   */
  public String hoverText(String uf, String name) {
    GroupStats of = stats.get(uf);
    String title = uf + " " + name;
    if (of == null) {
      return title + "\nno transactions";
    }
    return title
        + String.format(
            Locale.ROOT,
            "\n%,d transactions: %,d approved, %,d rejected\napproval rate %s",
            of.count(),
            of.approved(),
            of.rejected(),
            MapMetric.APPROVAL_RATE.format(of.approvalRate()));
  }
}
