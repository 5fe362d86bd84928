package io.bankstream.producer.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate in records per second: a positive number, or {@code unlimited} (as infinity). */
public final class RateConverter implements ITypeConverter<Double> {

  @Override
  public Double convert(String value) {
    if ("unlimited".equalsIgnoreCase(value.trim())) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double rate = Double.parseDouble(value.trim());
      if (rate > 0 && Double.isFinite(rate)) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new TypeConversionException(
        "'"
            + value
            + "' is not a rate: write a positive number of records per second, or unlimited");
  }
}
