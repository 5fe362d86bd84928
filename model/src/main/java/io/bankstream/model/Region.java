package io.bankstream.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The 27 federative units of Brazil (26 states and the Federal District), keyed by their two-letter
 * UF code as used in {@code id_regiao}. Each carries its name, the coordinates of its capital (used
 * by the risk score's distance component) and its population in millions from the 2022 census (used
 * by the producer to weight home regions). This enum is the single source of the {@code regioes}
 * reference table.
 */
public enum Region {
  AC("Acre", -9.97, -67.82, 0.83),
  AL("Alagoas", -9.67, -35.74, 3.1),
  AP("Amapá", 0.03, -51.07, 0.73),
  AM("Amazonas", -3.12, -60.02, 3.9),
  BA("Bahia", -12.97, -38.50, 14.1),
  CE("Ceará", -3.73, -38.53, 8.8),
  DF("Distrito Federal", -15.79, -47.88, 2.8),
  ES("Espírito Santo", -20.32, -40.31, 3.8),
  GO("Goiás", -16.69, -49.26, 7.1),
  MA("Maranhão", -2.53, -44.31, 6.8),
  MT("Mato Grosso", -15.60, -56.10, 3.7),
  MS("Mato Grosso do Sul", -20.47, -54.62, 2.8),
  MG("Minas Gerais", -19.92, -43.93, 20.5),
  PA("Pará", -1.46, -48.49, 8.1),
  PB("Paraíba", -7.12, -34.85, 4.0),
  PR("Paraná", -25.43, -49.27, 11.4),
  PE("Pernambuco", -8.05, -34.88, 9.1),
  PI("Piauí", -5.09, -42.80, 3.3),
  RJ("Rio de Janeiro", -22.91, -43.17, 16.1),
  RN("Rio Grande do Norte", -5.79, -35.21, 3.3),
  RS("Rio Grande do Sul", -30.03, -51.22, 10.9),
  RO("Rondônia", -8.76, -63.90, 1.6),
  RR("Roraima", 2.82, -60.68, 0.64),
  SC("Santa Catarina", -27.60, -48.55, 7.6),
  SP("São Paulo", -23.55, -46.63, 44.4),
  SE("Sergipe", -10.95, -37.07, 2.2),
  TO("Tocantins", -10.25, -48.32, 1.5);

  private static final double EARTH_RADIUS_KM = 6371.0088;

  private final String displayName;
  private final double latitude;
  private final double longitude;
  private final double populationMillions;

  Region(String displayName, double latitude, double longitude, double populationMillions) {
    this.displayName = displayName;
    this.latitude = latitude;
    this.longitude = longitude;
    this.populationMillions = populationMillions;
  }

  /** The UF code, as written in {@code id_regiao}. */
  public String code() {
    return name();
  }

  public String displayName() {
    return displayName;
  }

  /** Latitude of the capital, in degrees. */
  public double latitude() {
    return latitude;
  }

  /** Longitude of the capital, in degrees. */
  public double longitude() {
    return longitude;
  }

  /** Population in millions, 2022 census. */
  public double populationMillions() {
    return populationMillions;
  }

  /**
   * Great-circle (haversine) distance in kilometres between this UF's capital and {@code other}'s.
   */
  public double distanceKm(Region other) {
    double phi1 = Math.toRadians(latitude);
    double phi2 = Math.toRadians(other.latitude);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(other.longitude - longitude);
    double a =
        Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }

  /** The region for a UF code, case-insensitive and trimmed; empty for anything else. */
  public static Optional<Region> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String normalized = code.trim().toUpperCase(Locale.ROOT);
    for (Region region : values()) {
      if (region.name().equals(normalized)) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }
}
