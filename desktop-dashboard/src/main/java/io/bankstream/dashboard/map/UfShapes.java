package io.bankstream.dashboard.map;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The outlines of Brazil's 27 UFs, read from the resource {@value #RESOURCE}: one line per UF,
 * {@code UF<TAB>name<TAB>SVG path}, lines starting with {@code #} ignored. The outlines are a
 * simplification of {@code @svg-maps/brazil} 2.0.0 (CC BY 4.0; see the NOTICE.md next to the file).
 */
public final class UfShapes {

  /** The resource, next to this class. */
  public static final String RESOURCE = "brazil-ufs.tsv";

  /** The width of the paths' coordinate space (the SVG's view box). */
  public static final double WIDTH = 613;

  /** The height of the paths' coordinate space. */
  public static final double HEIGHT = 639;

  /** How many UFs Brazil has: 26 states and the Federal District. */
  public static final int COUNT = 27;

  private static final List<UfShape> ALL = read();

  private UfShapes() {}

  /** The 27 outlines, in the file's order (by the UF's name). */
  public static List<UfShape> all() {
    return ALL;
  }

  private static List<UfShape> read() {
    try (InputStream in = UfShapes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("error: resource " + RESOURCE + " is missing");
      }
      List<UfShape> shapes = new ArrayList<>();
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 3) {
          throw new IllegalStateException(
              "error: " + RESOURCE + ": expected UF, name and path, got: " + line);
        }
        shapes.add(new UfShape(fields[0], fields[1], fields[2]));
      }
      if (shapes.size() != COUNT) {
        throw new IllegalStateException(
            "error: " + RESOURCE + ": expected " + COUNT + " UFs, got " + shapes.size());
      }
      return List.copyOf(shapes);
    } catch (IOException e) {
      throw new UncheckedIOException("error: cannot read " + RESOURCE, e);
    }
  }
}
