package dev.waggle.adapters.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: RFC 3339 timestamps as the MCP Registry API writes and reads them — UTC with
 * {@code Z}, fractional seconds only as long as they need to be.
 */
final class Rfc3339 {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
  // RFC 3339 section 5.6: seconds and a zone are required; 'T' and 'Z' may be lower case.
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
  // An unencoded '+' in a query string arrives as a space; the offset is what the caller meant.
  private static final Pattern SPACE_FOR_PLUS = Pattern.compile(" (\\d{2}:\\d{2})$");

  private Rfc3339() {}

  static String format(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(32);
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      text.append(SECONDS.format(utc));
    } else {
      // Written by hand: a snapshot formats three of these per version, and the formatter and
      // String.format allocated more than everything else in building it.
      digits(text, year, 4).append('-');
      digits(text, utc.getMonthValue(), 2).append('-');
      digits(text, utc.getDayOfMonth(), 2).append('T');
      digits(text, utc.getHour(), 2).append(':');
      digits(text, utc.getMinute(), 2).append(':');
      digits(text, utc.getSecond(), 2);
    }
    int nanos = utc.getNano();
    if (nanos != 0) {
      // The fractional seconds only as long as they need to be.
      int places = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        places--;
      }
      digits(text.append('.'), nanos, places);
    }
    return text.append('Z').toString();
  }

  /** Appends {@code value} as {@code width} decimal digits, zero-padded. */
  private static StringBuilder digits(StringBuilder text, int value, int width) {
    int unit = 1;
    for (int i = 1; i < width; i++) {
      unit *= 10;
    }
    for (; unit > 0; unit /= 10) {
      text.append((char) ('0' + value / unit % 10));
    }
    return text;
  }

  /** Parses an RFC 3339 date-time with a zone; empty when the text is not one. */
  static Optional<Instant> parse(String text) {
    String candidate = SPACE_FOR_PLUS.matcher(text).replaceFirst("+$1");
    if (!DATE_TIME.matcher(candidate).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(
                  candidate.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
