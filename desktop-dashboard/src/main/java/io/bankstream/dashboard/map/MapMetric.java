package io.bankstream.dashboard.map;

import io.bankstream.dashboard.data.GroupStats;
import java.util.Locale;

/** What the map colours each UF by: its approval rate or its volume of transactions. */
public enum MapMetric {
  APPROVAL_RATE("Approval rate"),
  VOLUME("Transactions");

  private final String label;

  MapMetric(String label) {
    this.label = label;
  }

  /** The UF's value: its approved share from 0 to 1, or its count of transactions. */
  public double valueOf(GroupStats stats) {
    return this == APPROVAL_RATE ? stats.approvalRate() : stats.count();
  }

  /** A value as the legend shows it: {@code 97.4%} or {@code 1,234}. */
  public String format(double value) {
    return this == APPROVAL_RATE
        ? String.format(Locale.ROOT, "%.1f%%", value * 100)
        : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** What the toggle shows. */
  @Override
  public String toString() {
    return label;
  }
}
