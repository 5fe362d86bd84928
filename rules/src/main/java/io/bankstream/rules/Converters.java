package io.bankstream.rules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The rules commands' own option types, each refused with a message that shows how to write it. */
final class Converters {

  private Converters() {}

  /** An ISO-8601 instant with its zone: {@code 2026-12-05T12:30:00Z} or {@code ...-03:00}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      String text = value.strip();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notUtc) {
        try {
          return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
          throw new TypeConversionException(
              "'"
                  + value
                  + "' is not an instant: write ISO-8601 with its zone, e.g."
                  + " 2026-12-05T12:30:00Z or 2026-12-05T09:30:00-03:00");
        }
      }
    }
  }

  /** A published version's number: a whole number from 1. */
  static final class VersionConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int number = Integer.parseInt(value.strip());
        if (number >= 1) {
          return number;
        }
      } catch (NumberFormatException e) {
        // Refused below, with the same words.
      }
      throw new TypeConversionException(
          "'" + value + "' is not a rules version number: write a whole number from 1, e.g. 3");
    }
  }
}
