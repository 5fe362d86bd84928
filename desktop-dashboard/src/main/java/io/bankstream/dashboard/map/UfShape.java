package io.bankstream.dashboard.map;

import java.util.Objects;

/**
 * One federative unit's outline on the map: its two-letter code ({@code SP}), its name ({@code São
 * Paulo}) and an SVG path in the coordinates of {@link UfShapes#WIDTH} by {@link UfShapes#HEIGHT}.
 */
public record UfShape(String uf, String name, String svgPath) {

  public UfShape {
    Objects.requireNonNull(uf, "uf");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(svgPath, "svgPath");
  }
}
